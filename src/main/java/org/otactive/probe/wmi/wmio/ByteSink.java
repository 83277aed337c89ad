package org.otactive.probe.wmi.wmio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable little-endian byte buffer that can patch what it already holds. Not thread-safe. */
final class ByteSink {
  private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

  int size() {
    return buf.position();
  }

  private ByteBuffer room(int n) {
    if (buf.remaining() < n) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
          .order(ByteOrder.LITTLE_ENDIAN);
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
    return buf;
  }

  ByteSink u8(int v) {
    room(1).put((byte) v);
    return this;
  }

  ByteSink u16(int v) {
    room(2).putShort((short) v);
    return this;
  }

  ByteSink u32(int v) {
    room(4).putInt(v);
    return this;
  }

  ByteSink u64(long v) {
    room(8).putLong(v);
    return this;
  }

  ByteSink bytes(byte[] b) {
    room(b.length).put(b);
    return this;
  }

  /** Reserves {@code n} octets filled with {@code fill}; returns where they start. */
  int reserve(int n, int fill) {
    int at = size();
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) fill);
    bytes(b);
    return at;
  }

  void patch32(int at, int v) {
    buf.putInt(at, v);
  }

  void patch(int at, byte[] b) {
    buf.put(at, b);
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf.array(), buf.position());
  }
}

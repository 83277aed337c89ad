package org.otactive.probe.wmi.rpc;

import java.io.IOException;
import java.time.Duration;
import org.otactive.probe.StreamConnection;
import org.otactive.safety.Blocked;

/**
 * A connection that flips one bit of a chosen written frame, or of a chosen read, counted from the
 * end: how the tests corrupt a signature in flight.
 */
final class TamperingStream implements StreamConnection {
  private final StreamConnection inner;
  private final int writeToCorrupt;
  private final int readToCorrupt;
  private final int fromEnd;
  private int writes;
  private int reads;

  private TamperingStream(StreamConnection inner, int writeToCorrupt, int readToCorrupt, int fromEnd) {
    this.inner = inner;
    this.writeToCorrupt = writeToCorrupt;
    this.readToCorrupt = readToCorrupt;
    this.fromEnd = fromEnd;
  }

  /** Corrupts the {@code n}th write (from 1), {@code fromEnd} bytes before its end. */
  static TamperingStream corruptWrite(StreamConnection inner, int n, int fromEnd) {
    return new TamperingStream(inner, n, -1, fromEnd);
  }

  /** Corrupts the {@code n}th read (from 1; a frame is two reads: header, then the rest). */
  static TamperingStream corruptRead(StreamConnection inner, int n, int fromEnd) {
    return new TamperingStream(inner, -1, n, fromEnd);
  }

  @Override
  public void write(byte[] bytes) throws Blocked, InterruptedException, IOException {
    byte[] out = bytes;
    if (++writes == writeToCorrupt) {
      out = bytes.clone();
      out[out.length - fromEnd] ^= 0x01;
    }
    inner.write(out);
  }

  @Override
  public byte[] readFully(int n, Duration timeout) throws IOException {
    byte[] in = inner.readFully(n, timeout);
    if (++reads == readToCorrupt) in[in.length - fromEnd] ^= 0x01;
    return in;
  }

  @Override
  public void close() {
    inner.close();
  }
}

package org.otactive.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The small pieces packed values are made of: the store's (run result blocks, a device's latest
 * values) and a run's results set aside on disk. Varints, texts and times in microseconds, written
 * to a growing byte array and read back with a cursor that names what it reads in its errors. Pure.
 */
public final class Packing {
  private Packing() {}

  /** Microseconds since the epoch: the precision the store's timestamps keep. */
  public static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  public static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static void varint(Writer out, long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** How many bytes {@link #varint} writes for {@code v}. */
  public static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** How many bytes {@link #signed} writes for {@code v}. */
  public static int signedSize(long v) {
    return varintSize((v << 1) ^ (v >> 63));
  }

  /** A signed value as a varint (zigzag: small magnitudes stay short). */
  public static void signed(Writer out, long v) {
    varint(out, (v << 1) ^ (v >> 63));
  }

  /** A text as its UTF-8 length (varint) and bytes. */
  public static void text(Writer out, String s) {
    // Short ASCII texts (addresses, names, outcome words: nearly all) go straight in, without an
    // array of their own: a first scan packs several per device.
    if (s.length() < 0x80 && out.ascii(s)) return;
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(out, b.length);
    out.write(b, 0, b.length);
  }

  /**
   * A growing byte array to pack into: a {@code ByteArrayOutputStream} without its lock on every
   * byte (the writer packs a value per device and a result per target, a few dozen bytes each).
   */
  public static final class Writer {
    private byte[] b;
    private int size;

    public Writer(int expected) {
      b = new byte[Math.max(16, expected)];
    }

    public void write(int x) {
      if (size == b.length) b = Arrays.copyOf(b, b.length * 2);
      b[size++] = (byte) x;
    }

    public void write(byte[] bytes, int off, int len) {
      if (size + len > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, size + len));
      System.arraycopy(bytes, off, b, size, len);
      size += len;
    }

    /**
     * Packs {@code s} as {@link #text} does when it is ASCII and shorter than 128 characters (its
     * length in one byte, then a byte per character); false, with nothing packed, when it is not.
     */
    boolean ascii(String s) {
      int n = s.length();
      if (size + n + 1 > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, size + n + 1));
      int at = size + 1;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) return false;
        b[at + i] = (byte) c;
      }
      b[size] = (byte) n;
      size = at + n;
      return true;
    }

    public void write(Writer other) {
      write(other.b, 0, other.size);
    }

    public int size() {
      return size;
    }

    /** Empties it for another value, keeping its array. */
    public void reset() {
      size = 0;
    }

    public byte[] toByteArray() {
      return Arrays.copyOf(b, size);
    }

    /**
     * What was packed, without a copy when it fills the array exactly (a writer made with the
     * exact size); the writer is not written to after.
     */
    public byte[] finish() {
      return size == b.length ? b : Arrays.copyOf(b, size);
    }

    /** Writes what was packed to {@code out}, without a copy. */
    public void writeTo(java.io.OutputStream out) throws java.io.IOException {
      out.write(b, 0, size);
    }
  }

  /** A cursor over packed bytes; {@code what} names them in the error a damaged value raises. */
  public static final class Reader {
    private final byte[] b;
    private final String what;
    private int pos;

    public Reader(byte[] b, String what) {
      this.b = b;
      this.what = what;
    }

    public boolean atEnd() {
      return pos >= b.length;
    }

    public int u8() {
      if (pos >= b.length) throw new IllegalStateException(what + " cut short");
      return b[pos++] & 0xff;
    }

    /** Skips {@code n} bytes; returns where they start. */
    public int skip(int n) {
      int at = pos;
      if (n < 0 || pos + n > b.length) throw new IllegalStateException(what + " cut short");
      pos += n;
      return at;
    }

    public long varint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) return v;
      }
      throw new IllegalStateException("bad varint in " + what);
    }

    public long signed() {
      long z = varint();
      return (z >>> 1) ^ -(z & 1);
    }

    public String text() {
      int len = (int) varint();
      return new String(b, skip(len), len, StandardCharsets.UTF_8);
    }

    /** The next {@code n} bytes, copied. */
    public byte[] bytes(int n) {
      int at = skip(n);
      return Arrays.copyOfRange(b, at, at + n);
    }
  }
}

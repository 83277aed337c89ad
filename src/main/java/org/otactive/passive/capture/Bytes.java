package org.otactive.passive.capture;

/** Reads unsigned integers from byte arrays, big- and little-endian. Callers check bounds first. */
public final class Bytes {
  private Bytes() {}

  public static int u8(byte[] b, int at) {
    return b[at] & 0xFF;
  }

  public static int be16(byte[] b, int at) {
    return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
  }

  public static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  public static long be32(byte[] b, int at) {
    return (long) be16(b, at) << 16 | be16(b, at + 2);
  }

  public static long le32(byte[] b, int at) {
    return le16(b, at) | (long) le16(b, at + 2) << 16;
  }

  /** A 32-bit unsigned integer in the given byte order. */
  public static long u32(byte[] b, int at, boolean bigEndian) {
    return bigEndian ? be32(b, at) : le32(b, at);
  }

  public static int u16(byte[] b, int at, boolean bigEndian) {
    return bigEndian ? be16(b, at) : le16(b, at);
  }

  /** Six bytes as a MAC address number (48 bits). */
  public static long mac(byte[] b, int at) {
    return be32(b, at) << 16 | be16(b, at + 4);
  }

  /** True when {@code length} bytes from {@code at} lie inside {@code limit}. */
  public static boolean fits(int at, int length, int limit) {
    return at >= 0 && length >= 0 && at <= limit - length;
  }
}

package org.otactive.probe.wmi.ntlm;

/** Little-endian helpers; callers check bounds first. */
final class Bytes {
  private Bytes() {}

  static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  static int le32(byte[] b, int at) {
    return le16(b, at) | le16(b, at + 2) << 16;
  }

  static long le64(byte[] b, int at) {
    return (le32(b, at) & 0xFFFF_FFFFL) | (long) le32(b, at + 4) << 32;
  }

  static byte[] le16(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8)};
  }

  static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  static byte[] le64(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) b[i] = (byte) (v >>> (8 * i));
    return b;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}

package org.otactive.probe.wmi.rpc;

import java.util.UUID;

/** GUIDs in their little-endian wire form (Data1, Data2, Data3 little-endian; Data4 as is). */
final class Guids {
  private Guids() {}

  static byte[] encode(UUID u) {
    long hi = u.getMostSignificantBits();
    long lo = u.getLeastSignificantBits();
    byte[] b = new byte[16];
    int d1 = (int) (hi >>> 32);
    int d2 = (int) (hi >>> 16) & 0xFFFF;
    int d3 = (int) hi & 0xFFFF;
    b[0] = (byte) d1;
    b[1] = (byte) (d1 >>> 8);
    b[2] = (byte) (d1 >>> 16);
    b[3] = (byte) (d1 >>> 24);
    b[4] = (byte) d2;
    b[5] = (byte) (d2 >>> 8);
    b[6] = (byte) d3;
    b[7] = (byte) (d3 >>> 8);
    for (int i = 0; i < 8; i++) b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    return b;
  }

  /** Reads 16 bytes at {@code at}; the caller checks bounds. */
  static UUID decode(byte[] b, int at) {
    long d1 = (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    long d2 = (b[at + 4] & 0xFFL) | (b[at + 5] & 0xFFL) << 8;
    long d3 = (b[at + 6] & 0xFFL) | (b[at + 7] & 0xFFL) << 8;
    long lo = 0;
    for (int i = 0; i < 8; i++) lo = lo << 8 | (b[at + 8 + i] & 0xFFL);
    return new UUID(d1 << 32 | d2 << 16 | d3, lo);
  }
}

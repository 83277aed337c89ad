package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * ISO transport over TCP (RFC 1006 TPKT, version 3) carrying an ISO 8073 COTP data TPDU (0xF0),
 * as Siemens S7 uses on port 102 (ISO-TSAP).
 */
final class Tpkt {
  private Tpkt() {}

  /** The offset of the COTP data TPDU's user data in a TPKT at {@code at}, or -1. */
  static int userData(byte[] b, int at, int length) {
    if (length < 8 || b[at] != 3 || b[at + 1] != 0) return -1;
    int tpkt = Bytes.be16(b, at + 2);
    if (tpkt < 8 || tpkt > length) return -1;
    int li = b[at + 4] & 0xFF; // COTP length indicator: the header after this byte
    if (li != 2 || (b[at + 5] & 0xFF) != 0xF0) return -1;
    return at + 7;
  }
}

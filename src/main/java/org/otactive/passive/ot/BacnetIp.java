package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * BACnet/IP (ASHRAE 135, Annex J and clauses 6, 20): a BVLC header (type 0x81, function 0x00-0x0B,
 * length = the datagram), then for the NPDU-carrying functions an NPDU (version 1, control, optional
 * destination and source specifiers) and an APDU. The APDU type tells the sender's role: a
 * confirmed request or Who-Is/Who-Has comes from a client; an ack, error or reject, and I-Am,
 * I-Have and notifications come from the device that serves.
 */
public final class BacnetIp implements Recogniser {
  @Override
  public OtProtocol protocol() {
    return OtProtocol.BACNET;
  }

  @Override
  public int port() {
    return 47808;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    if (length < 4 || (b[at] & 0xFF) != 0x81) return null;
    int function = b[at + 1] & 0xFF;
    if (function > 0x0B || Bytes.be16(b, at + 2) != length) return null;
    int end = at + length;
    int p;
    switch (function) {
      case 0x09, 0x0A, 0x0B -> p = at + 4;
      case 0x04 -> p = at + 10; // forwarded NPDU: the original sender's B/IP address first
      default -> {
        return Role.EITHER; // BVLC control messages
      }
    }
    if (p + 2 > end || b[p] != 1) return null;
    int control = b[p + 1] & 0xFF;
    p += 2;
    if ((control & 0x20) != 0) { // destination specifier
      if (p + 3 > end) return null;
      p += 3 + (b[p + 2] & 0xFF);
    }
    if ((control & 0x08) != 0) { // source specifier
      if (p + 3 > end) return null;
      p += 3 + (b[p + 2] & 0xFF);
    }
    if ((control & 0x20) != 0) p++; // hop count
    if ((control & 0x80) != 0) return p <= end ? Role.EITHER : null; // network-layer message
    if (p >= end) return null;
    int type = (b[p] & 0xF0) >> 4;
    return switch (type) {
      case 0 -> Role.CLIENT;
      case 1 -> {
        if (p + 2 > end) yield null;
        int service = b[p + 1] & 0xFF;
        yield switch (service) {
          case 0, 1, 2, 3, 4 -> Role.SERVER; // I-Am, I-Have, COV and event notifications
          case 7, 8 -> Role.CLIENT; // Who-Has, Who-Is
          default -> service <= 11 ? Role.EITHER : null;
        };
      }
      case 2, 3, 5, 6 -> Role.SERVER;
      case 4, 7 -> Role.EITHER;
      default -> null;
    };
  }
}

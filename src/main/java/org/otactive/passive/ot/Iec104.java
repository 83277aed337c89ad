package org.otactive.passive.ot;

/**
 * IEC 60870-5-104 (§5): APDUs of a start byte 0x68, a length of 4-253 and four control octets; the
 * payload must hold whole APDUs. An S-frame is 0x01 0x00 with sequence numbers; a U-frame sets
 * exactly one function (STARTDT, STOPDT or TESTFR, act or con) and nothing else; an I-frame carries
 * an ASDU. STARTDT/STOPDT act come from the controlling station (client), con from the controlled
 * station; an I-frame's cause of transmission activation (6) or deactivation (8) comes from the
 * controlling station, every other cause from the controlled one.
 */
public final class Iec104 implements Recogniser {
  @Override
  public OtProtocol protocol() {
    return OtProtocol.IEC104;
  }

  @Override
  public int port() {
    return 2404;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    int end = at + length;
    int p = at;
    Role role = null;
    if (length < 6) return null;
    while (p < end) {
      if (p + 6 > end || (b[p] & 0xFF) != 0x68) return null;
      int apdu = b[p + 1] & 0xFF;
      if (apdu < 4 || apdu > 253 || p + 2 + apdu > end) return null;
      Role r = frame(b, p + 2, apdu);
      if (r == null) return null;
      if (role == null || role == Role.EITHER) role = r;
      p += 2 + apdu;
    }
    return role;
  }

  private static Role frame(byte[] b, int c, int apdu) {
    int c1 = b[c] & 0xFF;
    if ((c1 & 0x01) == 0) { // I-frame: type id, variable structure, cause of transmission, ...
      if (apdu < 4 + 6) return null;
      int type = b[c + 4] & 0xFF;
      int cause = b[c + 6] & 0x3F;
      if (type == 0 || cause == 0) return null;
      return cause == 6 || cause == 8 ? Role.CLIENT : Role.SERVER;
    }
    if (apdu != 4) return null;
    if ((c1 & 0x03) == 0x01) return c1 == 0x01 && b[c + 1] == 0 && (b[c + 2] & 0x01) == 0 ? Role.EITHER : null;
    if (b[c + 1] != 0 || b[c + 2] != 0 || b[c + 3] != 0) return null;
    return switch (c1) {
      case 0x07, 0x13 -> Role.CLIENT; // STARTDT act, STOPDT act
      case 0x0B, 0x23 -> Role.SERVER; // STARTDT con, STOPDT con
      case 0x43, 0x83 -> Role.EITHER; // TESTFR act, con
      default -> null;
    };
  }
}

package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * EtherNet/IP encapsulation (CIP Vol. 2, ch. 2): a 24-byte little-endian header (command, length of
 * the data after it, session handle, status, sender context, options = 0) with one of the
 * commands ListServices 0x04, ListIdentity 0x63, ListInterfaces 0x64, RegisterSession 0x65,
 * UnRegisterSession 0x66, SendRRData 0x6F or SendUnitData 0x70. The payload must hold whole
 * messages. A List* command without data is a request (client); with data, the reply (server).
 */
public final class EnipEncapsulation implements Recogniser {
  @Override
  public OtProtocol protocol() {
    return OtProtocol.ENIP;
  }

  @Override
  public int port() {
    return 44818;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    int end = at + length;
    int p = at;
    Role role = null;
    if (length < 24) return null;
    while (p < end) {
      if (!Bytes.fits(p, 24, end)) return null;
      int command = Bytes.le16(b, p);
      int data = Bytes.le16(b, p + 2);
      if (Bytes.le32(b, p + 20) != 0 || !Bytes.fits(p + 24, data, end)) return null;
      Role r = switch (command) {
        case 0x04, 0x63, 0x64 -> data == 0 ? Role.CLIENT : Role.SERVER;
        case 0x65, 0x66, 0x6F, 0x70 -> Role.EITHER;
        default -> null;
      };
      if (r == null) return null;
      if (role == null) role = r;
      p += 24 + data;
    }
    return role;
  }
}

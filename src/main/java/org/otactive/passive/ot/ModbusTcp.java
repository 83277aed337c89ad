package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * Modbus/TCP (Modbus Messaging on TCP/IP Implementation Guide v1.0b, §3.1.3): every ADU is a
 * 7-byte MBAP header (transaction id, protocol id 0, length of the rest, unit id) and a PDU whose
 * first byte is a public or user-defined function code, or an exception (code | 0x80, one byte of
 * exception code). The payload must hold whole ADUs. Requests and responses share the shape, so
 * the bytes do not tell the sender's role.
 */
public final class ModbusTcp implements Recogniser {
  @Override
  public OtProtocol protocol() {
    return OtProtocol.MODBUS;
  }

  @Override
  public int port() {
    return 502;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    int end = at + length;
    int p = at;
    if (length < 8) return null;
    while (p < end) {
      if (!Bytes.fits(p, 8, end) || Bytes.be16(b, p + 2) != 0) return null;
      int rest = Bytes.be16(b, p + 4); // unit id + PDU
      if (rest < 2 || rest > 254 || !Bytes.fits(p + 6, rest, end)) return null;
      int code = b[p + 7] & 0xFF;
      if (code >= 0x80) {
        if (rest != 3 || !isFunction(code & 0x7F)) return null;
      } else if (!isFunction(code)) {
        return null;
      }
      p += 6 + rest;
    }
    return Role.EITHER;
  }

  /** Public function codes (§5.1 of the application protocol v1.1b3) and the user-defined ranges. */
  static boolean isFunction(int code) {
    return switch (code) {
      case 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 15, 16, 17, 20, 21, 22, 23, 24, 43 -> true;
      default -> (code >= 65 && code <= 72) || (code >= 100 && code <= 110);
    };
  }
}

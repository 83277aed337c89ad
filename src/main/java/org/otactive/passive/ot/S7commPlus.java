package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * S7comm-plus (S7-1200/1500): a COTP data TPDU (see {@link Tpkt}) whose user data starts with
 * protocol id 0x72, a protocol version (1, 2, 3, or 0xFE for keep-alive) and the data length; the
 * opcode after it is 0x31 for a request (from the client) and 0x32 for a response.
 */
public final class S7commPlus implements Recogniser {
  @Override
  public OtProtocol protocol() {
    return OtProtocol.S7COMM_PLUS;
  }

  @Override
  public int port() {
    return 102;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    int p = Tpkt.userData(b, at, length);
    int end = at + length;
    if (p < 0 || p + 4 > end || (b[p] & 0xFF) != 0x72) return null;
    int version = b[p + 1] & 0xFF;
    if (version != 1 && version != 2 && version != 3 && version != 0xFE) return null;
    int dataLength = Bytes.be16(b, p + 2);
    if (dataLength == 0 || p + 4 + dataLength > end) return null;
    if (version == 0xFE || p + 5 > end) return Role.EITHER;
    return switch (b[p + 4]) {
      case 0x31 -> Role.CLIENT;
      case 0x32 -> Role.SERVER;
      case 0x33 -> Role.EITHER;
      default -> null;
    };
  }
}

package org.otactive.passive.ot;

/**
 * S7comm: a COTP data TPDU (see {@link Tpkt}) whose user data starts with protocol id 0x32 and a
 * message type (ROSCTR) of 1 job (from the client), 2 ack or 3 ack-data (from the PLC), or 7
 * userdata (either way).
 */
public final class S7comm implements Recogniser {
  @Override
  public OtProtocol protocol() {
    return OtProtocol.S7COMM;
  }

  @Override
  public int port() {
    return 102;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    int p = Tpkt.userData(b, at, length);
    if (p < 0 || p + 10 > at + length || (b[p] & 0xFF) != 0x32) return null;
    return switch (b[p + 1]) {
      case 1 -> Role.CLIENT;
      case 2, 3 -> Role.SERVER;
      case 7 -> Role.EITHER;
      default -> null;
    };
  }
}

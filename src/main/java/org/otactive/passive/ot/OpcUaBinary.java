package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * OPC UA binary over TCP (OPC 10000-6, §7.1.2): an 8-byte header of a message type (HEL, ACK, ERR,
 * RHE, OPN, MSG, CLO), a chunk type (F final, C continued, A abort) and the message size. Hello
 * comes from the client; Acknowledge, Error and ReverseHello from the server; the secure channel
 * messages flow both ways.
 */
public final class OpcUaBinary implements Recogniser {
  /** The largest message size plausible in a first chunk (the default MaxMessageSize is 16 MiB). */
  static final long MAX_SIZE = 16L << 20;

  @Override
  public OtProtocol protocol() {
    return OtProtocol.OPCUA;
  }

  @Override
  public int port() {
    return 4840;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    if (length < 8) return null;
    char chunk = (char) b[at + 3];
    if (chunk != 'F' && chunk != 'C' && chunk != 'A') return null;
    long size = Bytes.le32(b, at + 4);
    if (size < 8 || size > MAX_SIZE) return null;
    String type = new String(b, at, 3, java.nio.charset.StandardCharsets.ISO_8859_1);
    boolean whole = size <= length;
    return switch (type) {
      case "HEL" -> chunk == 'F' && size >= 32 && whole ? Role.CLIENT : null;
      case "ACK" -> chunk == 'F' && size >= 28 && whole ? Role.SERVER : null;
      case "ERR", "RHE" -> chunk == 'F' && size >= 16 && whole ? Role.SERVER : null;
      case "OPN", "MSG", "CLO" -> size >= 12 ? Role.EITHER : null;
      default -> null;
    };
  }
}

package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * CIP I/O, EtherNet/IP's implicit (class 0/1) messaging over UDP (CIP Vol. 2, §2-6 and §3-3): a
 * Common Packet Format with two items, a Sequenced Address item (type 0x8002, 8 bytes: connection
 * id and sequence number) and a Connected Data item (type 0x00B1) that runs to the end of the
 * datagram. Producers on both ends send the same shape.
 */
public final class CipIo implements Recogniser {
  @Override
  public OtProtocol protocol() {
    return OtProtocol.CIP_IO;
  }

  @Override
  public int port() {
    return 2222;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    if (length < 2 + 4 + 8 + 4) return null;
    if (Bytes.le16(b, at) != 2 || Bytes.le16(b, at + 2) != 0x8002 || Bytes.le16(b, at + 4) != 8) return null;
    int data = at + 14;
    if (Bytes.le16(b, data) != 0x00B1) return null;
    return Bytes.le16(b, data + 2) == length - 18 ? Role.EITHER : null;
  }
}

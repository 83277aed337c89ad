package org.otactive.passive.ot;

import org.otactive.passive.capture.Bytes;

/**
 * DNP3 (IEEE 1815) over TCP or UDP: a link-layer frame starting 0x05 0x64, a length of at least 5,
 * control, destination and source, and a CRC over those eight bytes (CRC-16/DNP, §9.2.6 of the
 * standard). The control byte's DIR bit is set on frames from the master (the client) and clear on
 * frames from an outstation.
 */
public final class Dnp3 implements Recogniser {
  @Override
  public OtProtocol protocol() {
    return OtProtocol.DNP3;
  }

  @Override
  public int port() {
    return 20000;
  }

  @Override
  public Role recognise(byte[] b, int at, int length) {
    if (length < 10 || (b[at] & 0xFF) != 0x05 || (b[at + 1] & 0xFF) != 0x64 || (b[at + 2] & 0xFF) < 5) return null;
    if (crc(b, at, 8) != Bytes.le16(b, at + 8)) return null;
    return (b[at + 3] & 0x80) != 0 ? Role.CLIENT : Role.SERVER;
  }

  /** CRC-16/DNP: polynomial 0x3D65, reflected, initial 0, final complement. */
  static int crc(byte[] b, int at, int length) {
    int crc = 0;
    for (int i = at; i < at + length; i++) {
      crc ^= b[i] & 0xFF;
      for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA6BC : crc >>> 1;
    }
    return ~crc & 0xFFFF;
  }
}

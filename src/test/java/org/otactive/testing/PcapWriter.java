package org.otactive.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds Ethernet/IPv4/TCP-UDP frames and writes them as a little-endian microsecond pcap (tests only). */
public final class PcapWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private long micros = 1_780_000_000_000_000L;

  public PcapWriter() {
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
    out.writeBytes(h.array());
  }

  public PcapWriter frame(byte[] frame) {
    ByteBuffer h = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    micros += 1000;
    h.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length).putInt(frame.length);
    out.writeBytes(h.array());
    out.writeBytes(frame);
    return this;
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  public static byte[] ethernet(long src, long dst, int type, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(Math.max(60, 14 + payload.length));
    b.put(mac(dst)).put(mac(src)).putShort((short) type).put(payload);
    return b.array();
  }

  public static byte[] mac(long mac) {
    byte[] m = new byte[6];
    for (int i = 0; i < 6; i++) m[i] = (byte) (mac >>> (40 - 8 * i));
    return m;
  }

  /** An IPv4 packet (header checksum filled) carrying a TCP segment or UDP datagram. */
  public static byte[] ipv4(int src, int dst, int protocol, int srcPort, int dstPort, int tcpFlags, byte[] payload) {
    int l4 = protocol == 6 ? 20 : 8;
    ByteBuffer b = ByteBuffer.allocate(20 + l4 + payload.length);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + l4 + payload.length)).putShort((short) 1).putShort((short) 0x4000)
        .put((byte) 64).put((byte) protocol).putShort((short) 0).putInt(src).putInt(dst);
    int sum = 0;
    for (int i = 0; i < 20; i += 2) sum += (b.array()[i] & 0xFF) << 8 | (b.array()[i + 1] & 0xFF);
    while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >>> 16);
    b.putShort(10, (short) ~sum);
    b.putShort((short) srcPort).putShort((short) dstPort);
    if (protocol == 6) {
      b.putInt(1000).putInt(tcpFlags == 0x02 ? 0 : 1).put((byte) 0x50).put((byte) tcpFlags).putShort((short) 65535)
          .putShort((short) 0).putShort((short) 0);
    } else {
      b.putShort((short) (8 + payload.length)).putShort((short) 0);
    }
    b.put(payload);
    return b.array();
  }

  public static byte[] hex(String hex) {
    return java.util.HexFormat.of().parseHex(hex.replaceAll("[\\s|]", ""));
  }
}

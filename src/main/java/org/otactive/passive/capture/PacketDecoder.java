package org.otactive.passive.capture;

/**
 * Finds the link, network and transport layers of a frame. Pure; never throws on any bytes.
 *
 * <p>Link types: Ethernet (1) with 802.1Q/802.1ad tags, Linux cooked capture v1 (113) and v2
 * (276), raw IP (101, 228, 229) and BSD loopback (0). IPv4 fragments after the first carry no
 * transport header; IPv6 extension headers (hop-by-hop, routing, fragment, destination options)
 * are skipped.
 */
public final class PacketDecoder {
  public static final int ETHERNET = 1;
  public static final int NULL = 0;
  public static final int RAW = 101;
  public static final int RAW_OPENBSD = 12;
  public static final int RAW_V4 = 228;
  public static final int RAW_V6 = 229;
  public static final int SLL = 113;
  public static final int SLL2 = 276;

  public static final int IPV4 = 0x0800;
  public static final int IPV6 = 0x86DD;
  public static final int ARP = 0x0806;

  private PacketDecoder() {}

  /** The frame's layers; a frame of an unknown link type or too short is a packet with no layers. */
  public static Packet decode(Frame f) {
    byte[] b = f.data();
    int n = b.length;
    long srcMac = -1;
    long dstMac = -1;
    int type = -1;
    int at;
    switch (f.linkType()) {
      case ETHERNET -> {
        if (n < 14) return empty(f);
        dstMac = Bytes.mac(b, 0);
        srcMac = Bytes.mac(b, 6);
        type = Bytes.be16(b, 12);
        at = 14;
        for (int tags = 0; (type == 0x8100 || type == 0x88A8 || type == 0x9100) && tags < 4; tags++) {
          if (n < at + 4) return empty(f);
          type = Bytes.be16(b, at + 2);
          at += 4;
        }
        if (type <= 1500) return new Packet(f, srcMac, dstMac, -1, at, null, null, -1, -1, -1, 0, at, 0);
      }
      case SLL -> {
        if (n < 16) return empty(f);
        if (Bytes.be16(b, 2) == 1 && Bytes.be16(b, 4) == 6) srcMac = Bytes.mac(b, 6);
        type = Bytes.be16(b, 14);
        at = 16;
      }
      case SLL2 -> {
        if (n < 20) return empty(f);
        type = Bytes.be16(b, 0);
        if (Bytes.be16(b, 8) == 1 && (b[11] & 0xFF) == 6) srcMac = Bytes.mac(b, 12);
        at = 20;
      }
      case RAW, RAW_OPENBSD, RAW_V4, RAW_V6 -> {
        if (n < 1) return empty(f);
        type = (b[0] & 0xF0) == 0x60 ? IPV6 : IPV4;
        at = 0;
      }
      case NULL -> {
        if (n < 4) return empty(f);
        // the address family in the capturing host's byte order: 2 is IPv4, 24/28/30 IPv6
        int family = Math.max(Bytes.le16(b, 0), Bytes.be16(b, 2));
        type = family == 2 ? IPV4 : (family == 24 || family == 28 || family == 30) ? IPV6 : -1;
        at = 4;
      }
      default -> {
        return empty(f);
      }
    }
    if (type == IPV4) return ipv4(f, srcMac, dstMac, at);
    if (type == IPV6) return ipv6(f, srcMac, dstMac, at);
    return new Packet(f, srcMac, dstMac, type, at, null, null, -1, -1, -1, 0, at, 0);
  }

  private static Packet empty(Frame f) {
    return new Packet(f, -1, -1, -1, 0, null, null, -1, -1, -1, 0, 0, 0);
  }

  private static Packet ipv4(Frame f, long srcMac, long dstMac, int at) {
    byte[] b = f.data();
    if (b.length < at + 20 || (b[at] & 0xF0) != 0x40) return new Packet(f, srcMac, dstMac, IPV4, at, null, null, -1, -1, -1, 0, at, 0);
    int ihl = (b[at] & 0x0F) * 4;
    int total = Bytes.be16(b, at + 2);
    Ip src = Ip.v4(b, at + 12);
    Ip dst = Ip.v4(b, at + 16);
    if (ihl < 20 || total < ihl) return new Packet(f, srcMac, dstMac, IPV4, at, src, dst, -1, -1, -1, 0, at, 0);
    int end = Math.min(b.length, at + total);
    boolean laterFragment = (Bytes.be16(b, at + 6) & 0x1FFF) != 0;
    int protocol = b[at + 9] & 0xFF;
    if (laterFragment) return new Packet(f, srcMac, dstMac, IPV4, at, src, dst, -1, -1, -1, 0, at, 0);
    return transport(f, srcMac, dstMac, IPV4, at, src, dst, protocol, at + ihl, end);
  }

  private static Packet ipv6(Frame f, long srcMac, long dstMac, int at) {
    byte[] b = f.data();
    if (b.length < at + 40 || (b[at] & 0xF0) != 0x60) return new Packet(f, srcMac, dstMac, IPV6, at, null, null, -1, -1, -1, 0, at, 0);
    Ip src = Ip.v6(b, at + 8);
    Ip dst = Ip.v6(b, at + 24);
    int end = Math.min(b.length, at + 40 + Bytes.be16(b, at + 4));
    int next = b[at + 6] & 0xFF;
    int p = at + 40;
    for (int hops = 0; hops < 8 && (next == 0 || next == 43 || next == 44 || next == 60); hops++) {
      if (p + 8 > end) return new Packet(f, srcMac, dstMac, IPV6, at, src, dst, -1, -1, -1, 0, at, 0);
      if (next == 44 && (Bytes.be16(b, p + 2) & 0xFFF8) != 0) {
        return new Packet(f, srcMac, dstMac, IPV6, at, src, dst, -1, -1, -1, 0, at, 0); // a later fragment
      }
      int length = next == 44 ? 8 : (b[p + 1] & 0xFF) * 8 + 8;
      next = b[p] & 0xFF;
      p += length;
    }
    return transport(f, srcMac, dstMac, IPV6, at, src, dst, next, p, end);
  }

  private static Packet transport(Frame f, long srcMac, long dstMac, int type, int l3, Ip src, Ip dst, int protocol,
      int at, int end) {
    byte[] b = f.data();
    // A header length (IPv4's IHL, an IPv6 extension header's) may point past the packet's end:
    // the transport layer then starts, empty, at the end.
    at = Math.min(at, end);
    if (protocol == Packet.TCP && at + 20 <= end) {
      int header = ((b[at + 12] & 0xF0) >> 4) * 4;
      if (header >= 20 && at + header <= end) {
        return new Packet(f, srcMac, dstMac, type, l3, src, dst, Packet.TCP, Bytes.be16(b, at), Bytes.be16(b, at + 2),
            b[at + 13] & 0x3F, at + header, end - at - header);
      }
    } else if (protocol == Packet.UDP && at + 8 <= end) {
      int length = Bytes.be16(b, at + 4);
      int stop = length >= 8 ? Math.min(end, at + length) : end;
      return new Packet(f, srcMac, dstMac, type, l3, src, dst, Packet.UDP, Bytes.be16(b, at), Bytes.be16(b, at + 2), 0,
          at + 8, stop - at - 8);
    }
    return new Packet(f, srcMac, dstMac, type, l3, src, dst, -1, -1, -1, 0, at, 0);
  }
}

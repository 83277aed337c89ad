package org.otactive.passive.names;

import org.otactive.passive.capture.Bytes;
import org.otactive.passive.capture.Ip;

/**
 * The sender of an ARP packet (RFC 826) for IPv4 over Ethernet: its hardware and protocol address,
 * which the sender states about itself. A probe (RFC 5227) has sender address 0.0.0.0: null.
 */
public record Arp(long senderMac, Ip senderIp) {
  public static Arp read(byte[] b, int at, int length) {
    if (length < 28 || Bytes.be16(b, at) != 1 || Bytes.be16(b, at + 2) != 0x0800 || b[at + 4] != 6 || b[at + 5] != 4) {
      return null;
    }
    Ip ip = Ip.v4(b, at + 14);
    return ip.lo() == 0 ? null : new Arp(Bytes.mac(b, at + 8), ip);
  }
}

package org.otactive.passive.names;

import org.otactive.passive.capture.Bytes;
import org.otactive.passive.capture.Ip;

/**
 * A DHCP (BOOTP) message (RFC 2131 §2, options RFC 2132): who asks (the client's hardware address),
 * which address it has, asks for or is given, and its host name (option 12).
 *
 * @param fromClient BOOTREQUEST (op 1) rather than BOOTREPLY
 * @param type the DHCP message type (option 53: 1 DISCOVER, 3 REQUEST, 5 ACK, ...), 0 when absent
 * @param clientMac the client's Ethernet address, or -1 when the hardware type is not Ethernet
 * @param clientAddress ciaddr, or null when 0.0.0.0
 * @param yourAddress yiaddr (the address the server gives), or null
 * @param requested option 50, or null
 * @param hostName option 12, or null
 */
public record Dhcp(boolean fromClient, int type, long clientMac, Ip clientAddress, Ip yourAddress, Ip requested,
    byte[] hostName) {
  public static final int ACK = 5;
  static final long MAGIC = 0x63825363L;

  /** The message in a UDP payload, or null when it is not one. */
  public static Dhcp read(byte[] b, int at, int length) {
    int end = at + length;
    if (length < 240 || Bytes.be32(b, at + 236) != MAGIC) return null;
    int op = b[at] & 0xFF;
    if (op != 1 && op != 2) return null;
    long mac = (b[at + 1] == 1 && b[at + 2] == 6) ? Bytes.mac(b, at + 28) : -1;
    int type = 0;
    Ip requested = null;
    byte[] host = null;
    int p = at + 240;
    while (p < end) {
      int code = b[p] & 0xFF;
      if (code == 255) break;
      if (code == 0) {
        p++;
        continue;
      }
      if (p + 2 > end) break;
      int len = b[p + 1] & 0xFF;
      int v = p + 2;
      if (v + len > end) break;
      if (code == 53 && len == 1) type = b[v] & 0xFF;
      else if (code == 50 && len == 4) requested = nonZero(Ip.v4(b, v));
      else if (code == 12 && len > 0) host = java.util.Arrays.copyOfRange(b, v, v + len);
      p = v + len;
    }
    return new Dhcp(op == 1, type, mac, nonZero(Ip.v4(b, at + 12)), nonZero(Ip.v4(b, at + 16)), requested, host);
  }

  private static Ip nonZero(Ip ip) {
    return ip.lo() == 0 ? null : ip;
  }
}

package org.otactive.scope;

import org.otactive.common.Text;
import org.otactive.common.BadInputException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;

/** Parsing and canonical text of single addresses, the key of a device in the inventory. */
public final class Addresses {
  private Addresses() {}

  /**
   * Parses one literal address, never a host name (nothing is looked up).
   *
   * @throws BadInputException naming the text when it is not one address
   */
  public static InetAddress parse(String text) {
    IPAddress a = text == null ? null : new IPAddressString(text.strip(), AddressSet.STRICT).getAddress();
    if (a == null || a.isPrefixed() || a.isMultiple() || text.isBlank()) {
      throw new BadInputException("not an IP address: '" + Text.printable(text) + "'");
    }
    return a.toInetAddress();
  }

  /** Canonical text: dotted quad for IPv4, RFC 5952 compressed form for IPv6. */
  public static String canonical(InetAddress address) {
    return IPAddressFactory.from(address).toCanonicalString();
  }

  /** A sort key that orders IPv4 before IPv6 and numerically within each family. */
  public static String sortKey(InetAddress address) {
    byte[] b = address.getAddress();
    StringBuilder sb = new StringBuilder(b.length == 4 ? "4" : "6");
    for (byte x : b) sb.append(String.format("%02x", x & 0xff));
    return sb.toString();
  }
}

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
    // IPv4 by hand, its digits into a byte array: a scan's writer and listing ask this for every
    // target, the library builds an address object with its segments each time, and appending
    // numbers to a builder cost them a twentieth of their time each (bench/RESULTS.md).
    byte[] b = address.getAddress();
    if (b.length == 4) {
      byte[] text = new byte[15];
      int n = 0;
      for (int i = 0; i < 4; i++) {
        if (i > 0) text[n++] = '.';
        int v = b[i] & 0xff;
        if (v >= 100) text[n++] = (byte) ('0' + v / 100);
        if (v >= 10) text[n++] = (byte) ('0' + v / 10 % 10);
        text[n++] = (byte) ('0' + v % 10);
      }
      return new String(text, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
    return IPAddressFactory.from(address).toCanonicalString();
  }

  /** A sort key that orders IPv4 before IPv6 and numerically within each family. */
  public static String sortKey(InetAddress address) {
    byte[] b = address.getAddress();
    return (b.length == 4 ? "4" : "6") + HEX.formatHex(b);
  }

  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  /**
   * Sorts {@code items} by their address ({@link #sortKey} order), stably, parsing each address
   * once: a comparator that parsed on every comparison cost a listing of thousands of devices
   * most of its time.
   *
   * @throws BadInputException when an item's address is not one address
   */
  public static <T> void sortByAddress(java.util.List<T> items, java.util.function.Function<? super T, String> address) {
    java.util.List<Keyed<T>> keyed = new java.util.ArrayList<>(items.size());
    for (T t : items) keyed.add(new Keyed<>(sortKey(parse(address.apply(t))), t));
    keyed.sort(java.util.Comparator.comparing(Keyed::key));
    for (int i = 0; i < keyed.size(); i++) items.set(i, keyed.get(i).item());
  }

  private record Keyed<T>(String key, T item) {}
}

package org.otactive.netcheck;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.otactive.scope.AddressSet;

/**
 * A site's scope cut where the routing may change (at the edges of every route prefix that falls
 * inside it), each piece with the route the kernel picks for its first address; neighbouring
 * pieces with the same route joined. So {@code 203.0.113.0/24} with a route for its lower half
 * only reads as {@code 203.0.113.0/25 via …} and {@code 203.0.113.128/25: no route}.
 */
public final class RouteMap {
  private RouteMap() {}

  /** A piece of the scope: its text (CIDR blocks where exact), the range, and its route. */
  public record Piece(String addresses, IPAddressSeqRange range, Route route) {}

  public static List<Piece> of(AddressSet scope, RouteTable table) {
    List<IPAddressSeqRange> prefixes = table.prefixes();
    List<Piece> out = new ArrayList<>();
    for (String spec : scope.specs()) {
      IPAddressSeqRange range = AddressSet.parseRange(spec);
      BigInteger lo = range.getLower().getValue();
      BigInteger hi = range.getUpper().getValue();
      TreeSet<BigInteger> cuts = new TreeSet<>();
      for (IPAddressSeqRange p : prefixes) {
        if (p.getLower().isIPv4() != range.getLower().isIPv4()) continue;
        BigInteger a = p.getLower().getValue();
        BigInteger b = p.getUpper().getValue().add(BigInteger.ONE);
        if (a.compareTo(lo) > 0 && a.compareTo(hi) <= 0) cuts.add(a);
        if (b.compareTo(lo) > 0 && b.compareTo(hi) <= 0) cuts.add(b);
      }
      BigInteger start = lo;
      List<BigInteger> ends = new ArrayList<>(cuts);
      ends.add(hi.add(BigInteger.ONE));
      for (BigInteger next : ends) {
        IPAddressSeqRange piece = range(range, start, next.subtract(BigInteger.ONE));
        Route route = table.lookup(piece.getLower().toInetAddress());
        Piece last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.route().equals(route) && adjacent(last.range(), piece)) {
          IPAddressSeqRange joined = last.range().getLower().spanWithRange(piece.getUpper());
          out.set(out.size() - 1, new Piece(text(joined), joined, route));
        } else {
          out.add(new Piece(text(piece), piece, route));
        }
        start = next;
      }
    }
    return out;
  }

  private static boolean adjacent(IPAddressSeqRange a, IPAddressSeqRange b) {
    return a.getLower().isIPv4() == b.getLower().isIPv4()
        && a.getUpper().getValue().add(BigInteger.ONE).equals(b.getLower().getValue());
  }

  private static IPAddressSeqRange range(IPAddressSeqRange family, BigInteger from, BigInteger to) {
    return address(family, from).spanWithRange(address(family, to));
  }

  private static IPAddress address(IPAddressSeqRange family, BigInteger value) {
    byte[] raw = value.toByteArray();
    int size = family.getLower().isIPv4() ? 4 : 16;
    byte[] b = new byte[size];
    int copy = Math.min(raw.length, size);
    System.arraycopy(raw, raw.length - copy, b, size - copy, copy);
    try {
      return new IPAddressString(java.net.InetAddress.getByAddress(b).getHostAddress()).getAddress();
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** The range as CIDR blocks where it is exactly a few of them, else {@code a-b}. */
  public static String text(IPAddressSeqRange r) {
    IPAddress[] blocks = r.spanWithPrefixBlocks();
    if (blocks.length <= 4) {
      List<String> parts = new ArrayList<>();
      for (IPAddress b : blocks) {
        parts.add(b.isSinglePrefixBlock() && b.getPrefixLength() != null && b.getPrefixLength() < b.getBitCount()
            ? b.toCanonicalString() : b.withoutPrefixLength().toCanonicalString());
      }
      return String.join(",", parts);
    }
    return r.getLower().withoutPrefixLength().toCanonicalString() + "-" + r.getUpper().withoutPrefixLength().toCanonicalString();
  }
}

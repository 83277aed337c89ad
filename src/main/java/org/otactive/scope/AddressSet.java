package org.otactive.scope;

import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressSeqRange;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.IncompatibleAddressException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A set of IPv4 and IPv6 addresses: included ranges minus excluded ranges.
 *
 * <p>Accepts every form the IPAddress library knows for one address or a CIDR block
 * ({@code 10.0.0.0/24}, {@code 10.0.0.7/24} meaning its whole block, {@code 10.0.0.0/255.255.255.0},
 * {@code fd00::/120}), segment ranges ({@code 10.0.0.1-20}) and {@code a-b} ranges between two
 * addresses ({@code 10.0.0.1-10.0.1.20}). Immutable and thread-safe; iteration is in address order,
 * IPv4 before IPv6, each address once even when ranges overlap.
 */
public final class AddressSet implements Iterable<InetAddress> {
  private static final AddressSet EMPTY = new AddressSet(List.of());

  /**
   * Strict forms only: no inet_aton shorthands, where {@code 010.1.2.3} means 8.1.2.3 and
   * {@code 10.1} means 10.0.0.1; a user who writes a leading zero means a decimal number.
   */
  static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
      .allowEmpty(false)
      .allowAll(false)
      .allowSingleSegment(false)
      .allowPrefixOnly(false)
      .allow_inet_aton(false)
      .toParams();

  /** Disjoint, sorted ranges. */
  private final List<IPAddressSeqRange> ranges;
  /** The IPv4 ranges again as numbers, for look-ups and iteration on every packet's path. */
  private final long[] v4Lower;
  private final long[] v4Upper;

  private AddressSet(List<IPAddressSeqRange> ranges) {
    this.ranges = List.copyOf(ranges);
    List<IPAddressSeqRange> v4 = ranges.stream().filter(r -> r.getLower().isIPv4()).toList();
    v4Lower = new long[v4.size()];
    v4Upper = new long[v4.size()];
    for (int i = 0; i < v4.size(); i++) {
      v4Lower[i] = v4.get(i).getLower().getValue().longValue();
      v4Upper[i] = v4.get(i).getUpper().getValue().longValue();
    }
  }

  private static long v4Value(byte[] b) {
    return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
  }

  private static InetAddress v4Address(long v) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    } catch (java.net.UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public static AddressSet empty() {
    return EMPTY;
  }

  /** Parses the included specs and removes the excluded ones. */
  public static AddressSet of(List<String> include, List<String> exclude) {
    List<IPAddressSeqRange> in = new ArrayList<>();
    for (String spec : include) in.add(parseRange(spec));
    List<IPAddressSeqRange> joined = join(in);
    for (String spec : exclude) {
      IPAddressSeqRange out = parseRange(spec);
      List<IPAddressSeqRange> next = new ArrayList<>();
      for (IPAddressSeqRange r : joined) {
        if (r.getLower().isIPv4() != out.getLower().isIPv4() || !r.overlaps(out)) {
          next.add(r);
        } else {
          next.addAll(Arrays.asList(r.subtract(out)));
        }
      }
      joined = next;
    }
    return new AddressSet(joined);
  }

  public static AddressSet of(String... include) {
    return of(List.of(include), List.of());
  }

  /**
   * Parses one range spec.
   *
   * @throws BadInputException naming the spec when it is not an address, CIDR block or range
   */
  public static IPAddressSeqRange parseRange(String spec) {
    String s = spec == null ? "" : spec.strip();
    if (s.isEmpty() || s.contains("*") || s.contains("_")) {
      throw new BadInputException("not an address, CIDR block or range: '" + Text.printable(spec) + "'");
    }
    int dash = s.indexOf('-');
    if (dash > 0 && s.indexOf('-', dash + 1) < 0) {
      IPAddress lower = addressOrNull(s.substring(0, dash));
      IPAddress upper = addressOrNull(s.substring(dash + 1));
      if (lower != null && upper != null) {
        if (lower.isIPv4() != upper.isIPv4()) {
          throw new BadInputException("range mixes IPv4 and IPv6: '" + Text.printable(spec) + "'");
        }
        if (lower.compareTo(upper) > 0) {
          throw new BadInputException("range ends before it starts: '" + Text.printable(spec) + "'");
        }
        return lower.spanWithRange(upper);
      }
    }
    try {
      IPAddressString parsed = new IPAddressString(s, STRICT);
      IPAddress address = parsed.toAddress();
      if (address == null) throw new AddressStringException("empty");
      if (address.isPrefixed()) address = address.toPrefixBlock();
      if (!address.isSequential()) {
        throw new BadInputException("not a contiguous range: '" + Text.printable(spec) + "'");
      }
      return address.toSequentialRange();
    } catch (AddressStringException | IncompatibleAddressException e) {
      throw new BadInputException("not an address, CIDR block or range: '" + Text.printable(spec) + "'");
    }
  }

  private static IPAddress addressOrNull(String text) {
    IPAddressString parsed = new IPAddressString(text.strip(), STRICT);
    IPAddress a = parsed.getAddress();
    return a == null || a.isPrefixed() || a.isMultiple() ? null : a;
  }

  private static List<IPAddressSeqRange> join(List<IPAddressSeqRange> in) {
    List<IPAddressSeqRange> v4 = in.stream().filter(r -> r.getLower().isIPv4()).toList();
    List<IPAddressSeqRange> v6 = in.stream().filter(r -> !r.getLower().isIPv4()).toList();
    List<IPAddressSeqRange> out = new ArrayList<>();
    for (List<IPAddressSeqRange> family : List.of(v4, v6)) {
      if (family.isEmpty()) continue;
      IPAddressSeqRange[] merged = IPAddressSeqRange.join(family.toArray(IPAddressSeqRange[]::new));
      Arrays.sort(merged, (a, b) -> a.getLower().compareTo(b.getLower()));
      out.addAll(Arrays.asList(merged));
    }
    return out;
  }


  public boolean contains(InetAddress address) {
    if (address instanceof java.net.Inet4Address) {
      long v = v4Value(address.getAddress());
      int lo = 0;
      int hi = v4Lower.length - 1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (v < v4Lower[mid]) hi = mid - 1;
        else if (v > v4Upper[mid]) lo = mid + 1;
        else return true;
      }
      return false;
    }
    IPAddress a = IPAddressFactory.from(address);
    for (IPAddressSeqRange r : ranges) {
      if (r.getLower().isIPv4() == a.isIPv4() && r.contains(a)) return true;
    }
    return false;
  }

  /** The addresses of this set that are not in {@code other}. */
  public AddressSet minus(AddressSet other) {
    if (other.isEmpty() || isEmpty()) return this;
    return of(specs(), other.specs());
  }

  /** The addresses in either set. */
  public AddressSet union(AddressSet other) {
    if (other.isEmpty()) return this;
    if (isEmpty()) return other;
    List<String> both = new ArrayList<>(specs());
    both.addAll(other.specs());
    return of(both, List.of());
  }

  /** The addresses in both sets. */
  public AddressSet intersection(AddressSet other) {
    if (isEmpty() || other.isEmpty()) return EMPTY;
    return minus(minus(other));
  }

  /** Whether every address of {@code other} is in this set. */
  public boolean containsAll(AddressSet other) {
    return other.minus(this).isEmpty();
  }

  /** Whether some address is in both sets. */
  public boolean intersects(AddressSet other) {
    return !isEmpty() && !other.isEmpty() && minus(other).size().compareTo(size()) < 0;
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  /** How many addresses the set holds; IPv6 sets can be astronomically large. */
  public BigInteger size() {
    BigInteger n = BigInteger.ZERO;
    for (IPAddressSeqRange r : ranges) n = n.add(r.getCount());
    return n;
  }

  @Override
  public Iterator<InetAddress> iterator() {
    return new Iterator<>() {
      private int v4Index = 0;
      private long v4Next = v4Lower.length > 0 ? v4Lower[0] : 0;
      private int index = v4Lower.length; // IPv6 ranges follow the IPv4 ones
      private Iterator<? extends IPAddress> current = null;

      @Override
      public boolean hasNext() {
        if (v4Index < v4Lower.length) return true;
        while (current == null || !current.hasNext()) {
          if (index >= ranges.size()) return false;
          current = ranges.get(index++).iterator();
        }
        return true;
      }

      @Override
      public InetAddress next() {
        if (!hasNext()) throw new NoSuchElementException();
        if (v4Index < v4Lower.length) {
          InetAddress a = v4Address(v4Next);
          if (v4Next == v4Upper[v4Index]) {
            v4Index++;
            if (v4Index < v4Lower.length) v4Next = v4Lower[v4Index];
          } else {
            v4Next++;
          }
          return a;
        }
        return current.next().toInetAddress();
      }
    };
  }

  /** The set as range specs that {@link #of(List, List)} reads back: {@code a} or {@code a-b}. */
  public List<String> specs() {
    return ranges.stream()
        .map(r -> r.getCount().equals(BigInteger.ONE)
            ? r.getLower().toCanonicalString()
            : r.getLower().withoutPrefixLength().toCanonicalString() + "-"
                + r.getUpper().withoutPrefixLength().toCanonicalString())
        .toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressSet other && specs().equals(other.specs());
  }

  @Override
  public int hashCode() {
    return specs().hashCode();
  }

  @Override
  public String toString() {
    return String.join(",", specs());
  }
}

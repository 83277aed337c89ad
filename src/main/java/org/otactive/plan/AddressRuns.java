package org.otactive.plan;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;

/**
 * Addresses given in ascending order, kept as runs of consecutive addresses that share a label
 * (a verdict, a reason): {@code 10.0.0.1-10.0.0.9 (9)}. Not thread-safe.
 */
final class AddressRuns<L> {
  /** One run: first and last address, how many, the label they share, and how many were marked. */
  record Run<L>(InetAddress first, InetAddress last, long count, L label, long marked) {
    /** {@code 10.0.0.7} or {@code 10.0.0.1-10.0.0.9}, as {@link AddressSet} reads it back. */
    String spec() {
      return count == 1 ? Addresses.canonical(first) : Addresses.canonical(first) + "-" + Addresses.canonical(last);
    }
  }

  private final List<Run<L>> runs = new ArrayList<>();
  private InetAddress first;
  private InetAddress last;
  private BigInteger lastValue;
  private long count;
  private long marked;
  private L label;

  void add(InetAddress address, L label) {
    add(address, label, false);
  }

  /** Adds an address; {@code mark} counts it among the run's marked ones (devices of the inventory). */
  void add(InetAddress address, L label, boolean mark) {
    BigInteger v = new BigInteger(1, address.getAddress());
    boolean sameFamily = last != null && last.getAddress().length == address.getAddress().length;
    if (last != null && sameFamily && v.equals(lastValue.add(BigInteger.ONE)) && Objects.equals(label, this.label)) {
      last = address;
      lastValue = v;
      count++;
      if (mark) marked++;
      return;
    }
    close();
    first = address;
    last = address;
    lastValue = v;
    count = 1;
    marked = mark ? 1 : 0;
    this.label = label;
  }

  private void close() {
    if (first != null) runs.add(new Run<>(first, last, count, label, marked));
    first = null;
  }

  List<Run<L>> runs() {
    close();
    return List.copyOf(runs);
  }

  static <L> long total(List<Run<L>> runs) {
    return runs.stream().mapToLong(Run::count).sum();
  }

  static <L> AddressSet set(List<Run<L>> runs) {
    return runs.isEmpty() ? AddressSet.empty() : AddressSet.of(runs.stream().map(Run::spec).toList(), List.of());
  }
}

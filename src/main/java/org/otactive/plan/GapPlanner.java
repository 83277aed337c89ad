package org.otactive.plan;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.otactive.probe.KnownDevice;
import org.otactive.probe.Probe;
import org.otactive.probe.Target;

/**
 * The minimal plan, one address at a time: which methods are worth asking about it given what is
 * known ({@code Method#gaps}), which of them can ask here (configured on the site, and applying to
 * the address: a DNS server serves it), and the smallest set of those that fills every gap they
 * can fill together. Pure: it sends nothing and reads nothing but what it is given. Thread-safe.
 *
 * <p>The cover is exact, not greedy: a site has a handful of methods, so every subset of the
 * usable ones is tried, smallest first. Among covers of the same size it prefers enabled methods,
 * then lower impact (asking a DNS server before a device), then fewer packets, then registry
 * order, so the choice is stable from run to run.
 */
public final class GapPlanner {
  /** Past this many usable methods an address is covered greedily (2^n subsets would not be cheap). */
  static final int EXACT_LIMIT = 12;

  private final List<SiteMethod> methods;
  private final List<Probe> probes = new ArrayList<>();
  private final Function<InetAddress, KnownDevice> known;

  /**
   * @param methods every registered method as the site has it, in registry order
   * @param known what is known about an address ({@link KnownDevice#unknown} when nothing)
   */
  public GapPlanner(List<SiteMethod> methods, Function<InetAddress, KnownDevice> known) {
    this.methods = List.copyOf(methods);
    this.known = known;
    for (SiteMethod m : this.methods) probes.add(m.isConfigured() ? m.configured().probe() : null);
  }

  public List<SiteMethod> methods() {
    return methods;
  }

  /** The plan of one address. */
  public AddressPlan plan(InetAddress address) {
    KnownDevice k = known.apply(address);
    Map<String, Set<String>> gaps = new LinkedHashMap<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<Integer> usable = new ArrayList<>();
    Target target = new Target(address);
    for (int i = 0; i < methods.size(); i++) {
      SiteMethod m = methods.get(i);
      Set<String> g = m.method().gaps(k);
      if (g.isEmpty()) continue;
      gaps.put(m.id(), g);
      if (!m.isConfigured()) {
        unavailable.put(m.id(), "not configured on the site");
      } else if (!probes.get(i).appliesTo(target)) {
        unavailable.put(m.id(), m.configured().whyNotAsked(address).orElse("does not apply to it"));
      } else {
        usable.add(i);
      }
    }
    Set<String> fillable = new LinkedHashSet<>();
    for (int i : usable) fillable.addAll(gaps.get(methods.get(i).id()));
    List<Integer> chosen = usable.size() <= EXACT_LIMIT ? exact(usable, gaps, fillable) : greedy(usable, gaps, fillable);
    List<String> cover = new ArrayList<>();
    Set<String> disabled = new HashSet<>();
    for (int i : chosen) {
      cover.add(methods.get(i).id());
      if (!methods.get(i).enabled()) disabled.add(methods.get(i).id());
    }
    Set<String> unfilled = new LinkedHashSet<>();
    gaps.values().forEach(unfilled::addAll);
    unfilled.removeAll(fillable);
    return new AddressPlan(address, k, gaps, cover, disabled, unavailable, unfilled);
  }

  /** Whether the minimal plan asks {@code method} about {@code address}. */
  public boolean asks(String method, InetAddress address) {
    return plan(address).asks(method);
  }

  /** The addresses of {@code scope} the minimal plan asks {@code method} about, in order, lazily. */
  public Iterable<InetAddress> targets(org.otactive.scope.AddressSet scope, String method) {
    return org.otactive.common.Filtered.of(scope, a -> asks(method, a));
  }

  /** How many addresses of {@code scope} the minimal plan asks {@code method} about. */
  public long count(org.otactive.scope.AddressSet scope, String method) {
    long n = 0;
    for (InetAddress ignored : targets(scope, method)) n++;
    return n;
  }

  private List<Integer> exact(List<Integer> usable, Map<String, Set<String>> gaps, Set<String> fillable) {
    int n = usable.size();
    List<Integer> best = null;
    long bestCost = Long.MAX_VALUE;
    int bestSize = Integer.MAX_VALUE;
    for (int mask = 1; mask < (1 << n); mask++) {
      int size = Integer.bitCount(mask);
      if (size > bestSize) continue;
      Set<String> union = new HashSet<>();
      List<Integer> pick = new ArrayList<>(size);
      for (int b = 0; b < n; b++) {
        if ((mask & (1 << b)) != 0) {
          pick.add(usable.get(b));
          union.addAll(gaps.get(methods.get(usable.get(b)).id()));
        }
      }
      if (!union.containsAll(fillable)) continue;
      long cost = cost(pick);
      if (size < bestSize || cost < bestCost) {
        best = pick;
        bestSize = size;
        bestCost = cost;
      }
    }
    return best == null ? List.of() : best;
  }

  /** Smaller is better: disabled methods, then impact, then packets per target (registry order breaks ties via mask order). */
  private long cost(List<Integer> pick) {
    long disabled = 0;
    long impact = 0;
    long packets = 0;
    for (int i : pick) {
      SiteMethod m = methods.get(i);
      if (!m.enabled()) disabled++;
      impact += m.configured().spec().impact().ordinal();
      packets += m.configured().spec().packetsPerTarget();
    }
    return disabled * 1_000_000_000L + impact * 1_000_000L + Math.min(packets, 999_999L);
  }

  private List<Integer> greedy(List<Integer> usable, Map<String, Set<String>> gaps, Set<String> fillable) {
    Set<String> left = new HashSet<>(fillable);
    List<Integer> out = new ArrayList<>();
    while (!left.isEmpty()) {
      int best = -1;
      int bestGain = 0;
      for (int i : usable) {
        Set<String> g = new HashSet<>(gaps.get(methods.get(i).id()));
        g.retainAll(left);
        if (g.size() > bestGain) {
          best = i;
          bestGain = g.size();
        }
      }
      out.add(best);
      left.removeAll(gaps.get(methods.get(best).id()));
    }
    out.sort(null);
    return out;
  }
}

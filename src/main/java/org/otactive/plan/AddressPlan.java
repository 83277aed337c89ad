package org.otactive.plan;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.otactive.probe.KnownDevice;

/**
 * What one address of a site needs: the gaps each method could fill there, the smallest set of
 * methods that fills every gap a usable method can fill (the cover), and why the others cannot.
 *
 * @param known what every source already knows about it
 * @param gaps per method (registry order) that is worth asking about it, the attributes it would fill
 * @param cover the methods the minimal plan asks about it, in registry order
 * @param disabled the methods of {@code cover} that are configured but disabled on the site
 * @param unavailable per method with gaps that cannot ask about it here, why (not configured on the
 *     site; no DNS server serves it)
 * @param unfilled the gaps no usable method fills
 */
public record AddressPlan(InetAddress address, KnownDevice known, Map<String, Set<String>> gaps, List<String> cover,
    Set<String> disabled, Map<String, String> unavailable, Set<String> unfilled) {
  public AddressPlan {
    gaps = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gaps));
    cover = List.copyOf(cover);
    disabled = Set.copyOf(disabled);
    unavailable = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(unavailable));
    unfilled = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(unfilled));
  }

  /** Whether the minimal plan asks {@code method} about this address. */
  public boolean asks(String method) {
    return cover.contains(method);
  }

  /** Whether no method has anything to learn here. */
  public boolean unnecessary() {
    return gaps.isEmpty();
  }

  /** Whether some method would learn something here but none can ask. */
  public boolean helpless() {
    return !gaps.isEmpty() && cover.isEmpty();
  }

  /** Every gap of every method, in order. */
  public Set<String> allGaps() {
    Set<String> out = new LinkedHashSet<>();
    gaps.values().forEach(out::addAll);
    return out;
  }

  /** The gaps the cover fills. */
  public Set<String> filled() {
    Set<String> out = new LinkedHashSet<>();
    for (String m : cover) out.addAll(gaps.get(m));
    return out;
  }

  /**
   * In words: {@code active monitoring unnecessary}; {@code needs rdns}; {@code needs rdns, wem
   * (disabled); os-caption left: wem: not configured on the site}; {@code no method can help: rdns:
   * no DNS server serves it}.
   */
  public String verdict() {
    if (unnecessary()) return "active monitoring unnecessary";
    if (cover.isEmpty()) return "no method can help: " + reasons(unavailable.keySet());
    List<String> named = new ArrayList<>();
    for (String m : cover) named.add(disabled.contains(m) ? m + " (disabled)" : m);
    String v = "needs " + String.join(", ", named);
    if (!unfilled.isEmpty()) {
      Set<String> who = new LinkedHashSet<>();
      for (var e : gaps.entrySet()) {
        if (unavailable.containsKey(e.getKey()) && e.getValue().stream().anyMatch(unfilled::contains)) who.add(e.getKey());
      }
      v += "; " + String.join(", ", unfilled) + " left: " + reasons(who);
    }
    return v;
  }

  private String reasons(Set<String> methods) {
    List<String> parts = new ArrayList<>();
    for (String m : methods) parts.add(m + ": " + unavailable.get(m));
    return String.join("; ", parts);
  }

  /** The gaps as text: {@code rdns: hostname, fqdn; wem: os-caption}. */
  public String gapsText() {
    List<String> parts = new ArrayList<>();
    gaps.forEach((m, g) -> parts.add(m + ": " + String.join(", ", g)));
    return String.join("; ", parts);
  }
}

package org.otactive.probe;

import java.net.InetAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What is already known about one address, from every source (passive imports, earlier runs of
 * any method), as a method's {@link Method#worthAsking} predicate sees it. Immutable.
 *
 * <p>Example: {@code 10.20.0.7} with {@code hostname} from {@code passive} ({@code hmi-7}) and
 * {@code ot-client} from {@code passive} ({@code modbus}). An address nothing is known about has
 * no attribute at all ({@link #isUnknown}).
 *
 * @param address the device's address
 * @param values attribute → source → that source's latest value
 */
public record KnownDevice(InetAddress address, Map<String, Map<String, String>> values) {
  public KnownDevice {
    Objects.requireNonNull(address, "address");
    Map<String, Map<String, String>> copy = new TreeMap<>();
    values.forEach((attribute, bySource) -> {
      if (!bySource.isEmpty()) copy.put(attribute, Collections.unmodifiableMap(new TreeMap<>(bySource)));
    });
    values = Collections.unmodifiableMap(copy);
  }

  /** An address nothing is known about. */
  public static KnownDevice unknown(InetAddress address) {
    return new KnownDevice(address, Map.of());
  }

  /** Whether nothing at all is known about the address. */
  public boolean isUnknown() {
    return values.isEmpty();
  }

  /** Whether some source knows the attribute. */
  public boolean has(String attribute) {
    return values.containsKey(attribute);
  }

  /** The attributes known, sorted. */
  public Set<String> attributes() {
    return values.keySet();
  }

  /** Every source's value of the attribute (empty when unknown), in source order. */
  public List<String> values(String attribute) {
    return List.copyOf(values.getOrDefault(attribute, Map.of()).values());
  }

  /** The sources that know the attribute, sorted. */
  public Set<String> sources(String attribute) {
    return values.getOrDefault(attribute, Map.of()).keySet();
  }
}

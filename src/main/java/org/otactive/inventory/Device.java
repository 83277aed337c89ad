package org.otactive.inventory;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A device of the inventory, keyed by address (and MAC when known), with the latest value of each
 * attribute from each source that reported it (provenance: an active method and a passive import
 * each keep their own value).
 */
public record Device(
    String address, String mac, Instant firstSeen, Instant lastSeen, List<AttributeValue> latest) {
  public Device {
    latest = List.copyOf(latest);
  }

  /** The attribute's value most recently confirmed by any source. */
  public Optional<AttributeValue> latest(String attribute) {
    return latest.stream().filter(a -> a.attribute().equals(attribute))
        .max(Comparator.comparing(AttributeValue::lastSeen));
  }

  /** The attribute's latest value from one source. */
  public Optional<AttributeValue> latest(String attribute, String source) {
    return latest.stream().filter(a -> a.attribute().equals(attribute) && a.source().equals(source)).findFirst();
  }
}

package org.otactive.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A device of the inventory, keyed by address (and MAC when known), with the latest value of each
 * attribute.
 */
public record Device(
    String address, String mac, Instant firstSeen, Instant lastSeen, List<AttributeValue> latest) {
  public Device {
    latest = List.copyOf(latest);
  }

  public Optional<AttributeValue> latest(String attribute) {
    return latest.stream().filter(a -> a.attribute().equals(attribute)).findFirst();
  }
}

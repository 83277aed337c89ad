package org.otactive.passive;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one import learned about one device, before it is stored as observations with source
 * {@code passive}.
 *
 * @param address canonical IP address, the inventory's key
 * @param firstSeen first time the device was seen, or null when the input does not say
 * @param lastSeen last time the device was seen, or null
 * @param facts attribute name to value and where it came from ({@code mac}, {@code vendor},
 *     {@code hostname}, {@code ot-server}, {@code ot-client}, and from CSV exports also {@code os},
 *     {@code firmware}, {@code type}, {@code protocols}); first/last seen are not among them
 */
public record PassiveDevice(String address, Instant firstSeen, Instant lastSeen, Map<String, Fact> facts) {
  public PassiveDevice {
    facts = java.util.Collections.unmodifiableMap(new TreeMap<>(facts));
  }

  /** A value and where it came from, e.g. {@code "DHCP option 12, frame 17 of plant.pcapng"}. */
  public record Fact(String value, String detail) {}
}

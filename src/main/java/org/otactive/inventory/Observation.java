package org.otactive.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * One thing learned about a device: an attribute's value, the method that learned it, and when.
 *
 * @param address canonical address text of the device (see {@code scope.Addresses#canonical})
 * @param attribute attribute name, e.g. {@code hostname}, {@code fqdn}
 * @param value the value, already sanitised by the method that produced it
 * @param source the method that learned it, e.g. {@code rdns}
 * @param detail where exactly it came from, e.g. the DNS server that answered; may be empty
 * @param observedAt when it was learned
 */
public record Observation(
    String address, String attribute, String value, String source, String detail, Instant observedAt) {
  public Observation {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(observedAt, "observedAt");
    detail = detail == null ? "" : detail;
  }
}

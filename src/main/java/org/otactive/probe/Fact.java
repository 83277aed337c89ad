package org.otactive.probe;

import java.util.Objects;

/**
 * One attribute value a probe learned about its target.
 *
 * @param attribute attribute name, e.g. {@code fqdn}
 * @param value the value, sanitised: printable, no markup or control characters
 * @param detail where it came from, e.g. the server that answered
 */
public record Fact(String attribute, String value, String detail) {
  public Fact {
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(value, "value");
    detail = detail == null ? "" : detail;
  }
}

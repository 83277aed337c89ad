package org.otactive.inventory;

import java.time.Instant;

/**
 * A device attribute that took a new value. {@code oldValue} is null the first time an attribute is
 * seen.
 */
public record Change(
    String address, String attribute, String oldValue, String newValue, String source, Instant at) {
  public boolean isFirstSighting() {
    return oldValue == null;
  }
}

package org.otactive.inventory;

import java.util.List;

/** A device with every value each attribute ever had, oldest first, and the changes between them. */
public record DeviceHistory(Device device, List<AttributeValue> history, List<Change> changes) {
  public DeviceHistory {
    history = List.copyOf(history);
    changes = List.copyOf(changes);
  }
}

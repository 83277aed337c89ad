package org.otactive.schedule;

/** A maintenance window definition of a site: a recurring local-time window or a single one. */
public sealed interface WindowDefinition permits RecurringWindow, OneOffWindow {
  /** Whether the window will never open again after {@code now}: a single one that has ended. */
  default boolean endedBy(java.time.Instant now) {
    return this instanceof OneOffWindow o && !o.end().isAfter(now);
  }
}

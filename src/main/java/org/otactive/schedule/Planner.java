package org.otactive.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Where a scheduled run may actually start. */
public final class Planner {
  private Planner() {}

  /** The schedule's first due time after {@code after}, moved to the next window opening when it falls outside one. */
  public static Optional<Instant> nextStart(RunSchedule s, Windows w, ZoneId zone, Instant after) {
    return w.nextOpen(s.nextAfter(after, zone));
  }
}

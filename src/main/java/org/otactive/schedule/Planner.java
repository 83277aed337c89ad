package org.otactive.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/** Where a scheduled run may actually start: its next due time, or the next window opening after it. */
public final class Planner {
  private Planner() {}

  /**
   * The first due time of {@code s} after {@code after} if a window is open then; else the next
   * window opening after that due time; empty if no window opens within 400 days of it.
   */
  public static Optional<Instant> nextStart(RunSchedule s, Windows w, ZoneId zone, Instant after) {
    return w.nextOpen(s.nextAfter(after, zone));
  }
}

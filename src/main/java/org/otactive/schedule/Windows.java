package org.otactive.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** All maintenance windows of one site. Immutable and thread-safe; every answer is a pure function of its instant. */
public final class Windows {
  /** How far {@link #nextOpen} looks ahead. */
  public static final Duration HORIZON = Duration.ofDays(400);
  /** Overlapping or touching windows chained by {@link #openUntil} at most; the answer stays safe (early). */
  private static final int CHAIN = 64;

  private final ZoneId zone;
  private final List<WindowDefinition> definitions;

  public Windows(ZoneId zone, List<? extends WindowDefinition> definitions) {
    this.zone = zone;
    this.definitions = List.copyOf(definitions);
  }

  public static Windows none(ZoneId zone) {
    return new Windows(zone, List.of());
  }

  public ZoneId zone() {
    return zone;
  }

  public List<WindowDefinition> definitions() {
    return definitions;
  }

  /** Whether some window has start <= t < end. */
  public boolean isOpen(Instant t) {
    return endIfOpen(t).isPresent();
  }

  /** The latest end among the windows containing t. */
  private Optional<Instant> endIfOpen(Instant t) {
    Instant best = null;
    for (WindowDefinition d : definitions) {
      Optional<Instant> end = switch (d) {
        case OneOffWindow o -> !o.start().isAfter(t) && o.end().isAfter(t) ? Optional.of(o.end()) : Optional.<Instant>empty();
        case RecurringWindow r -> r.endIfOpen(t, zone);
      };
      if (end.isPresent() && (best == null || end.get().isAfter(best))) best = end.get();
    }
    return Optional.ofNullable(best);
  }

  /**
   * Empty when closed at t; else an instant e > t such that every instant in [t, e) is inside some
   * window. It may be earlier than the true end of the open span (chaining is capped), never later.
   */
  public Optional<Instant> openUntil(Instant t) {
    Optional<Instant> end = endIfOpen(t);
    if (end.isEmpty()) return end;
    Instant e = end.get();
    for (int i = 0; i < CHAIN; i++) {
      Optional<Instant> further = endIfOpen(e);
      if (further.isEmpty() || !further.get().isAfter(e)) break;
      e = further.get();
    }
    return Optional.of(e);
  }

  /** t itself if open at t; else the earliest instant after t at which a window opens; empty if none within {@link #HORIZON}. */
  public Optional<Instant> nextOpen(Instant t) {
    if (isOpen(t)) return Optional.of(t);
    Instant best = null;
    for (WindowDefinition d : definitions) {
      Optional<Instant> start = switch (d) {
        case OneOffWindow o -> o.start().isAfter(t) && o.start().isBefore(t.plus(HORIZON)) ? Optional.of(o.start()) : Optional.<Instant>empty();
        case RecurringWindow r -> r.nextStart(t, zone, HORIZON);
      };
      if (start.isPresent() && (best == null || start.get().isBefore(best))) best = start.get();
    }
    return Optional.ofNullable(best);
  }
}

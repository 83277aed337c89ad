package org.otactive.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * All maintenance windows of one site, answering whether and how long the site is open at an
 * instant. Immutable and thread-safe; every answer is a pure function of the instant given.
 *
 * <p>Cost: a query looks at the few occurrences of each definition near the instant, so it takes
 * microseconds for a handful of definitions; {@link #nextOpen} may walk up to 400 days of dates.
 */
public final class Windows {
  /** How far {@link #nextOpen} looks ahead. */
  static final Duration HORIZON = Duration.ofDays(400);
  /** How many overlapping or adjacent windows {@link #openUntil} chains before it stops. */
  static final int MAX_CHAIN = 64;

  private final ZoneId zone;
  private final List<WindowDefinition> definitions;
  private final List<RecurringSpans> recurring;
  private final List<OneOffWindow> oneOffs; // sorted by start

  public Windows(ZoneId zone, List<? extends WindowDefinition> definitions) {
    this.zone = Objects.requireNonNull(zone, "zone");
    this.definitions = List.copyOf(definitions);
    List<RecurringSpans> r = new ArrayList<>();
    List<OneOffWindow> o = new ArrayList<>();
    for (WindowDefinition d : this.definitions) {
      switch (d) {
        case RecurringWindow w -> r.add(new RecurringSpans(w, zone));
        case OneOffWindow w -> o.add(w);
      }
    }
    o.sort(Comparator.comparing(OneOffWindow::start));
    this.recurring = List.copyOf(r);
    this.oneOffs = List.copyOf(o);
  }

  /** A site without windows: never open. */
  public static Windows none(ZoneId zone) {
    return new Windows(zone, List.of());
  }

  public ZoneId zone() {
    return zone;
  }

  public List<WindowDefinition> definitions() {
    return definitions;
  }

  /** Whether some window has start &lt;= t &lt; end. */
  public boolean isOpen(Instant t) {
    return endOfWindowsContaining(t) != null;
  }

  /**
   * Empty when closed at t; else an instant e &gt; t such that every instant in [t, e) is inside
   * some window. Overlapping and adjacent windows are chained, up to {@value #MAX_CHAIN} steps, so
   * e may be earlier than the true end of the open span (callers ask again at e) but never later.
   */
  public Optional<Instant> openUntil(Instant t) {
    Instant e = endOfWindowsContaining(t);
    if (e == null) return Optional.empty();
    for (int i = 1; i < MAX_CHAIN; i++) {
      Instant further = endOfWindowsContaining(e);
      if (further == null) break;
      e = further; // always after e: a window containing e ends after it
    }
    return Optional.of(e);
  }

  /** t itself if open at t; else the earliest instant after t at which a window opens; empty if none within 400 days. */
  public Optional<Instant> nextOpen(Instant t) {
    if (isOpen(t)) return Optional.of(t);
    Instant limit = t.plus(HORIZON);
    Instant best = null;
    for (OneOffWindow w : oneOffs) {
      if (w.start().isAfter(t)) {
        best = w.start(); // sorted: the first one after t is the earliest
        break;
      }
    }
    for (RecurringSpans r : recurring) {
      Instant s = r.firstStartAfter(t, best == null || best.isAfter(limit) ? limit : best);
      if (s != null && (best == null || s.isBefore(best))) best = s;
    }
    return best == null || best.isAfter(limit) ? Optional.empty() : Optional.of(best);
  }

  /** The latest end among the windows containing t, or null when none does. */
  private Instant endOfWindowsContaining(Instant t) {
    Instant best = null;
    for (OneOffWindow w : oneOffs) {
      if (w.start().isAfter(t)) break;
      if (w.contains(t) && (best == null || w.end().isAfter(best))) best = w.end();
    }
    for (RecurringSpans r : recurring) {
      Instant e = r.endOfOccurrencesContaining(t);
      if (e != null && (best == null || e.isAfter(best))) best = e;
    }
    return best;
  }

  @Override
  public String toString() {
    return "Windows[" + zone + ", " + definitions + "]";
  }
}

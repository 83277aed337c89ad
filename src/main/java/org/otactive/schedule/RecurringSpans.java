package org.otactive.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * The occurrences of one {@link RecurringWindow} in one zone, as instants.
 *
 * <p>An occurrence starts at a matching local time s and ends at s + duration (local); both map to
 * instants by {@link LocalTimes#instant}. That mapping is not monotonic: a start inside a spring
 * gap maps to an instant later than the first start after the gap. So the code never assumes that
 * local order is instant order. Instead it uses that every local time mapping to an instant x lies
 * in [x + minOffset, x + maxOffset], where the offsets are the zone's smallest and largest around
 * x, enumerates all matching local starts in such a range and checks each one exactly. Ranges are
 * short (duration plus a DST shift), and starts are at least duration apart, so this is a handful
 * of candidates.
 */
final class RecurringSpans {
  /** Margin around a query for offset bounds: more than any offset change the tz database holds. */
  private static final Duration MARGIN = Duration.ofDays(2);

  private final CronCalendar calendar;
  private final Duration duration;
  private final ZoneId zone;
  private final ZoneRules rules;

  RecurringSpans(RecurringWindow window, ZoneId zone) {
    this.calendar = window.calendar();
    this.duration = window.duration();
    this.zone = zone;
    this.rules = zone.getRules();
  }

  /** The latest end of the occurrences that contain t, or null if none does. */
  Instant endOfOccurrencesContaining(Instant t) {
    int[] off = LocalTimes.offsetRange(rules, t.minus(duration).minus(MARGIN), t.plus(MARGIN));
    LocalDateTime low = LocalTimes.local(t, off[0]).minus(duration); // starts must be after this
    LocalDateTime high = LocalTimes.local(t, off[1]); // and not after this
    Instant best = null;
    LocalDate lastDate = high.toLocalDate();
    for (LocalDateTime s = calendar.firstAtOrAfter(low, lastDate); s != null && !s.isAfter(high);
        s = calendar.firstAtOrAfter(s.plusMinutes(1), lastDate)) {
      if (!s.isAfter(low)) continue;
      Instant start = LocalTimes.instant(s, zone);
      if (start.isAfter(t)) continue;
      Instant end = LocalTimes.instant(s.plus(duration), zone);
      if (end.isAfter(t) && (best == null || end.isAfter(best))) best = end;
    }
    return best;
  }

  /** The earliest start after t of a non-empty occurrence, or null if none starts by {@code limit}. */
  Instant firstStartAfter(Instant t, Instant limit) {
    int[] off = LocalTimes.offsetRange(rules, t.minus(MARGIN), t.plus(MARGIN));
    LocalDateTime from = LocalTimes.local(t, off[0]);
    LocalDate lastDate = LocalTimes.local(limit, 0).toLocalDate().plusDays(3);
    Instant best = null;
    LocalDateTime stop = null; // no later local start can map before best
    for (LocalDateTime s = calendar.firstAtOrAfter(from, lastDate); s != null;
        s = calendar.firstAtOrAfter(s.plusMinutes(1), lastDate)) {
      if (stop != null && s.isAfter(stop)) break;
      Instant start = LocalTimes.instant(s, zone);
      if (!start.isAfter(t) || (best != null && !start.isBefore(best))) continue;
      Instant end = LocalTimes.instant(s.plus(duration), zone);
      if (!end.isAfter(start)) continue; // wholly inside a gap: never on the wall clock
      best = start;
      stop = LocalTimes.local(best, LocalTimes.offsetRange(rules, best.minus(MARGIN), best.plus(MARGIN))[1]);
    }
    return best == null || best.isAfter(limit) ? null : best;
  }
}

package org.otactive.schedule;

import org.otactive.common.DurationText;
import org.otactive.common.Text;
import java.time.Duration;
import java.util.Objects;
import org.otactive.common.BadInputException;

/**
 * A window that opens at every local time a 5-field UNIX cron expression matches (minute hour
 * day-of-month month day-of-week) and lasts {@code duration} of local (wall-clock) time.
 *
 * <p>{@code "0 2 * * 0"} with 3h is every Sunday 02:00–05:00 local, also on DST-change days, when
 * it lasts 2 or 4 hours of real time. Start and end are mapped to instants separately with the
 * package rule (gap: shifted forward by the gap; overlap: earlier offset); an occurrence that lies
 * entirely inside a gap, whose mapped end is not after its mapped start, is empty: the wall clock
 * never shows it.
 *
 * <p>Validated on construction: the expression parses as UNIX cron and matches some date; 1 min
 * &lt;= duration &lt;= 7 days, in whole minutes; and duration is at most the smallest local gap
 * between two consecutive starts (a window that overlaps its own next occurrence is a typing
 * mistake, not a longer window). Adjacent occurrences (duration equal to the gap) are allowed.
 */
public record RecurringWindow(String cron, Duration duration) implements WindowDefinition {
  static final Duration MIN = Duration.ofMinutes(1);
  static final Duration MAX = Duration.ofDays(7);

  public RecurringWindow {
    CronCalendar calendar = CronCalendar.of(cron);
    cron = calendar.expression();
    if (duration == null) throw new BadInputException("missing window duration for cron '" + cron + "'");
    if (duration.compareTo(MIN) < 0 || duration.compareTo(MAX) > 0
        || !duration.equals(Duration.ofMinutes(duration.toMinutes()))) {
      throw new BadInputException("bad window duration: " + DurationText.format(duration)
          + " (whole minutes from 1m to 7d) for cron '" + cron + "'");
    }
    long gap = calendar.minGapMinutes();
    if (duration.toMinutes() > gap) {
      throw new BadInputException("window duration " + DurationText.format(duration)
          + " overlaps the next start of cron '" + cron + "', which can come "
          + DurationText.format(Duration.ofMinutes(gap)) + " later");
    }
  }

  /** Parses a cron expression and a duration such as {@code 90m}, {@code 3h}, {@code 1d}, {@code 2h30m}. */
  public static RecurringWindow parse(String cron, String duration) {
    Duration d = DurationText.parse(duration, "window duration");
    if (d.compareTo(MIN) < 0 || d.compareTo(MAX) > 0) {
      // named as typed: "192h", not our "8d"
      throw new BadInputException("bad window duration: '" + Text.printable(duration) + "' (1m to 7d)");
    }
    return new RecurringWindow(cron, d);
  }

  /** The compiled calendar; cached by expression, so this is cheap after construction. */
  CronCalendar calendar() {
    return CronCalendar.of(Objects.requireNonNull(cron));
  }
}

package org.otactive.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/** The one local-time-to-instant rule of this package, and bounds on a zone's offsets. */
final class LocalTimes {
  private LocalTimes() {}

  /** Gap: shifted forward by the gap length; overlap: the earlier offset. */
  static Instant instant(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  /**
   * The clock change a time read as {@code t} may owe its reading to, for the message about a window
   * that came out empty (from the resolved time: ical4j keeps no time as written): {@code t} lies just after a gap (a
   * skipped time counts as that much later) or in the first pass of an overlap (a time shown twice
   * counts as the first). Empty otherwise.
   */
  private static String clockChangeNear(Instant t, ZoneRules rules) {
    ZoneOffsetTransition before = rules.previousTransition(t.plusNanos(1));
    if (before != null && before.isGap() && t.isBefore(before.getInstant().plus(before.getDuration()))) {
      return "the clock jumps from " + before.getDateTimeBefore().toLocalTime() + " to " + before.getDateTimeAfter().toLocalTime()
          + " on " + before.getDateTimeBefore().toLocalDate() + ": a time it skips counts as "
          + org.otactive.common.DurationText.format(before.getDuration()) + " later";
    }
    ZoneOffsetTransition next = rules.nextTransition(t);
    if (next != null && next.isOverlap() && !t.isBefore(next.getInstant().plus(next.getDuration()))) {
      return "the clock shows " + next.getDateTimeAfter().toLocalTime() + " to " + next.getDateTimeBefore().toLocalTime()
          + " twice on " + next.getDateTimeAfter().toLocalDate() + ": a time in it counts as the first";
    }
    return "";
  }

  /** The clock changes near any of {@code times}, each once, joined with "; "; empty when none. */
  static String clockChangesNear(ZoneRules rules, Instant... times) {
    return java.util.Arrays.stream(times).map(t -> clockChangeNear(t, rules)).filter(c -> !c.isEmpty()).distinct()
        .collect(java.util.stream.Collectors.joining("; "));
  }

  /** The local date-time that instant {@code t} shows under a fixed offset. */
  static LocalDateTime local(Instant t, int offsetSeconds) {
    return LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(),
        java.time.ZoneOffset.ofTotalSeconds(offsetSeconds));
  }

  /**
   * The smallest and largest offset (seconds) the zone uses in [from, to]. Every local time that
   * maps to an instant in that span lies between instant + min and instant + max, which is what
   * lets the callers enumerate local times in a bounded range although the mapping is not
   * monotonic across a gap.
   */
  static int[] offsetRange(ZoneRules rules, Instant from, Instant to) {
    int min = rules.getOffset(from).getTotalSeconds();
    int max = min;
    ZoneOffsetTransition next = rules.nextTransition(from);
    while (next != null && !next.getInstant().isAfter(to)) {
      int after = next.getOffsetAfter().getTotalSeconds();
      min = Math.min(min, after);
      max = Math.max(max, after);
      next = rules.nextTransition(next.getInstant());
    }
    return new int[] {min, max};
  }
}

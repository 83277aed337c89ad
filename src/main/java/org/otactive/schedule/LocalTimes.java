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
   * Why {@code local} is read as some other time of {@code zone}'s clock, for a message: it lies in a
   * gap ("…is skipped…") or an overlap ("…happens twice…"); empty for an ordinary time.
   */
  static String oddity(LocalDateTime local, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    ZoneOffsetTransition t = rules.getTransition(local);
    if (t == null) return "";
    String at = local.toString();
    if (t.isGap()) {
      return at + " is skipped when the clock jumps from " + t.getDateTimeBefore().toLocalTime() + " to "
          + t.getDateTimeAfter().toLocalTime() + " and counts as " + instant(local, zone).atZone(zone).toLocalDateTime();
    }
    return at + " happens twice as the clock falls back from " + t.getDateTimeBefore().toLocalTime() + " to "
        + t.getDateTimeAfter().toLocalTime() + " and counts as the first";
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

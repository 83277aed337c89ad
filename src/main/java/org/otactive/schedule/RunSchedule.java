package org.otactive.schedule;

import org.otactive.common.DurationText;
import org.otactive.common.Text;
import java.time.Instant;
import java.time.ZoneId;
import org.otactive.common.BadInputException;

/** When a site's method is due to run: at a fixed interval or at local times of day. */
public sealed interface RunSchedule permits EveryInterval, AtTimes {
  /** The first due instant strictly after t. */
  Instant nextAfter(Instant t, ZoneId zone);

  /** A short text that {@link #parse} reads back, e.g. {@code every 6h} or {@code at 02:00,14:30}. */
  String spec();

  /**
   * Reads {@code every 6h} (1h to 168h; minutes allowed, e.g. {@code every 1h30m}), due at anchor +
   * k·interval for k &gt;= 1, or {@code at 02:00,14:30} (24-hour clock, 1 to 24 distinct times).
   */
  static RunSchedule parse(String spec, Instant anchor) {
    String s = spec == null ? "" : spec.strip();
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("every ")) {
      String text = s.substring(6);
      java.time.Duration d = DurationText.parse(text, "run interval");
      if (d.compareTo(EveryInterval.MIN) < 0 || d.compareTo(EveryInterval.MAX) > 0) {
        throw new BadInputException("bad run interval: '" + Text.printable(text.strip()) + "' (1h to 168h)");
      }
      return new EveryInterval(d, anchor);
    }
    if (lower.startsWith("at ")) {
      return AtTimes.parseTimes(s.substring(3));
    }
    throw new BadInputException("bad run schedule: '" + Text.printable(spec)
        + "' (write e.g. 'every 6h' or 'at 02:00,14:30')");
  }
}

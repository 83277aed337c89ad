package org.otactive.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.otactive.scope.AddressSet;
import org.otactive.scope.BadInputException;

/** When a method is due to run on a site: every N hours, or at set local times of day. */
public sealed interface RunSchedule permits EveryInterval, AtTimes {
  /** The first due instant strictly after t. */
  Instant nextAfter(Instant t, ZoneId zone);

  /** A short text that {@link #parse} reads back, e.g. {@code every 6h} or {@code at 02:00,14:30}. */
  String spec();

  /**
   * Reads {@code every 6h} (1h..168h) or {@code at 02:00,14:30} (24-hour clock, 1..24 distinct
   * times). {@code anchor} is when an interval counts from.
   */
  static RunSchedule parse(String spec, Instant anchor) {
    String s = spec == null ? "" : spec.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("every ")) {
      Duration d;
      try {
        d = Durations.parse(s.substring(6));
      } catch (BadInputException e) {
        throw new BadInputException("not an interval: '" + AddressSet.printable(spec) + "' (every 1h .. every 168h)");
      }
      return new EveryInterval(d, anchor);
    }
    if (s.startsWith("at ")) {
      List<LocalTime> times = new ArrayList<>();
      for (String part : s.substring(3).split(",")) {
        try {
          times.add(LocalTime.parse(part.strip().length() == 4 ? "0" + part.strip() : part.strip()));
        } catch (DateTimeParseException e) {
          throw new BadInputException("not a time of day: '" + AddressSet.printable(part.strip()) + "' (24-hour clock, e.g. 02:00)");
        }
      }
      return new AtTimes(times);
    }
    throw new BadInputException("not a schedule: '" + AddressSet.printable(spec) + "' (every 6h, or at 02:00,14:30)");
  }
}

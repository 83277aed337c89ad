package org.otactive.schedule;

import org.otactive.common.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.otactive.common.BadInputException;

/**
 * Due at anchor + k·interval for every k &gt;= 1: real time, so DST changes do not move it.
 * The interval is 1h to 168h in whole minutes.
 */
public record EveryInterval(Duration interval, Instant anchor) implements RunSchedule {
  static final Duration MIN = Duration.ofHours(1);
  static final Duration MAX = Duration.ofHours(168);

  public EveryInterval {
    if (anchor == null) throw new BadInputException("run interval needs an anchor instant");
    if (interval == null || interval.compareTo(MIN) < 0 || interval.compareTo(MAX) > 0
        || !interval.equals(Duration.ofMinutes(interval.toMinutes()))) {
      throw new BadInputException("bad run interval: "
          + (interval == null ? "none" : DurationText.format(interval)) + " (1h to 168h, whole minutes)");
    }
  }

  @Override
  public Instant nextAfter(Instant t, ZoneId zone) {
    if (t.isBefore(anchor)) return anchor.plus(interval);
    long k = Duration.between(anchor, t).dividedBy(interval) + 1; // floor, since t >= anchor
    return anchor.plus(interval.multipliedBy(k));
  }

  @Override
  public String spec() {
    return "every " + DurationText.format(interval);
  }
}

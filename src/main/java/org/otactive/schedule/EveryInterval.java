package org.otactive.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import org.otactive.scope.BadInputException;

/** Due at {@code anchor + k * interval} for k >= 1: fixed intervals, whatever the clocks do. */
public record EveryInterval(Duration interval, Instant anchor) implements RunSchedule {
  public EveryInterval {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(anchor, "anchor");
    if (interval.compareTo(Duration.ofHours(1)) < 0 || interval.compareTo(Duration.ofHours(168)) > 0) {
      throw new BadInputException("interval out of range: " + Durations.format(interval) + " (1h..168h)");
    }
  }

  @Override
  public Instant nextAfter(Instant t, ZoneId zone) {
    long step = interval.toSeconds();
    long since = t.getEpochSecond() - anchor.getEpochSecond();
    long k = since < 0 ? 1 : Math.max(1, since / step + 1);
    Instant next = anchor.plusSeconds(k * step);
    return next.isAfter(t) ? next : next.plusSeconds(step);
  }

  @Override
  public String spec() {
    return "every " + Durations.format(interval);
  }
}

package org.otactive.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import org.otactive.scope.BadInputException;

/** A single window between two instants. */
public record OneOffWindow(Instant start, Instant end) implements WindowDefinition {
  public OneOffWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) throw new BadInputException("the window ends (" + end + ") before it starts (" + start + ")");
  }

  /** A window between two local date-times of the site's zone. */
  public static OneOffWindow local(LocalDateTime start, LocalDateTime end, ZoneId zone) {
    if (!end.isAfter(start)) throw new BadInputException("the window ends (" + end + ") before it starts (" + start + ")");
    return new OneOffWindow(LocalTimes.instant(start, zone), LocalTimes.instant(end, zone));
  }

  @Override
  public String toString() {
    return start + " to " + end;
  }
}

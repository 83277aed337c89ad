package org.otactive.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.otactive.common.BadInputException;

/** A single window from {@code start} (inclusive) to {@code end} (exclusive); end must be after start. */
public record OneOffWindow(Instant start, Instant end) implements WindowDefinition {
  public OneOffWindow {
    if (start == null || end == null) {
      throw new BadInputException("window needs a start and an end: " + start + " to " + end);
    }
    if (!end.isAfter(start)) {
      throw new BadInputException("window ends at " + end + ", not after its start " + start);
    }
  }

  /**
   * A window given in local date-times of {@code zone}, mapped with the package rule (gap: shifted
   * forward by the gap; overlap: earlier offset). Rejects an end not after the start, naming both.
   */
  public static OneOffWindow local(LocalDateTime start, LocalDateTime end, ZoneId zone) {
    if (start == null || end == null || zone == null) {
      throw new BadInputException("window needs a start, an end and a zone: " + start + " to " + end + " in " + zone);
    }
    Instant s = LocalTimes.instant(start, zone);
    Instant e = LocalTimes.instant(end, zone);
    if (!e.isAfter(s)) {
      // an empty window made by the clock's change is named as such, or the refusal reads as nonsense
      String change = LocalTimes.clockChangesNear(zone.getRules(), s, e);
      throw new BadInputException("window ends at " + end + ", not after its start " + start + " (" + zone
          + (change.isEmpty() ? "" : ": " + change) + ")");
    }
    return new OneOffWindow(s, e);
  }

  boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }
}

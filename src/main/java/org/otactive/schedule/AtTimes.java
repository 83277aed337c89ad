package org.otactive.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.otactive.scope.BadInputException;

/**
 * Due at set local times of day in the site's zone. A time in a DST gap is moved forward by the
 * gap; a time that happens twice (fall-back) is due once, at its first occurrence.
 */
public record AtTimes(List<LocalTime> times) implements RunSchedule {
  public AtTimes {
    if (times == null || times.isEmpty() || times.size() > 24) {
      throw new BadInputException("give 1 to 24 times of day (at 02:00,14:30)");
    }
    if (new HashSet<>(times).size() != times.size()) throw new BadInputException("a time of day is given twice: " + times);
    for (LocalTime t : times) {
      if (t.getSecond() != 0 || t.getNano() != 0) throw new BadInputException("times are whole minutes: " + t);
    }
    times = times.stream().sorted().toList();
  }

  @Override
  public Instant nextAfter(Instant t, ZoneId zone) {
    LocalDate day = LocalTimes.local(t, zone).toLocalDate().minusDays(1);
    Instant best = null;
    for (int i = 0; i < 4 && best == null; i++, day = day.plusDays(1)) {
      for (LocalTime time : times) {
        Instant due = LocalTimes.instant(day.atTime(time), zone);
        if (due.isAfter(t) && (best == null || due.isBefore(best))) best = due;
      }
    }
    return best;
  }

  @Override
  public String spec() {
    return "at " + times.stream().map(LocalTime::toString).collect(Collectors.joining(","));
  }
}

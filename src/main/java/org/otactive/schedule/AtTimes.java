package org.otactive.schedule;

import org.otactive.common.Text;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.otactive.common.BadInputException;

/**
 * Due at each of these local times of day in the site's zone. A time inside a DST gap is due at
 * the time shifted forward by the gap; a time inside an overlap is due once, at its first (earlier)
 * occurrence, so a fall-back night runs no method twice. 1 to 24 distinct whole-minute times, kept
 * sorted.
 */
public record AtTimes(List<LocalTime> times) implements RunSchedule {
  static final int MAX_TIMES = 24;

  public AtTimes {
    if (times == null || times.isEmpty() || times.size() > MAX_TIMES) {
      throw new BadInputException("bad run times: " + times + " (1 to " + MAX_TIMES + " times of day)");
    }
    for (LocalTime t : times) {
      if (t == null || t.getSecond() != 0 || t.getNano() != 0) {
        throw new BadInputException("bad run time: " + t + " (whole minutes, e.g. 02:00)");
      }
    }
    if (times.stream().distinct().count() != times.size()) {
      throw new BadInputException("run time given twice: " + times);
    }
    times = times.stream().sorted().toList();
  }

  static AtTimes parseTimes(String list) {
    List<LocalTime> parsed = new ArrayList<>();
    for (String part : list.split(",", -1)) {
      String p = part.strip();
      if (!p.matches("\\d{1,2}:\\d{2}")) {
        throw new BadInputException("bad run time: '" + Text.printable(p) + "' (24-hour clock, e.g. 02:00 or 14:30)");
      }
      try {
        parsed.add(LocalTime.parse(p.length() == 4 ? "0" + p : p));
      } catch (DateTimeParseException e) {
        throw new BadInputException("bad run time: '" + Text.printable(p) + "' (24-hour clock, e.g. 02:00 or 14:30)");
      }
    }
    return new AtTimes(parsed);
  }

  @Override
  public Instant nextAfter(Instant t, ZoneId zone) {
    // Each local (date, time) maps to exactly one instant, so an overlap never yields two runs.
    // A day earlier than t's local date is checked too: a gap shift can move a time past midnight.
    LocalDate date = LocalTimes.local(t, zone.getRules().getOffset(t).getTotalSeconds()).toLocalDate();
    Instant best = null;
    for (LocalDate d = date.minusDays(1); !d.isAfter(date.plusDays(2)); d = d.plusDays(1)) {
      for (LocalTime time : times) {
        Instant due = LocalTimes.instant(d.atTime(time), zone);
        if (due.isAfter(t) && (best == null || due.isBefore(best))) best = due;
      }
    }
    return best;
  }

  @Override
  public String spec() {
    return "at " + times.stream().map(t -> t.toString()).collect(Collectors.joining(","));
  }
}

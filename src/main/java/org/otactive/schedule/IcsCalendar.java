package org.otactive.schedule;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.component.VEvent;
import org.otactive.scope.BadInputException;

/**
 * A plant's outage calendar (RFC 5545, read by ical4j) as maintenance windows: every occurrence
 * of every VEVENT (DTSTART with DTEND or DURATION; RRULE, RDATE, EXDATE; TZID zones) in a span of
 * time. Floating times and all-day events are read in the site's zone.
 */
public final class IcsCalendar {
  private IcsCalendar() {}

  /** Every occurrence overlapping [from, until), as one-off windows sorted by start. */
  public static List<OneOffWindow> expand(String icsText, ZoneId defaultZone, Instant from, Instant until) {
    Calendar calendar;
    try {
      calendar = new CalendarBuilder().build(new StringReader(icsText == null ? "" : icsText));
    } catch (IOException | ParserException | RuntimeException e) {
      throw new BadInputException("not an iCalendar file: " + firstLine(e));
    }
    List<VEvent> events = calendar.getComponents(Component.VEVENT);
    if (events.isEmpty()) throw new BadInputException("the calendar has no event (VEVENT)");
    List<OneOffWindow> out = new ArrayList<>();
    Period<ZonedDateTime> span = new Period<>(from.atZone(defaultZone), until.atZone(defaultZone));
    for (VEvent e : events) {
      String name = e.getSummary() != null ? "'" + e.getSummary().getValue() + "'" : "an event";
      if (e.getStartDate().isEmpty()) throw new BadInputException(name + " has no start (DTSTART)");
      Set<Period<java.time.temporal.Temporal>> occurrences;
      try {
        occurrences = e.calculateRecurrenceSet(spanLike(e.getStartDate().get().getDate(), span, defaultZone));
      } catch (RuntimeException ex) {
        throw new BadInputException(name + " cannot be expanded: " + firstLine(ex));
      }
      ZoneId eventZone = javaZone(e);
      for (Period<java.time.temporal.Temporal> p : occurrences) {
        Instant start = instant(p.getStart(), eventZone, defaultZone);
        Instant end = instant(p.getEnd(), eventZone, defaultZone);
        if (!end.isAfter(start)) throw new BadInputException(name + " ends before it starts (" + p + ")");
        if (end.isAfter(from) && start.isBefore(until)) out.add(new OneOffWindow(start, end));
      }
    }
    out.sort(Comparator.comparing(OneOffWindow::start).thenComparing(OneOffWindow::end));
    return out.stream().distinct().toList();
  }

  /**
   * The Java zone of the event's TZID when it names one. The wall-clock times ical4j computes are
   * right, but its offsets come from the file's VTIMEZONE, which may be stale or simplified; the
   * IANA rules (and our gap/overlap rule) decide the instants instead.
   */
  private static ZoneId javaZone(VEvent e) {
    var tzid = e.getStartDate().get().getParameter(net.fortuna.ical4j.model.Parameter.TZID);
    if (tzid.isEmpty()) return null;
    try {
      return ZoneId.of(((net.fortuna.ical4j.model.parameter.TzId) tzid.get()).getValue());
    } catch (java.time.DateTimeException unknown) {
      return null;
    }
  }

  private static Instant instant(java.time.temporal.Temporal t, ZoneId eventZone, ZoneId siteZone) {
    return switch (t) {
      case ZonedDateTime z when eventZone != null -> LocalTimes.instant(z.toLocalDateTime(), eventZone);
      case ZonedDateTime z -> z.toInstant();
      case java.time.OffsetDateTime o -> o.toInstant();
      case Instant i -> i;
      case java.time.LocalDateTime l -> LocalTimes.instant(l, siteZone);
      case java.time.LocalDate d -> LocalTimes.instant(d.atStartOfDay(), siteZone);
      default -> throw new BadInputException("unsupported date value in the calendar: " + t);
    };
  }

  /** The span in the type of the event's start: ical4j compares like with like (floating with local times). */
  private static Period<?> spanLike(java.time.temporal.Temporal start, Period<ZonedDateTime> span, ZoneId zone) {
    if (start instanceof java.time.LocalDateTime) {
      return new Period<>(span.getStart().withZoneSameInstant(zone).toLocalDateTime(),
          span.getEnd().withZoneSameInstant(zone).toLocalDateTime());
    }
    if (start instanceof java.time.LocalDate) {
      return new Period<>(span.getStart().withZoneSameInstant(zone).toLocalDate().minusDays(1),
          span.getEnd().withZoneSameInstant(zone).toLocalDate().plusDays(1));
    }
    return span;
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m).replaceAll("\\p{Cntrl}", "?");
  }
}

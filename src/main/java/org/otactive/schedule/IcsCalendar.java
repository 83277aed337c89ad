package org.otactive.schedule;

import org.otactive.common.Text;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.transform.recurrence.Frequency;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.DtStart;
import org.otactive.common.BadInputException;

/**
 * Maintenance windows imported from iCalendar text (RFC 5545, parsed and expanded by ical4j).
 *
 * <p>Only VEVENTs count; other components (VTODO, VJOURNAL, …) are ignored, and so is an event
 * of STATUS:CANCELLED. An event with a RECURRENCE-ID replaces that occurrence of its series (same
 * UID): the series' occurrence is dropped and the event's own times, unless cancelled, are the
 * window; a RANGE=THISANDFUTURE change is refused. Rules repeating by the
 * second or minute are refused, and so is an import of more than {@value #MAX_OCCURRENCES}
 * occurrences: ical4j expands in memory. Recurrence (RRULE,
 * RDATE, EXDATE) and the length of each occurrence (DTEND or DURATION) are ical4j's; this class
 * only turns the result into instants: times with a TZID or in UTC as they are, floating times in
 * the default zone, all-day (DATE) events as whole local days there, all with the package rule for
 * local times (gap: shifted forward; overlap: earlier offset).
 */
public final class IcsCalendar {
  /** Occurrences are asked for from this much before {@code from}, so long ones that began earlier are found. */
  private static final Duration LOOK_BACK = Duration.ofDays(3);
  /** More occurrences than this in one import is a mistake (or an attack), not a maintenance plan. */
  static final int MAX_OCCURRENCES = 10_000;

  private IcsCalendar() {}

  /**
   * Every VEVENT occurrence overlapping [from, until), as windows sorted by start. Text that does
   * not parse, holds no VEVENT, or has an event without DTSTART or with an end not after its start
   * throws {@link BadInputException} with a one-line message.
   */
  public static List<OneOffWindow> expand(String icsText, ZoneId defaultZone, Instant from, Instant until) {
    if (icsText == null || icsText.isBlank()) throw new BadInputException("empty iCalendar text");
    if (!until.isAfter(from)) throw new BadInputException("import range ends at " + until + ", not after " + from);
    Calendar calendar;
    try {
      calendar = new CalendarBuilder().build(new StringReader(icsText));
    } catch (ParserException e) {
      throw new BadInputException("not valid iCalendar text: " + Text.printable(Text.firstLine(e.getMessage())));
    } catch (IOException | RuntimeException e) {
      throw new BadInputException("not valid iCalendar text: " + Text.printable(Text.firstLine(e.getMessage())));
    }
    List<VEvent> events = calendar.getComponents("VEVENT");
    if (events.isEmpty()) throw new BadInputException("no VEVENT in the iCalendar text");
    List<OneOffWindow> windows = new ArrayList<>();
    // An occurrence moved or called off is a VEVENT of its own with the series' UID and a
    // RECURRENCE-ID naming the occurrence it replaces (as Outlook and Google export them)
    java.util.Map<String, java.util.Set<Instant>> replaced = new java.util.HashMap<>();
    for (VEvent event : events) {
      Optional<Instant> rid = recurrenceId(event, defaultZone);
      Optional<String> uid = event.getUid().map(u -> u.getValue());
      if (rid.isPresent() && uid.isPresent()) replaced.computeIfAbsent(uid.get(), u -> new java.util.HashSet<>()).add(rid.get());
    }
    for (VEvent event : events) {
      if (cancelled(event)) continue; // the plant called it off: no window
      try {
        java.util.Set<Instant> movedAway = event.getProperty(Property.RECURRENCE_ID).isPresent() ? java.util.Set.of()
            : event.getUid().map(u -> replaced.getOrDefault(u.getValue(), java.util.Set.of())).orElse(java.util.Set.of());
        for (OneOffWindow w : occurrences(event, defaultZone, from, until)) {
          if (!movedAway.contains(w.start())) windows.add(w);
        }
      } catch (BadInputException e) {
        throw e;
      } catch (RuntimeException e) { // e.g. a TZID neither in the tz database nor in a VTIMEZONE
        throw new BadInputException("cannot read " + name(event) + ": " + Text.printable(Text.firstLine(e.getMessage())));
      }
      if (windows.size() > MAX_OCCURRENCES) {
        throw new BadInputException("more than " + MAX_OCCURRENCES + " window occurrences from " + from
            + " to " + until + " in the iCalendar text");
      }
    }
    windows.sort(Comparator.comparing(OneOffWindow::start).thenComparing(OneOffWindow::end));
    return List.copyOf(windows);
  }

  /** STATUS:CANCELLED (RFC 5545 3.8.1.11): the event, or this occurrence of a series, does not take place. */
  private static boolean cancelled(VEvent event) {
    return event.getProperty(Property.STATUS).map(p -> p.getValue().trim().equalsIgnoreCase("CANCELLED")).orElse(false);
  }

  /**
   * The start of the series' occurrence this event replaces, or empty for an event that replaces
   * none. A change to "this and every later occurrence" (RANGE=THISANDFUTURE) is refused: reading
   * it as one occurrence would keep the old times of the later ones as windows.
   */
  private static Optional<Instant> recurrenceId(VEvent event, ZoneId zone) {
    Optional<Property> rid = event.getProperty(Property.RECURRENCE_ID);
    if (rid.isEmpty()) return Optional.empty();
    if (rid.get().getParameter(Parameter.RANGE).isPresent()) {
      throw new BadInputException(name(event) + " changes this and every later occurrence (RECURRENCE-ID;RANGE), which"
          + " otactive does not read: export the calendar with each changed occurrence as an event of its own");
    }
    try {
      return Optional.of(instant(((net.fortuna.ical4j.model.property.RecurrenceId<?>) rid.get()).getDate(), zone));
    } catch (RuntimeException e) {
      throw new BadInputException("cannot read the RECURRENCE-ID of " + name(event) + ": "
          + Text.printable(Text.firstLine(e.getMessage())));
    }
  }

  private static String name(VEvent event) {
    return event.getUid().map(u -> "event '" + Text.printable(u.getValue()) + "'").orElse("an event");
  }

  private static List<OneOffWindow> occurrences(VEvent event, ZoneId zone, Instant from, Instant until) {
    String name = name(event);
    // ical4j expands into memory before returning, so a per-second rule over a year would exhaust it
    for (Property p : event.getProperties(Property.RRULE)) {
      Frequency f = ((RRule<?>) p).getRecur().getFrequency();
      if (f == Frequency.SECONDLY || f == Frequency.MINUTELY) {
        throw new BadInputException(name + " repeats more often than hourly (FREQ=" + f + ")");
      }
    }
    DtStart<Temporal> dtStart = event.<Temporal>getStartDate()
        .orElseThrow(() -> new BadInputException(name + " has no DTSTART"));
    Temporal start = dtStart.getDate();
    Period<? extends Temporal> range = range(start, zone, from.minus(LOOK_BACK).minus(baseLength(event, start, zone)), until);
    List<OneOffWindow> result = new ArrayList<>();
    try {
      for (Period<Temporal> p : event.<Temporal>calculateRecurrenceSet(range)) {
        Instant s = instant(p.getStart(), zone);
        Instant e = instant(p.getEnd(), zone);
        if (!e.isAfter(s)) {
          throw new BadInputException(name + " ends at " + shown(p.getEnd()) + ", not after its start " + shown(p.getStart())
              + clockChange(event, p.getStart(), p.getEnd()));
        }
        if (e.isAfter(from) && s.isBefore(until)) result.add(new OneOffWindow(s, e));
      }
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadInputException("cannot expand " + name + ": " + Text.printable(Text.firstLine(e.getMessage())));
    }
    return result;
  }

  /** A time as a message shows it: ical4j's zones have generated ids, so a zoned time goes with its offset only. */
  private static String shown(Temporal t) {
    return t instanceof ZonedDateTime z ? z.toOffsetDateTime().toString() : t.toString();
  }

  /**
   * The clock change that may have emptied an occurrence, named with the event's TZID, for the
   * message about it; else nothing.
   */
  private static String clockChange(VEvent event, Temporal start, Temporal end) {
    if (!(start instanceof ZonedDateTime s) || !(end instanceof ZonedDateTime e)) return "";
    String change = LocalTimes.clockChangesNear(s.getZone().getRules(), s.toInstant(), e.toInstant());
    if (change.isEmpty()) return "";
    String tzid = event.getProperty(Property.DTSTART).flatMap(p -> p.<Parameter>getParameter(Parameter.TZID))
        .map(p -> Text.printable(p.getValue())).orElse("its time zone");
    return " (" + tzid + ": " + change + ")";
  }

  /** The length of the event's first occurrence, for how far back to look; zero when unknown. */
  private static Duration baseLength(VEvent event, Temporal start, ZoneId zone) {
    try {
      Temporal end = event.<Temporal>getEndDate(true).map(d -> d.getDate()).orElse(null);
      if (end == null) return Duration.ZERO;
      Duration d = Duration.between(instant(start, zone), instant(end, zone));
      return d.isNegative() ? Duration.ZERO : d;
    } catch (RuntimeException e) {
      return Duration.ZERO; // the expansion reports what is wrong with the event
    }
  }

  /** ical4j wants the range in the same kind of temporal as DTSTART. */
  private static Period<? extends Temporal> range(Temporal start, ZoneId zone, Instant from, Instant until) {
    return switch (start) {
      case LocalDate d -> new Period<>(LocalDateTime.ofInstant(from, zone).toLocalDate().minusDays(1),
          LocalDateTime.ofInstant(until, zone).toLocalDate().plusDays(1));
      case LocalDateTime d -> new Period<>(LocalDateTime.ofInstant(from, zone).minusDays(1),
          LocalDateTime.ofInstant(until, zone).plusDays(1));
      default -> new Period<>(from.atZone(ZoneOffset.UTC), until.atZone(ZoneOffset.UTC));
    };
  }

  private static Instant instant(Temporal t, ZoneId zone) {
    return switch (t) {
      case ZonedDateTime z -> z.toInstant();
      case OffsetDateTime o -> o.toInstant();
      case Instant i -> i;
      case LocalDateTime l -> LocalTimes.instant(l, zone);
      case LocalDate d -> d.atStartOfDay(zone).toInstant();
      default -> throw new BadInputException("unsupported date value in iCalendar text: " + t);
    };
  }

}

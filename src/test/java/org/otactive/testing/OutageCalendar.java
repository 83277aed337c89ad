package org.otactive.testing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;

/**
 * A plant's outage calendar ({@code .ics}) written relative to a given moment, so a test importing
 * it finds the same windows whatever today's date: a weekly outage with one occurrence cancelled
 * (RRULE, EXDATE, TZID), an all-day turnaround, a floating vendor visit with a DURATION, and one
 * outage already past.
 */
public final class OutageCalendar {
  /** The windows ahead of the moment: 6 weekly occurrences less the cancelled one, the turnaround, the visit. */
  public static final int WINDOWS_AHEAD = 7;

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
  private static final String HEAD = """
      BEGIN:VCALENDAR\r
      VERSION:2.0\r
      PRODID:-//otactive tests//outages//EN\r
      BEGIN:VTIMEZONE\r
      TZID:Europe/Berlin\r
      BEGIN:DAYLIGHT\r
      TZOFFSETFROM:+0100\r
      TZOFFSETTO:+0200\r
      TZNAME:CEST\r
      DTSTART:19700329T020000\r
      RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r
      END:DAYLIGHT\r
      BEGIN:STANDARD\r
      TZOFFSETFROM:+0200\r
      TZOFFSETTO:+0100\r
      TZNAME:CET\r
      DTSTART:19701025T030000\r
      RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r
      END:STANDARD\r
      END:VTIMEZONE\r
      """;

  private OutageCalendar() {}

  /** The calendar as seen at {@code now}: {@link #WINDOWS_AHEAD} windows ahead, one past. */
  public static String relativeTo(Instant now) {
    LocalDate today = LocalDate.ofInstant(now, BERLIN);
    LocalDateTime firstSunday = today.plusDays(1).with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)).atTime(2, 0);
    LocalDate turnaround = today.plusDays(10);
    LocalDateTime visit = today.plusDays(20).atTime(9, 0);
    return HEAD + event("weekly-outage", "Line 2 weekly outage",
        "DTSTART;TZID=Europe/Berlin:" + LOCAL.format(firstSunday) + "\r\n"
            + "DTEND;TZID=Europe/Berlin:" + LOCAL.format(firstSunday.plusHours(3)) + "\r\n"
            + "RRULE:FREQ=WEEKLY;BYDAY=SU;COUNT=6\r\n"
            + "EXDATE;TZID=Europe/Berlin:" + LOCAL.format(firstSunday.plusWeeks(2)) + "\r\n")
        + event("turnaround", "Turnaround", "DTSTART;VALUE=DATE:" + DATE.format(turnaround) + "\r\n"
            + "DTEND;VALUE=DATE:" + DATE.format(turnaround.plusDays(2)) + "\r\n")
        + event("floating", "Vendor visit", "DTSTART:" + LOCAL.format(visit) + "\r\nDURATION:PT2H30M\r\n")
        + past(today)
        + "END:VCALENDAR\r\n";
  }

  /** A calendar whose only event ended before {@code now}. */
  public static String allPast(Instant now) {
    return HEAD + past(LocalDate.ofInstant(now, BERLIN)) + "END:VCALENDAR\r\n";
  }

  private static String past(LocalDate today) {
    LocalDateTime start = today.minusDays(3).atTime(2, 0);
    return event("past", "Last week's outage", "DTSTART;TZID=Europe/Berlin:" + LOCAL.format(start) + "\r\n"
        + "DTEND;TZID=Europe/Berlin:" + LOCAL.format(start.plusHours(3)) + "\r\n");
  }

  private static String event(String uid, String summary, String times) {
    return "BEGIN:VEVENT\r\nUID:" + uid + "@plant.example\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:" + summary + "\r\n" + times
        + "END:VEVENT\r\n";
  }
}

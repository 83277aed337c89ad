package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.otactive.schedule.WindowsTest.assertBad;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class IcsCalendarTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant YEAR_START = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant YEAR_END = Instant.parse("2027-01-01T00:00:00Z");

  static String resource(String name) {
    try (InputStream in = IcsCalendarTest.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing test resource " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OneOffWindow w(String start, String end) {
    return new OneOffWindow(Instant.parse(start), Instant.parse(end));
  }

  static List<OneOffWindow> expand(String file, ZoneId zone) {
    return IcsCalendar.expand(resource(file), zone, YEAR_START, YEAR_END);
  }

  @Test
  void weeklyBerlinEventAcrossTheSpringChangeWithOneDateExcluded() {
    // COUNT=6 from 2026-03-15: 15, 22, 29 March, 5 (excluded), 12, 19 April.
    // RFC 5545: a length given by DTEND is an exact duration, so on 29 March (02:00 does not
    // exist, the start moves to 03:00 CEST) the occurrence lasts 3 real hours, to 06:00 CEST.
    assertThat(expand("weekly-berlin.ics", ZoneId.of("UTC"))).containsExactly(
        w("2026-03-15T01:00:00Z", "2026-03-15T04:00:00Z"),
        w("2026-03-22T01:00:00Z", "2026-03-22T04:00:00Z"),
        w("2026-03-29T01:00:00Z", "2026-03-29T04:00:00Z"),
        w("2026-04-12T00:00:00Z", "2026-04-12T03:00:00Z"),
        w("2026-04-19T00:00:00Z", "2026-04-19T03:00:00Z"));
  }

  @Test
  void aMovedOccurrenceOpensAtItsNewTimeOnlyAndCancelledOnesOpenNoWindow() {
    // Sundays 02:00-04:00 from 6 Dec, 4 times; the 13th moved to Saturday 12th 22:00-24:00, the
    // 20th called off (STATUS:CANCELLED on its RECURRENCE-ID), a one-off event called off.
    assertThat(expand("moved-and-cancelled.ics", BERLIN)).containsExactly(
        w("2026-12-06T01:00:00Z", "2026-12-06T03:00:00Z"),
        w("2026-12-12T21:00:00Z", "2026-12-12T23:00:00Z"),
        w("2026-12-27T01:00:00Z", "2026-12-27T03:00:00Z"));
    String thisAndFuture = resource("moved-and-cancelled.ics")
        .replace("RECURRENCE-ID;TZID=Europe/Berlin:20261213T020000", "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Berlin:20261213T020000");
    assertBad(() -> IcsCalendar.expand(thisAndFuture, BERLIN, YEAR_START, YEAR_END), "series@otactive.test", "RANGE",
        "each changed occurrence as an event of its own");
  }

  @Test
  void countAndUntilEndTheRecurrenceAndOtherComponentsAreIgnored() {
    assertThat(expand("count-until.ics", BERLIN)).containsExactly(
        w("2026-06-01T01:00:00Z", "2026-06-01T01:30:00Z"),
        w("2026-06-02T01:00:00Z", "2026-06-02T01:30:00Z"),
        w("2026-06-03T01:00:00Z", "2026-06-03T01:30:00Z"),
        w("2026-06-10T12:00:00Z", "2026-06-10T13:00:00Z"),
        w("2026-06-17T12:00:00Z", "2026-06-17T13:00:00Z"),
        w("2026-06-24T12:00:00Z", "2026-06-24T13:00:00Z"));
  }

  @Test
  void durationInsteadOfDtendAndAnExtraRdate() {
    assertThat(expand("duration-new-york.ics", BERLIN)).containsExactly(
        w("2026-03-08T04:00:00Z", "2026-03-08T05:30:00Z"), // 23:00 EST
        w("2026-03-09T03:00:00Z", "2026-03-09T04:30:00Z"), // 23:00 EDT
        w("2026-03-20T13:00:00Z", "2026-03-20T14:30:00Z")); // RDATE 09:00 EDT
  }

  @Test
  void allDayEventsAreWholeLocalDaysOfTheDefaultZone() {
    assertThat(expand("all-day.ics", BERLIN)).containsExactly(w("2026-04-30T22:00:00Z", "2026-05-02T22:00:00Z"));
    assertThat(expand("all-day.ics", ZoneId.of("America/New_York")))
        .containsExactly(w("2026-05-01T04:00:00Z", "2026-05-03T04:00:00Z"));
  }

  @Test
  void floatingTimesAreLocalToTheDefaultZone() {
    assertThat(expand("floating.ics", BERLIN)).containsExactly(w("2026-06-01T20:00:00Z", "2026-06-01T21:30:00Z"));
    assertThat(expand("floating.ics", ZoneId.of("Australia/Sydney")))
        .containsExactly(w("2026-06-01T12:00:00Z", "2026-06-01T13:30:00Z"));
  }

  @Test
  void bareLineFeedsAndAnOutlookStyleTimeZoneAreRead() {
    String lf = resource("floating.ics").replace("\r\n", "\n");
    assertThat(IcsCalendar.expand(lf, BERLIN, YEAR_START, YEAR_END)).containsExactly(w("2026-06-01T20:00:00Z", "2026-06-01T21:30:00Z"));
    // a TZID that is no tz database name, defined by the file's own VTIMEZONE (as Outlook writes)
    assertThat(expand("outlook-zone.ics", ZoneId.of("UTC"))).containsExactly(
        w("2026-03-27T23:00:00Z", "2026-03-28T01:00:00Z"), // 00:00-02:00 +01:00
        w("2026-03-28T23:00:00Z", "2026-03-29T01:00:00Z"), // 00:00 +01:00, 2 exact hours (DTEND) to 03:00 +02:00
        w("2026-03-29T22:00:00Z", "2026-03-30T00:00:00Z")); // 00:00-02:00 +02:00
  }

  @Test
  void onlyOccurrencesOverlappingTheRangeAreReturned() {
    String ics = resource("count-until.ics");
    // from inside the second occurrence (01:00-01:30 on 2 June) to the start of the 10 June one
    assertThat(IcsCalendar.expand(ics, BERLIN, Instant.parse("2026-06-02T01:15:00Z"), Instant.parse("2026-06-10T12:00:00Z")))
        .containsExactly(w("2026-06-02T01:00:00Z", "2026-06-02T01:30:00Z"), w("2026-06-03T01:00:00Z", "2026-06-03T01:30:00Z"));
    assertThat(IcsCalendar.expand(ics, BERLIN, Instant.parse("2026-07-01T00:00:00Z"), YEAR_END)).isEmpty();
  }

  @Test
  void theWindowsCanBeUsedDirectly() {
    Windows w = new Windows(BERLIN, expand("weekly-berlin.ics", BERLIN));
    assertThat(w.nextOpen(Instant.parse("2026-03-30T00:00:00Z"))).contains(Instant.parse("2026-04-12T00:00:00Z"));
    assertThat(w.openUntil(Instant.parse("2026-03-29T02:00:00Z"))).contains(Instant.parse("2026-03-29T04:00:00Z"));
  }

  @Test
  void badTextIsRefusedWithOneLine() {
    assertBad(() -> expand("not-ics.ics", BERLIN), "not valid iCalendar text", "Maintenance");
    assertBad(() -> expand("broken-date.ics", BERLIN), "not valid iCalendar text", "2026-06-01 02:00");
    assertBad(() -> expand("no-vevent.ics", BERLIN), "no VEVENT");
    assertBad(() -> IcsCalendar.expand("", BERLIN, YEAR_START, YEAR_END), "empty");
    String noStart = resource("floating.ics").replaceAll("DTSTART:[^\\r\\n]*\\r?\\n", "");
    assertBad(() -> IcsCalendar.expand(noStart, BERLIN, YEAR_START, YEAR_END), "floating@otactive.test", "no DTSTART");
    String mars = resource("floating.ics").replace("DTSTART:", "DTSTART;TZID=Mars/Olympus:");
    assertBad(() -> IcsCalendar.expand(mars, BERLIN, YEAR_START, YEAR_END), "floating@otactive.test", "Mars/Olympus");
    String everySecond = resource("count-until.ics").replace("FREQ=DAILY;COUNT=3", "FREQ=SECONDLY");
    assertBad(() -> IcsCalendar.expand(everySecond, BERLIN, YEAR_START, YEAR_END), "count@otactive.test", "SECONDLY");
    String hourly = resource("count-until.ics").replace("FREQ=DAILY;COUNT=3", "FREQ=HOURLY");
    assertBad(() -> IcsCalendar.expand(hourly, BERLIN, YEAR_START, Instant.parse("2028-01-01T00:00:00Z")), "more than 10000");
    assertThat(IcsCalendar.expand(hourly, BERLIN, YEAR_START, YEAR_END)).hasSize(214 * 24 - 1 + 3); // 1 June 01:00Z to the year end hourly, and the weekly 3
    String backwards = resource("floating.ics").replace("DTEND:20260601T233000", "DTEND:20260601T210000");
    assertBad(() -> IcsCalendar.expand(backwards, BERLIN, YEAR_START, YEAR_END), "floating@otactive.test", "2026-06-01T21:00");
    // a one-time event that the spring change of the clocks empties: named as such, in the zone's own name
    String skipped = resource("floating.ics").replace("DTSTART:20260601T220000", "DTSTART;TZID=Europe/Berlin:20270328T023000")
        .replace("DTEND:20260601T233000", "DTEND;TZID=Europe/Berlin:20270328T033000");
    assertThatThrownBy(() -> IcsCalendar.expand(skipped, BERLIN, YEAR_START, Instant.parse("2028-01-01T00:00:00Z")))
        .hasMessage("event 'floating@otactive.test' ends at 2027-03-28T03:30+02:00, not after its start 2027-03-28T03:30+02:00"
            + " (Europe/Berlin: the clock jumps from 02:00 to 03:00 on 2027-03-28: a time it skips counts as 1h later)");
    String twice = skipped.replace("20270328T023000", "20271031T023000").replace("20270328T033000", "20271031T021000");
    assertThatThrownBy(() -> IcsCalendar.expand(twice, BERLIN, YEAR_START, Instant.parse("2028-01-01T00:00:00Z")))
        .hasMessage("event 'floating@otactive.test' ends at 2027-10-31T02:10+02:00, not after its start 2027-10-31T02:30+02:00"
            + " (Europe/Berlin: the clock shows 02:00 to 03:00 twice on 2027-10-31: a time in it counts as the first)");
  }
}

package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otactive.common.BadInputException;

/** A plant's outage calendar read as maintenance windows. */
class OutageCalendarTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant FROM = Instant.parse("2026-09-01T00:00:00Z");
  private static final Instant UNTIL = Instant.parse("2027-09-01T00:00:00Z");

  private static String read(String name) throws IOException {
    try (InputStream in = OutageCalendarTest.class.getResourceAsStream("/ics/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static OneOffWindow w(String start, String end) {
    return new OneOffWindow(Instant.parse(start), Instant.parse(end));
  }

  @Test
  void weeklyEventsAcrossTheClockChangeWithAnExceptionAllDayAndFloatingEvents() throws IOException {
    List<OneOffWindow> windows = IcsCalendar.expand(read("outages.ics"), BERLIN, FROM, UNTIL);
    assertThat(windows).containsExactly(
        // Sundays 02:00-05:00 Berlin time, 6 times, 18 October excepted. 25 October is the fall-back
        // day: RFC 5545 gives every occurrence the exact duration of DTEND - DTSTART (3 real hours),
        // so it ends at 04:00 CET there.
        w("2026-10-04T00:00:00Z", "2026-10-04T03:00:00Z"),
        w("2026-10-11T00:00:00Z", "2026-10-11T03:00:00Z"),
        w("2026-10-25T00:00:00Z", "2026-10-25T03:00:00Z"),
        w("2026-11-01T01:00:00Z", "2026-11-01T04:00:00Z"),
        w("2026-11-08T01:00:00Z", "2026-11-08T04:00:00Z"),
        // The all-day turnaround: 1 and 2 December, whole local days.
        w("2026-11-30T23:00:00Z", "2026-12-02T23:00:00Z"),
        // A floating 09:00 with a duration, read in the site's zone.
        w("2026-12-10T08:00:00Z", "2026-12-10T10:30:00Z"));
  }

  @Test
  void onlyOccurrencesInTheSpanAreKept() throws IOException {
    List<OneOffWindow> windows = IcsCalendar.expand(read("outages.ics"), BERLIN,
        Instant.parse("2026-11-01T02:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(windows).containsExactly(w("2026-11-01T01:00:00Z", "2026-11-01T04:00:00Z"),
        w("2026-11-08T01:00:00Z", "2026-11-08T04:00:00Z"), w("2026-11-30T23:00:00Z", "2026-12-02T23:00:00Z"));
  }

  @Test
  void badCalendarsGetOneLineErrors() throws IOException {
    String noEvent = read("no-event.ics");
    assertThatThrownBy(() -> IcsCalendar.expand(noEvent, BERLIN, FROM, UNTIL))
        .isInstanceOf(BadInputException.class).hasMessage("no VEVENT in the iCalendar text");
    String broken = read("broken.ics");
    assertThatThrownBy(() -> IcsCalendar.expand(broken, BERLIN, FROM, UNTIL))
        .isInstanceOf(BadInputException.class).hasMessageStartingWith("not valid iCalendar text")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> IcsCalendar.expand("hello", BERLIN, FROM, UNTIL)).isInstanceOf(BadInputException.class);
  }
}

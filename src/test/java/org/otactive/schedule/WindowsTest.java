package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.otactive.common.BadInputException;

class WindowsTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");

  static Instant at(String utc) {
    return Instant.parse(utc);
  }

  static Windows sundayNights(ZoneId zone) {
    return new Windows(zone, List.of(RecurringWindow.parse("0 2 * * 0", "3h")));
  }

  /** Asserts the window opens exactly at start (UTC) and closes exactly at end. */
  static void assertWindow(Windows w, String start, String end) {
    Instant s = at(start);
    Instant e = at(end);
    assertThat(w.isOpen(s.minusNanos(1))).as("closed just before %s", start).isFalse();
    assertThat(w.isOpen(s)).as("open at %s", start).isTrue();
    assertThat(w.isOpen(e.minusNanos(1))).as("open just before %s", end).isTrue();
    assertThat(w.isOpen(e)).as("closed at %s", end).isFalse();
    assertThat(w.openUntil(s)).contains(e);
    assertThat(w.openUntil(e.minusSeconds(60))).contains(e);
    assertThat(w.nextOpen(s.minus(Duration.ofHours(20)))).contains(s);
    assertThat(w.nextOpen(s.minusNanos(1))).contains(s);
    assertThat(w.nextOpen(s.plusSeconds(1))).contains(s.plusSeconds(1));
  }

  @Test
  void berlinSundayNightOnNormalWeeksInWinterAndSummer() {
    Windows w = sundayNights(BERLIN);
    assertWindow(w, "2026-03-22T01:00:00Z", "2026-03-22T04:00:00Z"); // CET, +01
    assertWindow(w, "2026-06-07T00:00:00Z", "2026-06-07T03:00:00Z"); // CEST, +02
    assertThat(w.isOpen(at("2026-06-08T01:00:00Z"))).isFalse(); // a Monday
  }

  @Test
  void berlinSpringForwardStartsAtThreeWhenTwoDoesNotExistAndLastsTwoHours() {
    Windows w = sundayNights(BERLIN);
    // 02:00 does not exist on 2026-03-29: shifted by the hour-long gap to 03:00 CEST (01:00Z);
    // the end 05:00 CEST is 03:00Z, two real hours.
    assertWindow(w, "2026-03-29T01:00:00Z", "2026-03-29T03:00:00Z");
    assertThat(w.nextOpen(at("2026-03-22T04:00:00Z"))).contains(at("2026-03-29T01:00:00Z"));
  }

  @Test
  void berlinFallBackStartsAtTheFirstTwoOClockAndLastsFourHours() {
    Windows w = sundayNights(BERLIN);
    // 02:00 happens twice on 2026-10-25: the earlier (CEST, 00:00Z) opens; 05:00 CET is 04:00Z.
    assertWindow(w, "2026-10-25T00:00:00Z", "2026-10-25T04:00:00Z");
    assertThat(w.isOpen(at("2026-10-25T01:30:00Z"))).isTrue(); // the second 02:30
  }

  @Test
  void newYorkAroundBothChanges() {
    Windows w = sundayNights(NEW_YORK);
    assertWindow(w, "2026-03-01T07:00:00Z", "2026-03-01T10:00:00Z"); // EST
    assertWindow(w, "2026-03-08T07:00:00Z", "2026-03-08T09:00:00Z"); // 02:00 in the gap -> 03:00 EDT
    assertWindow(w, "2026-11-01T07:00:00Z", "2026-11-01T10:00:00Z"); // after the overlap: 3 real hours
    Windows early = new Windows(NEW_YORK, List.of(RecurringWindow.parse("0 1 * * 0", "3h")));
    // 01:00 on 2026-11-01 happens twice: opens at the first (EDT, 05:00Z), ends 04:00 EST (09:00Z)
    assertWindow(early, "2026-11-01T05:00:00Z", "2026-11-01T09:00:00Z");
  }

  @Test
  void sydneyHasItsChangesInAprilAndOctober() {
    Windows w = sundayNights(SYDNEY);
    assertWindow(w, "2026-06-13T16:00:00Z", "2026-06-13T19:00:00Z"); // AEST, +10
    // 2026-04-05: 02:00 happens twice, the first is AEDT (+11); 05:00 AEST is 19:00Z: 4 hours
    assertWindow(w, "2026-04-04T15:00:00Z", "2026-04-04T19:00:00Z");
    // 2026-10-04: 02:00 is in the gap -> 03:00 AEDT (16:00Z); 05:00 AEDT is 18:00Z: 2 hours
    assertWindow(w, "2026-10-03T16:00:00Z", "2026-10-03T18:00:00Z");
  }

  @Test
  void aWindowWhollyInsideTheGapIsEmptyThatDay() {
    Windows w = new Windows(BERLIN, List.of(RecurringWindow.parse("30 2 * * *", "30m")));
    assertThat(w.isOpen(at("2026-03-28T01:40:00Z"))).isTrue(); // Saturday 02:40 CET
    // Sunday 02:30-03:00 never shows on the wall clock: mapped to 03:30 CEST - 03:00 CEST, nothing
    for (int m = 0; m < 180; m++) assertThat(w.isOpen(at("2026-03-29T00:00:00Z").plusSeconds(60L * m))).isFalse();
    assertThat(w.nextOpen(at("2026-03-28T12:00:00Z"))).contains(at("2026-03-30T00:30:00Z"));
    // a window inside the gap that does not end at its edge is shifted whole: 02:10-02:40 is 03:10-03:40 CEST
    Windows shifted = new Windows(BERLIN, List.of(RecurringWindow.parse("10 2 * * *", "30m")));
    assertWindow(shifted, "2026-03-29T01:10:00Z", "2026-03-29T01:40:00Z");
  }

  @Test
  void openUntilChainsAdjacentAndOverlappingWindows() {
    Windows w = new Windows(BERLIN, List.of(
        RecurringWindow.parse("0 2 * * *", "1h"),
        RecurringWindow.parse("0 3 * * *", "2h"),
        OneOffWindow.local(LocalDateTime.parse("2026-06-10T04:30"), LocalDateTime.parse("2026-06-10T08:00"), BERLIN)));
    assertThat(w.openUntil(at("2026-06-09T00:30:00Z"))).contains(at("2026-06-09T03:00:00Z"));
    assertThat(w.openUntil(at("2026-06-10T00:30:00Z"))).contains(at("2026-06-10T06:00:00Z"));
    assertThat(w.openUntil(at("2026-06-10T06:00:00Z"))).isEmpty();
    assertThat(w.nextOpen(at("2026-06-10T06:00:00Z"))).contains(at("2026-06-11T00:00:00Z"));
  }

  @Test
  void oneOffWindowInLocalTime() {
    OneOffWindow o = OneOffWindow.local(LocalDateTime.parse("2026-10-25T01:30"), LocalDateTime.parse("2026-10-25T02:30"), BERLIN);
    assertThat(o.start()).isEqualTo(at("2026-10-24T23:30:00Z"));
    assertThat(o.end()).isEqualTo(at("2026-10-25T00:30:00Z")); // the first 02:30 (CEST)
    OneOffWindow gap = OneOffWindow.local(LocalDateTime.parse("2026-03-29T02:30"), LocalDateTime.parse("2026-03-29T04:00"), BERLIN);
    assertThat(gap.start()).isEqualTo(at("2026-03-29T01:30:00Z")); // 03:30 CEST
    Windows w = new Windows(BERLIN, List.of(o));
    assertThat(w.nextOpen(at("2026-10-01T00:00:00Z"))).contains(o.start());
    assertThat(w.openUntil(o.start())).contains(o.end());
    assertThat(w.nextOpen(o.end())).isEmpty();
  }

  @Test
  void noWindowsIsNeverOpen() {
    Windows w = Windows.none(BERLIN);
    assertThat(w.isOpen(at("2026-01-01T00:00:00Z"))).isFalse();
    assertThat(w.openUntil(at("2026-01-01T00:00:00Z"))).isEmpty();
    assertThat(w.nextOpen(at("2026-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void nextOpenLooksFourHundredDaysAhead() {
    Windows leap = new Windows(BERLIN, List.of(RecurringWindow.parse("0 0 29 2 *", "1h")));
    assertThat(leap.nextOpen(at("2027-01-01T00:00:00Z"))).isEmpty(); // next is 2028-02-29, 424 days on
    assertThat(leap.nextOpen(at("2027-03-01T00:00:00Z"))).contains(at("2028-02-28T23:00:00Z"));
  }

  @Test
  void cronFieldsMeanWhatUnixCronMeans() {
    assertThat(CronCalendar.of("*/20 8-9 * * *").minutesOfDay()).containsExactly(480, 500, 520, 540, 560, 580);
    Windows sundays7 = new Windows(ZoneId.of("UTC"), List.of(RecurringWindow.parse("0 2 * * 7", "1h")));
    assertThat(sundays7.isOpen(at("2026-06-07T02:00:00Z"))).isTrue(); // 7 is Sunday as 0 is
    Windows weekdays = new Windows(ZoneId.of("UTC"), List.of(RecurringWindow.parse("30 1 * * MON-FRI", "1h")));
    assertThat(weekdays.isOpen(at("2026-06-05T01:30:00Z"))).isTrue(); // Friday
    assertThat(weekdays.isOpen(at("2026-06-06T01:30:00Z"))).isFalse(); // Saturday
    // both day fields restricted: either one matching is enough (1st of the month, or a Monday)
    Windows either = new Windows(ZoneId.of("UTC"), List.of(RecurringWindow.parse("0 0 1 * 1", "1h")));
    assertThat(either.isOpen(at("2026-07-01T00:30:00Z"))).isTrue(); // Wednesday the 1st
    assertThat(either.isOpen(at("2026-07-06T00:30:00Z"))).isTrue(); // Monday the 6th
    assertThat(either.isOpen(at("2026-07-07T00:30:00Z"))).isFalse();
  }

  @Test
  void parseReadsTheShortDurationForms() {
    assertThat(RecurringWindow.parse("0 2 * * 0", "90m").duration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(RecurringWindow.parse("0 2 * * 0", "2h30m").duration()).isEqualTo(Duration.ofMinutes(150));
    assertThat(RecurringWindow.parse("0 2 * * 0", "1d").duration()).isEqualTo(Duration.ofDays(1));
    assertThat(RecurringWindow.parse(" 0  2 * * 0 ", "3h").cron()).isEqualTo("0 2 * * 0");
  }

  @Test
  void badInputIsRefusedWithOneLineNamingTheValue() {
    assertBad(() -> OneOffWindow.local(LocalDateTime.parse("2026-05-02T10:00"), LocalDateTime.parse("2026-05-02T09:00"), BERLIN),
        "2026-05-02T09:00", "2026-05-02T10:00");
    // the clock's changes are named when they make the window empty
    assertThatThrownBy(() -> OneOffWindow.local(LocalDateTime.parse("2027-03-28T02:30"), LocalDateTime.parse("2027-03-28T03:30"), BERLIN))
        .hasMessage("window ends at 2027-03-28T03:30, not after its start 2027-03-28T02:30 (Europe/Berlin: the clock jumps"
            + " from 02:00 to 03:00 on 2027-03-28: a time it skips counts as 1h later)");
    assertThatThrownBy(() -> OneOffWindow.local(LocalDateTime.parse("2027-10-31T02:30"), LocalDateTime.parse("2027-10-31T02:10"), BERLIN))
        .hasMessage("window ends at 2027-10-31T02:10, not after its start 2027-10-31T02:30 (Europe/Berlin: the clock shows"
            + " 02:00 to 03:00 twice on 2027-10-31: a time in it counts as the first)");
    assertBad(() -> new OneOffWindow(at("2026-05-02T10:00:00Z"), at("2026-05-02T10:00:00Z")), "2026-05-02T10:00:00Z");
    assertBad(() -> RecurringWindow.parse("61 * * * *", "1h"), "61 * * * *");
    assertBad(() -> RecurringWindow.parse("0 2 * *", "1h"), "0 2 * *");
    assertBad(() -> RecurringWindow.parse("0 0 30 2 *", "1h"), "0 0 30 2 *", "never");
    assertBad(() -> RecurringWindow.parse("0 2 * * 0", "0m"), "0m");
    assertBad(() -> RecurringWindow.parse("0 2 * * 0", "8d"), "'8d'");
    assertBad(() -> RecurringWindow.parse("0 2 * * 0", "169h"), "'169h'");
    assertBad(() -> new RecurringWindow("0 2 * * 0", Duration.ofDays(8)), "8d");
    assertBad(() -> RecurringWindow.parse("0 2 * * 0", "3 hours"), "3 hours");
    assertBad(() -> new RecurringWindow("0 2 * * 0", Duration.ofSeconds(90)), "0 2 * * 0");
    assertBad(() -> RecurringWindow.parse("0 * * * *", "2h"), "0 * * * *", "2h", "1h");
    assertBad(() -> RecurringWindow.parse("0 2 * * 5,6", "25h"), "0 2 * * 5,6", "25h", "1d");
    assertThat(RecurringWindow.parse("0 * * * *", "1h").duration()).isEqualTo(Duration.ofHours(1)); // adjacent is fine
  }

  static void assertBad(Runnable r, String... mentions) {
    assertThatThrownBy(r::run).isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(mentions).doesNotContain("\n"));
  }

  @Test
  void windowsIsAValueOfItsDefinitions() {
    Windows w = sundayNights(BERLIN);
    assertThat(w.zone()).isEqualTo(BERLIN);
    assertThat(w.definitions()).containsExactly(new RecurringWindow("0 2 * * 0", Duration.ofHours(3)));
    assertThat(w.openUntil(at("2026-06-08T01:00:00Z"))).isEqualTo(Optional.empty());
  }
}

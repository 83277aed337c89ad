package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otactive.scope.BadInputException;

/** Maintenance windows on ordinary days and on the days the clocks change. */
class WindowsTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
  private static final RecurringWindow SUNDAY_2_TO_5 = RecurringWindow.parse("0 2 * * 0", "3h");

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void anOrdinarySundayInBerlin() {
    Windows w = new Windows(BERLIN, List.of(SUNDAY_2_TO_5));
    // 2026-12-06 is a Sunday; Berlin is UTC+1 in winter.
    assertThat(w.isOpen(at("2026-12-06T00:59:59Z"))).isFalse();
    assertThat(w.isOpen(at("2026-12-06T01:00:00Z"))).isTrue();
    assertThat(w.openUntil(at("2026-12-06T02:00:00Z"))).contains(at("2026-12-06T04:00:00Z"));
    assertThat(w.isOpen(at("2026-12-06T04:00:00Z"))).isFalse();
    assertThat(w.nextOpen(at("2026-12-02T10:00:00Z"))).contains(at("2026-12-06T01:00:00Z"));
    assertThat(w.nextOpen(at("2026-12-06T04:00:00Z"))).contains(at("2026-12-13T01:00:00Z"));
  }

  @Test
  void springForwardInBerlinWhere0200DoesNotExist() {
    Windows w = new Windows(BERLIN, List.of(SUNDAY_2_TO_5));
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST. The start moves forward to 03:00 CEST (01:00Z);
    // the end stays 05:00 local (03:00Z): two hours of real time.
    assertThat(w.nextOpen(at("2026-03-28T12:00:00Z"))).contains(at("2026-03-29T01:00:00Z"));
    assertThat(w.isOpen(at("2026-03-29T00:59:59Z"))).isFalse();
    assertThat(w.openUntil(at("2026-03-29T01:00:00Z"))).contains(at("2026-03-29T03:00:00Z"));
    assertThat(w.isOpen(at("2026-03-29T03:00:00Z"))).isFalse();
  }

  @Test
  void fallBackInBerlinGivesFourHours() {
    Windows w = new Windows(BERLIN, List.of(SUNDAY_2_TO_5));
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET. 02:00 (first, CEST) = 00:00Z; 05:00 CET = 04:00Z.
    assertThat(w.nextOpen(at("2026-10-24T12:00:00Z"))).contains(at("2026-10-25T00:00:00Z"));
    assertThat(w.openUntil(at("2026-10-25T00:00:00Z"))).contains(at("2026-10-25T04:00:00Z"));
    assertThat(w.isOpen(at("2026-10-25T03:59:59Z"))).isTrue();
  }

  @Test
  void newYorkAndSydneyChangeOnOtherDays() {
    Windows ny = new Windows(NEW_YORK, List.of(SUNDAY_2_TO_5));
    // 2026-03-08: 02:00 EST jumps to 03:00 EDT; the window runs 03:00-05:00 EDT = 07:00Z-09:00Z.
    assertThat(ny.nextOpen(at("2026-03-07T12:00:00Z"))).contains(at("2026-03-08T07:00:00Z"));
    assertThat(ny.openUntil(at("2026-03-08T07:00:00Z"))).contains(at("2026-03-08T09:00:00Z"));
    Windows syd = new Windows(SYDNEY, List.of(SUNDAY_2_TO_5));
    // 2026-04-05: Sydney falls back at 03:00 AEDT to 02:00 AEST; 02:00 AEDT = 15:00Z on the 4th, 05:00 AEST = 19:00Z.
    assertThat(syd.nextOpen(at("2026-04-04T00:00:00Z"))).contains(at("2026-04-04T15:00:00Z"));
    assertThat(syd.openUntil(at("2026-04-04T15:00:00Z"))).contains(at("2026-04-04T19:00:00Z"));
  }

  @Test
  void oneOffWindowsAndChains() {
    OneOffWindow a = OneOffWindow.local(LocalDateTime.parse("2026-12-02T09:00"), LocalDateTime.parse("2026-12-02T12:00"), BERLIN);
    OneOffWindow b = OneOffWindow.local(LocalDateTime.parse("2026-12-02T12:00"), LocalDateTime.parse("2026-12-02T13:30"), BERLIN);
    Windows w = new Windows(BERLIN, List.of(a, b));
    assertThat(a.start()).isEqualTo(at("2026-12-02T08:00:00Z"));
    assertThat(w.openUntil(at("2026-12-02T09:00:00Z"))).as("touching windows chain").contains(at("2026-12-02T12:30:00Z"));
    assertThat(w.nextOpen(at("2026-12-02T12:30:00Z"))).isEmpty();
    assertThat(Windows.none(BERLIN).nextOpen(at("2026-12-02T12:30:00Z"))).isEmpty();
  }

  @Test
  void badWindowsAreRefusedWithTheValueNamed() {
    assertThatThrownBy(() -> OneOffWindow.local(LocalDateTime.parse("2026-12-02T09:00"), LocalDateTime.parse("2026-12-02T08:00"), BERLIN))
        .isInstanceOf(BadInputException.class).hasMessage("the window ends (2026-12-02T08:00) before it starts (2026-12-02T09:00)");
    assertThatThrownBy(() -> RecurringWindow.parse("0 2 * *", "3h")).hasMessageContaining("'0 2 * *'");
    assertThatThrownBy(() -> RecurringWindow.parse("0 25 * * 0", "3h")).hasMessageContaining("'0 25 * * 0'");
    assertThatThrownBy(() -> RecurringWindow.parse("0 2 * * 0", "0m")).hasMessageContaining("out of range: 0m");
    assertThatThrownBy(() -> RecurringWindow.parse("0 2 * * 0", "8d")).hasMessageContaining("out of range: 8d");
    assertThatThrownBy(() -> RecurringWindow.parse("0 2 * * 0", "soon")).hasMessageContaining("'soon'");
    assertThatThrownBy(() -> RecurringWindow.parse("0 * * * *", "2h")).hasMessageContaining("overlaps its next opening 1h later");
    assertThat(RecurringWindow.parse("0 * * * *", "1h").duration()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void schedulesEveryIntervalAndAtTimesAcrossDst() {
    Instant anchor = at("2026-03-28T00:00:00Z");
    RunSchedule every = RunSchedule.parse("every 6h", anchor);
    assertThat(every.nextAfter(anchor, BERLIN)).isEqualTo(at("2026-03-28T06:00:00Z"));
    assertThat(every.nextAfter(at("2026-03-29T05:59:59Z"), BERLIN)).isEqualTo(at("2026-03-29T06:00:00Z"));
    assertThat(every.spec()).isEqualTo("every 6h");
    RunSchedule times = RunSchedule.parse("at 14:30,02:30", anchor);
    assertThat(times.spec()).isEqualTo("at 02:30,14:30");
    // 02:30 does not exist on 2026-03-29 in Berlin: it is due at 03:30 CEST (01:30Z).
    assertThat(times.nextAfter(at("2026-03-28T20:00:00Z"), BERLIN)).isEqualTo(at("2026-03-29T01:30:00Z"));
    // 02:30 happens twice on 2026-10-25: due once, at the first (00:30Z), next is 14:30 CET.
    assertThat(times.nextAfter(at("2026-10-25T00:30:00Z"), BERLIN)).isEqualTo(at("2026-10-25T13:30:00Z"));
    assertThat(RunSchedule.parse(times.spec(), anchor)).isEqualTo(times);
    for (String bad : List.of("every 0h", "every 200h", "at 25:00", "at 02:00,02:00", "sometimes", "at ")) {
      assertThatThrownBy(() -> RunSchedule.parse(bad, anchor)).as(bad).isInstanceOf(BadInputException.class);
    }
    Windows sundays = new Windows(BERLIN, List.of(SUNDAY_2_TO_5));
    assertThat(Planner.nextStart(every, sundays, BERLIN, at("2026-12-02T10:00:00Z"))).contains(at("2026-12-06T01:00:00Z"));
  }
}

package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.otactive.schedule.WindowsTest.assertBad;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunScheduleTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant ANCHOR = Instant.parse("2026-03-01T00:10:00Z");

  static Instant at(String utc) {
    return Instant.parse(utc);
  }

  @Test
  void everySixHoursFromTheAnchorInRealTime() {
    RunSchedule s = RunSchedule.parse("every 6h", ANCHOR);
    assertThat(s).isEqualTo(new EveryInterval(Duration.ofHours(6), ANCHOR));
    assertThat(s.nextAfter(ANCHOR, BERLIN)).isEqualTo(at("2026-03-01T06:10:00Z"));
    assertThat(s.nextAfter(at("2026-03-01T06:09:59.999Z"), BERLIN)).isEqualTo(at("2026-03-01T06:10:00Z"));
    assertThat(s.nextAfter(at("2026-03-01T06:10:00Z"), BERLIN)).isEqualTo(at("2026-03-01T12:10:00Z"));
    assertThat(s.nextAfter(at("2020-01-01T00:00:00Z"), BERLIN)).isEqualTo(at("2026-03-01T06:10:00Z")); // k >= 1
    // DST does not move it: still at 00:10Z on the spring-forward day, 112 intervals on
    assertThat(s.nextAfter(at("2026-03-29T00:00:00Z"), BERLIN)).isEqualTo(at("2026-03-29T00:10:00Z"));
  }

  @Test
  void atTimesOnAnOrdinaryDay() {
    RunSchedule s = RunSchedule.parse("at 14:30,02:00", ANCHOR);
    assertThat(s).isEqualTo(new AtTimes(List.of(LocalTime.of(2, 0), LocalTime.of(14, 30))));
    assertThat(s.nextAfter(at("2026-06-09T23:00:00Z"), BERLIN)).isEqualTo(at("2026-06-10T00:00:00Z")); // 02:00 CEST
    assertThat(s.nextAfter(at("2026-06-10T00:00:00Z"), BERLIN)).isEqualTo(at("2026-06-10T12:30:00Z")); // strictly after
    assertThat(s.nextAfter(at("2026-06-10T12:30:00Z"), BERLIN)).isEqualTo(at("2026-06-11T00:00:00Z"));
  }

  @Test
  void aTimeInTheSpringGapIsShiftedForwardByTheGap() {
    RunSchedule s = RunSchedule.parse("at 02:30", ANCHOR);
    assertThat(s.nextAfter(at("2026-03-28T23:00:00Z"), BERLIN)).isEqualTo(at("2026-03-29T01:30:00Z")); // 03:30 CEST
    assertThat(s.nextAfter(at("2026-03-29T01:30:00Z"), BERLIN)).isEqualTo(at("2026-03-30T00:30:00Z"));
  }

  @Test
  void aTimeInTheAutumnOverlapIsDueOnceAtItsFirstOccurrence() {
    RunSchedule s = RunSchedule.parse("at 02:30", ANCHOR);
    assertThat(s.nextAfter(at("2026-10-24T22:00:00Z"), BERLIN)).isEqualTo(at("2026-10-25T00:30:00Z")); // CEST
    // the second 02:30 (CET, 01:30Z) is not due again; the next run is on Monday
    assertThat(s.nextAfter(at("2026-10-25T00:30:00Z"), BERLIN)).isEqualTo(at("2026-10-26T01:30:00Z"));
    assertThat(s.nextAfter(at("2026-10-25T01:00:00Z"), BERLIN)).isEqualTo(at("2026-10-26T01:30:00Z"));
  }

  @Test
  void specReadsBack() {
    for (String spec : List.of("every 6h", "every 1h30m", "every 168h", "at 02:00,14:30", "at 00:00", "at 23:59")) {
      RunSchedule s = RunSchedule.parse(spec, ANCHOR);
      assertThat(RunSchedule.parse(s.spec(), ANCHOR)).isEqualTo(s);
    }
    assertThat(RunSchedule.parse("every 90m", ANCHOR).spec()).isEqualTo("every 1h30m");
    assertThat(RunSchedule.parse("every 1d", ANCHOR).spec()).isEqualTo("every 1d");
    assertThat(RunSchedule.parse("every 24h", ANCHOR).spec()).isEqualTo("every 1d");
    assertThat(RunSchedule.parse("at 14:30, 2:00", ANCHOR).spec()).isEqualTo("at 02:00,14:30");
  }

  @Test
  void badSpecsAreRefusedNamingTheValue() {
    assertBad(() -> RunSchedule.parse("every 0h", ANCHOR), "'0h'");
    assertBad(() -> RunSchedule.parse("every 30m", ANCHOR), "30m");
    assertBad(() -> RunSchedule.parse("every 169h", ANCHOR), "'169h'");
    assertBad(() -> new EveryInterval(java.time.Duration.ofMinutes(30), ANCHOR), "30m");
    assertBad(() -> RunSchedule.parse("every often", ANCHOR), "often");
    assertBad(() -> RunSchedule.parse("at 25:00", ANCHOR), "25:00");
    assertBad(() -> RunSchedule.parse("at 02:00,02:00", ANCHOR), "02:00");
    assertBad(() -> RunSchedule.parse("at 2pm", ANCHOR), "2pm");
    assertBad(() -> RunSchedule.parse("at ", ANCHOR), "bad run");
    assertBad(() -> RunSchedule.parse("sometimes", ANCHOR), "sometimes");
    assertBad(() -> RunSchedule.parse(null, ANCHOR), "bad run schedule");
    String many = "at " + String.join(",", java.util.stream.IntStream.range(0, 25)
        .mapToObj(i -> String.format("%02d:%02d", i % 24, i / 24)).toList());
    assertBad(() -> RunSchedule.parse(many, ANCHOR), "1 to 24");
  }

  @Test
  void plannerMovesADueRunToTheNextWindowOpening() {
    Windows sundays = new Windows(BERLIN, List.of(RecurringWindow.parse("0 2 * * 0", "3h")));
    RunSchedule every6h = RunSchedule.parse("every 6h", ANCHOR);
    // due 2026-03-02T00:10Z (a Monday): waits for Sunday 8 March 02:00 CET
    assertThat(Planner.nextStart(every6h, sundays, BERLIN, at("2026-03-01T20:00:00Z"))).contains(at("2026-03-08T01:00:00Z"));
    // due 2026-03-08T00:10Z is before the window; the run starts when it opens
    assertThat(Planner.nextStart(every6h, sundays, BERLIN, at("2026-03-07T20:00:00Z"))).contains(at("2026-03-08T01:00:00Z"));
    // at 03:00 local the window is open: due time itself
    RunSchedule at3 = RunSchedule.parse("at 03:00", ANCHOR);
    assertThat(Planner.nextStart(at3, sundays, BERLIN, at("2026-03-07T23:00:00Z"))).contains(at("2026-03-08T02:00:00Z"));
    assertThat(Planner.nextStart(at3, Windows.none(BERLIN), BERLIN, ANCHOR)).isEmpty();
  }
}

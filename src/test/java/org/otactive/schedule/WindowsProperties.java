package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.otactive.scope.BadInputException;

/**
 * Recurring windows against a brute-force oracle written here from the definition (enumerate the
 * local start times on the nearby days, map them with java.time, check containment), in zones with
 * and without DST, at instants crowded around the clock changes of 2026 and 2027.
 */
class WindowsProperties {
  private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Australia/Sydney",
      "Asia/Kolkata", "America/Santiago", "Pacific/Chatham");

  record Case(String zone, Set<Integer> minutes, Set<Integer> hours, Set<Integer> weekdays, int durationMinutes,
      Instant t) {
    String cron() {
      return join(minutes) + " " + join(hours) + " * * " + join(weekdays);
    }

    private static String join(Set<Integer> s) {
      return new TreeSet<>(s).stream().map(String::valueOf).collect(Collectors.joining(","));
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Instant> nearTransitions = Combinators.combine(Arbitraries.of(ZONES), Arbitraries.integers().between(0, 7),
            Arbitraries.longs().between(-3 * 24 * 60, 3 * 24 * 60))
        .as((zone, which, minutes) -> {
          List<Instant> ts = transitions(ZoneId.of(zone));
          Instant base = ts.isEmpty() ? Instant.parse("2026-06-01T00:00:00Z") : ts.get(which % ts.size());
          return base.plus(Duration.ofMinutes(minutes)).plusSeconds(minutes % 60);
        });
    return Combinators.combine(Arbitraries.of(ZONES),
            Arbitraries.integers().between(0, 59).set().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, 23).set().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(0, 6).set().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(1, 300), nearTransitions)
        .as(Case::new);
  }

  private static List<Instant> transitions(ZoneId zone) {
    var rules = zone.getRules();
    List<Instant> out = new java.util.ArrayList<>();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 4; i++) {
      var next = rules.nextTransition(t);
      if (next == null || next.getInstant().isAfter(Instant.parse("2028-01-01T00:00:00Z"))) break;
      out.add(next.getInstant());
      t = next.getInstant();
    }
    return out;
  }

  /** The oracle: every occurrence's [start, end) near t, straight from the definition. */
  private static List<Instant[]> occurrences(Case c, LocalDate from, LocalDate to) {
    ZoneId zone = ZoneId.of(c.zone());
    List<Instant[]> out = new java.util.ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      if (!c.weekdays().contains(d.getDayOfWeek().getValue() % 7)) continue;
      for (int h : c.hours()) {
        for (int m : c.minutes()) {
          LocalDateTime s = d.atTime(h, m);
          Instant start = ZonedDateTime.ofLocal(s, zone, null).toInstant();
          Instant end = ZonedDateTime.ofLocal(s.plusMinutes(c.durationMinutes()), zone, null).toInstant();
          out.add(new Instant[] {start, end});
        }
      }
    }
    return out;
  }

  private static boolean oracleOpen(Case c, Instant t) {
    LocalDate day = LocalDateTime.ofInstant(t, ZoneId.of(c.zone())).toLocalDate();
    return occurrences(c, day.minusDays(2), day.plusDays(1)).stream()
        .anyMatch(o -> !o[0].isAfter(t) && o[1].isAfter(t));
  }

  private static Optional<Instant> oracleNextOpen(Case c, Instant t) {
    if (oracleOpen(c, t)) return Optional.of(t);
    LocalDate day = LocalDateTime.ofInstant(t, ZoneId.of(c.zone())).toLocalDate();
    return occurrences(c, day.minusDays(1), day.plusDays(9)).stream()
        .filter(o -> o[0].isAfter(t) && o[1].isAfter(o[0])).map(o -> o[0]).min(Instant::compareTo);
  }

  private static Windows windows(Case c) {
    try {
      return new Windows(ZoneId.of(c.zone()), List.of(new RecurringWindow(c.cron(), Duration.ofMinutes(c.durationMinutes()))));
    } catch (BadInputException overlapsItself) {
      Assume.that(false);
      throw overlapsItself;
    }
  }

  @Property(tries = 400)
  void isOpenAgreesWithTheOracle(@ForAll("cases") Case c) {
    assertThat(windows(c).isOpen(c.t())).as("%s at %s", c, c.t()).isEqualTo(oracleOpen(c, c.t()));
  }

  @Property(tries = 300)
  void openUntilNeverOvershoots(@ForAll("cases") Case c) {
    Optional<Instant> until = windows(c).openUntil(c.t());
    assertThat(until.isPresent()).isEqualTo(oracleOpen(c, c.t()));
    until.ifPresent(e -> {
      assertThat(e).isAfter(c.t());
      long span = Duration.between(c.t(), e).toSeconds();
      for (int i = 0; i <= 10; i++) {
        Instant probe = c.t().plusSeconds(span * i / 10).minusNanos(i == 10 ? 1 : 0);
        assertThat(oracleOpen(c, probe)).as("%s open at %s (until %s)", c, probe, e).isTrue();
      }
    });
  }

  @Property(tries = 300)
  void nextOpenIsTheOraclesFirstOpening(@ForAll("cases") Case c) {
    assertThat(windows(c).nextOpen(c.t())).as("%s after %s", c, c.t()).isEqualTo(oracleNextOpen(c, c.t()));
  }

  @Property(tries = 200)
  void aScheduledStartIsInsideAWindowAndNotBeforeItIsDue(@ForAll("cases") Case c,
      @ForAll("schedules") RunSchedule schedule) {
    Windows w = windows(c);
    ZoneId zone = ZoneId.of(c.zone());
    Optional<Instant> start = Planner.nextStart(schedule, w, zone, c.t());
    Instant due = schedule.nextAfter(c.t(), zone);
    assertThat(due).isAfter(c.t());
    start.ifPresent(s -> {
      assertThat(s).isAfterOrEqualTo(due);
      assertThat(oracleOpen(c, s)).as("%s: start %s inside a window", c, s).isTrue();
    });
  }

  @Provide
  Arbitrary<RunSchedule> schedules() {
    Arbitrary<RunSchedule> every = Arbitraries.integers().between(1, 168)
        .map(h -> new EveryInterval(Duration.ofHours(h), Instant.parse("2026-01-01T00:00:00Z")));
    Arbitrary<RunSchedule> at = Combinators.combine(Arbitraries.integers().between(0, 23), Arbitraries.integers().between(0, 59))
        .as(java.time.LocalTime::of).set().ofMinSize(1).ofMaxSize(4).map(s -> new AtTimes(List.copyOf(s)));
    return Arbitraries.oneOf(every, at);
  }
}

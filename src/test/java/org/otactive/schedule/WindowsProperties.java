package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.otactive.common.BadInputException;

/**
 * Windows against a brute-force oracle: local start times found by testing every minute of the
 * nearby local days against the cron's minute, hour and day-of-week sets, mapped to instants with
 * {@link ZonedDateTime#ofLocal}, and plain interval containment. Instants cluster around the DST
 * changes of 2026 and 2027 of zones in both hemispheres, with half-hour and 45-minute offsets.
 */
class WindowsProperties {
  static final List<ZoneId> ZONES = List.of("Europe/Berlin", "America/New_York", "Australia/Sydney",
      "Asia/Kolkata", "America/Santiago", "Pacific/Chatham", "Australia/Lord_Howe", "UTC")
      .stream().map(ZoneId::of).toList();
  static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant UNTIL = Instant.parse("2028-01-01T00:00:00Z");

  /** A random recurring window: minute, hour and day-of-week sets (cron 0 = Sunday). */
  record Spec(SortedSet<Integer> minutes, SortedSet<Integer> hours, SortedSet<Integer> dows, long durationMinutes) {
    String cron() {
      return join(minutes) + " " + join(hours) + " * * " + join(dows);
    }

    static String join(SortedSet<Integer> s) {
      return s.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    boolean matches(LocalDateTime local) {
      return minutes.contains(local.getMinute()) && hours.contains(local.getHour())
          && dows.contains(local.getDayOfWeek().getValue() % 7);
    }

    /** The smallest local distance between consecutive starts, computed from the sets alone. */
    long smallestGap() {
      List<Integer> times = new ArrayList<>();
      for (int h : hours) for (int m : minutes) times.add(h * 60 + m);
      long gap = Long.MAX_VALUE;
      for (int i = 1; i < times.size(); i++) gap = Math.min(gap, times.get(i) - times.get(i - 1));
      long wrap = times.get(0) - times.get(times.size() - 1);
      for (int d : dows) {
        int k = 1;
        while (!dows.contains((d + k) % 7)) k++;
        gap = Math.min(gap, k * 1440L + wrap);
      }
      return gap;
    }

    RecurringWindow window() {
      return new RecurringWindow(cron(), Duration.ofMinutes(durationMinutes));
    }
  }

  record Interval(Instant start, Instant end) {
    boolean contains(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }
  }

  /** All occurrences whose local start falls on the local days around [from, to]. */
  static final class Oracle {
    final List<Interval> intervals = new ArrayList<>();

    Oracle(List<Spec> specs, ZoneId zone, Instant from, Instant to) {
      for (Spec spec : specs) add(spec, zone, from, to);
    }

    private void add(Spec spec, ZoneId zone, Instant from, Instant to) {
      LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(9);
      LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(2);
      for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
        if (!spec.matches(day.atStartOfDay().withHour(spec.hours().first()).withMinute(spec.minutes().first()))) {
          continue; // not a matching weekday: no minute of it can match
        }
        for (int minute = 0; minute < 1440; minute++) {
          if (!spec.hours().contains(minute / 60) || !spec.minutes().contains(minute % 60)) continue;
          LocalDateTime s = day.atTime(minute / 60, minute % 60);
          if (!spec.matches(s)) continue;
          Instant a = ZonedDateTime.ofLocal(s, zone, null).toInstant();
          Instant b = ZonedDateTime.ofLocal(s.plusMinutes(spec.durationMinutes()), zone, null).toInstant();
          if (b.isAfter(a)) intervals.add(new Interval(a, b));
        }
      }
    }

    boolean open(Instant t) {
      return intervals.stream().anyMatch(i -> i.contains(t));
    }

    Optional<Instant> firstStartAfter(Instant t) {
      return intervals.stream().map(Interval::start).filter(s -> s.isAfter(t)).min(Instant::compareTo);
    }

    /** The first instant at or after t at which no occurrence is open. */
    Instant spanEnd(Instant t) {
      Instant x = t;
      while (true) {
        Instant at = x;
        Optional<Instant> further = intervals.stream().filter(i -> i.contains(at)).map(Interval::end).max(Instant::compareTo);
        if (further.isEmpty()) return x;
        x = further.get();
      }
    }
  }

  /** One or two random windows of a site, and an instant to ask about. */
  record Case(List<Spec> specs, ZoneId zone, Instant t) {
    Windows windows() {
      return new Windows(zone, specs.stream().map(Spec::window).toList());
    }
  }

  @Provide
  Arbitrary<Spec> specs() {
    Arbitrary<SortedSet<Integer>> minutes = Arbitraries.integers().between(0, 59).set().ofMinSize(1).ofMaxSize(3).map(TreeSet::new);
    Arbitrary<SortedSet<Integer>> hours = Arbitraries.integers().between(0, 23).set().ofMinSize(1).ofMaxSize(4).map(TreeSet::new);
    Arbitrary<SortedSet<Integer>> dows = Arbitraries.integers().between(0, 6).set().ofMinSize(1).ofMaxSize(7).map(TreeSet::new);
    Arbitrary<Integer> durationPick = Arbitraries.integers().between(0, 10_000);
    return Combinators.combine(minutes, hours, dows, durationPick).as((m, h, d, pick) -> {
      Spec s = new Spec(m, h, d, 1);
      long max = Math.min(s.smallestGap(), Duration.ofDays(7).toMinutes());
      // a tenth exactly as long as the gap (adjacent occurrences), the rest anywhere up to it
      long minutes2 = pick < 1000 ? max : 1 + pick % max;
      return new Spec(m, h, d, minutes2);
    });
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZONES);
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(specs().list().ofMinSize(1).ofMaxSize(2), zones(), Arbitraries.longs().between(0, Long.MAX_VALUE))
        .as((specs, zone, seed) -> new Case(specs, zone, instantNearChanges(zone, new Random(seed))));
  }

  /** Mostly within three days of a DST change of 2026–2027, on odd seconds and nanos too. */
  static Instant instantNearChanges(ZoneId zone, Random r) {
    List<Instant> changes = new ArrayList<>();
    ZoneOffsetTransition tr = zone.getRules().nextTransition(FROM);
    while (tr != null && tr.getInstant().isBefore(UNTIL)) {
      changes.add(tr.getInstant());
      tr = zone.getRules().nextTransition(tr.getInstant());
    }
    Instant base = changes.isEmpty() || r.nextInt(5) == 0
        ? FROM.plusSeconds((long) (r.nextDouble() * Duration.between(FROM, UNTIL).toSeconds()))
        : changes.get(r.nextInt(changes.size())).plusSeconds(r.nextLong(-3 * 86_400, 3 * 86_400));
    return switch (r.nextInt(4)) {
      case 0 -> base.plusNanos(r.nextInt(1_000_000_000));
      case 1 -> base.minusNanos(1); // just before a whole second: often just before a boundary
      default -> Instant.ofEpochSecond(base.getEpochSecond() / 60 * 60); // a whole minute
    };
  }

  @Property(tries = 400)
  void isOpenAgreesWithTheOracle(@ForAll("cases") Case c) {
    Windows w = c.windows();
    Duration near = Duration.ofDays(2);
    Oracle o = new Oracle(c.specs(), c.zone(), c.t().minus(near), c.t().plus(near));
    assertThat(w.isOpen(c.t())).as("%s in %s at %s", c.specs(), c.zone(), c.t()).isEqualTo(o.open(c.t()));
    // and at the oracle's boundaries next to t, where off-by-one mistakes live
    for (Interval i : o.intervals) {
      for (Instant x : List.of(i.start(), i.start().minusNanos(1), i.end(), i.end().minusNanos(1))) {
        if (Duration.between(x, c.t()).abs().compareTo(near) > 0) continue;
        assertThat(w.isOpen(x)).as("%s in %s at %s", c.specs(), c.zone(), x).isEqualTo(o.open(x));
      }
    }
  }

  @Property(tries = 300)
  void openUntilIsCoveredAndAsLongAsTheChainAllows(@ForAll("cases") Case c) {
    Windows w = c.windows();
    Optional<Instant> until = w.openUntil(c.t());
    Oracle near = new Oracle(c.specs(), c.zone(), c.t(), c.t());
    assertThat(until.isPresent()).as("%s in %s at %s", c.specs(), c.zone(), c.t()).isEqualTo(near.open(c.t()));
    if (until.isEmpty()) return;
    Instant e = until.get();
    assertThat(e).isAfter(c.t());
    Oracle o = new Oracle(c.specs(), c.zone(), c.t(), e);
    // [t, e) is covered iff t is and every occurrence end inside it is (a hole starts at an end)
    assertThat(o.open(e.minusNanos(1))).isTrue();
    for (Interval i : o.intervals) {
      if (!i.end().isBefore(c.t()) && i.end().isBefore(e)) {
        assertThat(o.open(i.end())).as("%s in %s: hole at %s before %s", c.specs(), c.zone(), i.end(), e).isTrue();
      }
    }
    Instant trueEnd = o.spanEnd(c.t());
    assertThat(e).isBeforeOrEqualTo(trueEnd);
    long chained = o.intervals.stream().filter(i -> i.end().isAfter(c.t()) && i.start().isBefore(trueEnd)).count();
    if (chained < Windows.MAX_CHAIN - 4) assertThat(e).as("%s in %s at %s", c.specs(), c.zone(), c.t()).isEqualTo(trueEnd);
  }

  @Property(tries = 300)
  void nextOpenIsTheOraclesFirstOpening(@ForAll("cases") Case c) {
    Windows w = c.windows();
    Oracle o = new Oracle(c.specs(), c.zone(), c.t(), c.t().plus(Duration.ofDays(9)));
    Optional<Instant> expected = o.open(c.t()) ? Optional.of(c.t()) : o.firstStartAfter(c.t());
    assertThat(w.nextOpen(c.t())).as("%s in %s at %s", c.specs(), c.zone(), c.t()).isEqualTo(expected);
  }

  @Property(tries = 300)
  void aDurationIsAcceptedExactlyUpToTheSmallestGap(@ForAll("specs") Spec spec, @ForAll("zones") ZoneId zone) {
    assertThat(spec.window().duration()).isEqualTo(Duration.ofMinutes(spec.durationMinutes()));
    long gap = spec.smallestGap();
    if (gap < Duration.ofDays(7).toMinutes()) {
      Spec tooLong = new Spec(spec.minutes(), spec.hours(), spec.dows(), gap + 1);
      assertThatThrownBy(tooLong::window).isInstanceOf(BadInputException.class).hasMessageContaining(spec.cron());
    }
  }

  @Provide
  Arbitrary<RunSchedule> schedules() {
    Arbitrary<RunSchedule> every = Combinators.combine(
        Arbitraries.integers().between(60, 168 * 60),
        Arbitraries.longs().between(FROM.getEpochSecond(), UNTIL.getEpochSecond()))
        .as((m, anchor) -> new EveryInterval(Duration.ofMinutes(m), Instant.ofEpochSecond(anchor)));
    Arbitrary<RunSchedule> at = Arbitraries.integers().between(0, 1439).set().ofMinSize(1).ofMaxSize(24)
        .map(s -> new AtTimes(s.stream().map(m -> LocalTime.of(m / 60, m % 60)).toList()));
    return Arbitraries.oneOf(every, at);
  }

  @Property(tries = 300)
  void plannerStartsInsideAWindowNoEarlierThanDue(@ForAll("cases") Case c, @ForAll("schedules") RunSchedule s) {
    Windows w = c.windows();
    Instant due = s.nextAfter(c.t(), c.zone());
    assertThat(due).isAfter(c.t());
    Optional<Instant> start = Planner.nextStart(s, w, c.zone(), c.t());
    assertThat(start).isPresent(); // every random window opens at least weekly
    Oracle o = new Oracle(c.specs(), c.zone(), due, due.plus(Duration.ofDays(9)));
    assertThat(start.get()).isAfterOrEqualTo(due);
    assertThat(o.open(start.get())).as("%s %s in %s after %s", s, c.specs(), c.zone(), c.t()).isTrue();
    Instant expected = o.open(due) ? due : o.firstStartAfter(due).orElseThrow();
    assertThat(start.get()).isEqualTo(expected);
  }

  @Property(tries = 300)
  void atTimesIsTheEarliestMappedLocalTimeAfterT(@ForAll("cases") Case c, @ForAll("schedules") RunSchedule s) {
    if (!(s instanceof AtTimes at)) return;
    // oracle: every (local day, time) mapped by ofLocal, one instant each; the earliest after t
    Instant expected = null;
    LocalDate day = LocalDate.ofInstant(c.t(), ZoneOffset.UTC);
    for (LocalDate d = day.minusDays(3); d.isBefore(day.plusDays(4)); d = d.plusDays(1)) {
      for (LocalTime time : at.times()) {
        Instant x = ZonedDateTime.ofLocal(d.atTime(time), c.zone(), null).toInstant();
        if (x.isAfter(c.t()) && (expected == null || x.isBefore(expected))) expected = x;
      }
    }
    assertThat(s.nextAfter(c.t(), c.zone())).isEqualTo(expected);
  }
}

package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.otactive.scope.BadInputException;

/**
 * The compiled calendar against cron-utils' own {@code ExecutionTime}, on random expressions with
 * lists, ranges, steps and names in every field: the compilation must not change what a cron means.
 */
class CronCalendarProperties {
  static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  static Arbitrary<String> field(int min, int max, List<String> names) {
    Arbitrary<Integer> v = Arbitraries.integers().between(min, max);
    Arbitrary<String> single = names == null ? v.map(String::valueOf)
        : Arbitraries.oneOf(v.map(String::valueOf), Arbitraries.of(names));
    Arbitrary<String> range = Combinators.combine(v, v).as((a, b) -> Math.min(a, b) + "-" + Math.max(a, b));
    Arbitrary<String> step = Combinators.combine(range, Arbitraries.integers().between(1, Math.max(1, (max - min) / 2)))
        .as((r, k) -> r + "/" + k);
    Arbitrary<String> everyStep = Arbitraries.integers().between(1, Math.max(1, (max - min) / 2)).map(k -> "*/" + k);
    Arbitrary<String> list = Arbitraries.oneOf(single, range).list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(",", l));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, Arbitraries.just("*")), net.jqwik.api.Tuple.of(3, single),
        net.jqwik.api.Tuple.of(2, range), net.jqwik.api.Tuple.of(1, step),
        net.jqwik.api.Tuple.of(1, everyStep), net.jqwik.api.Tuple.of(2, list));
  }

  @Provide
  Arbitrary<String> crons() {
    return Combinators.combine(field(0, 59, null), field(0, 23, null), field(1, 31, null),
        field(1, 12, MONTHS), field(0, 7, DAYS)).as((a, b, c, d, e) -> a + " " + b + " " + c + " " + d + " " + e);
  }

  @Property(tries = 200)
  void nextMatchIsCronUtilsNextExecution(@ForAll("crons") String cron,
      @ForAll @IntRange(min = 0, max = 3 * 366 * 1440) int minuteOffset) {
    CronCalendar calendar;
    try {
      calendar = CronCalendar.of(cron);
    } catch (BadInputException e) {
      // only expressions cron-utils accepts but that never fire (30 February) are refused here
      Assume.that(e.getMessage().contains("never matches"));
      assertThat(ExecutionTime.forCron(PARSER.parse(cron)).nextExecution(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
          .isEmpty();
      return;
    }
    ExecutionTime execution = ExecutionTime.forCron(PARSER.parse(cron));
    LocalDateTime x = LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(minuteOffset);
    for (int i = 0; i < 8; i++) {
      LocalDateTime ours = calendar.firstAtOrAfter(x, x.toLocalDate().plusDays(3000));
      Optional<ZonedDateTime> theirs = execution.nextExecution(x.atZone(ZoneOffset.UTC).minusMinutes(1));
      assertThat(Optional.ofNullable(ours)).as("%s from %s", cron, x).isEqualTo(theirs.map(ZonedDateTime::toLocalDateTime));
      if (ours == null) return;
      x = ours.plusMinutes(1);
    }
  }

  @Property(tries = 100)
  void dayMatchesAgreeWithCronUtils(@ForAll("crons") String cron, @ForAll @IntRange(min = 0, max = 3 * 366) int dayOffset) {
    CronCalendar calendar;
    try {
      calendar = CronCalendar.of(cron);
    } catch (BadInputException e) {
      Assume.that(false);
      return;
    }
    ExecutionTime execution = ExecutionTime.forCron(PARSER.parse(cron));
    int first = calendar.minutesOfDay()[0];
    for (int i = 0; i < 14; i++) {
      LocalDate d = LocalDate.of(2026, 1, 1).plusDays(dayOffset + i);
      ZonedDateTime t = d.atTime(first / 60, first % 60).atZone(ZoneOffset.UTC);
      assertThat(calendar.matches(d)).as("%s on %s", cron, d).isEqualTo(execution.isMatch(t));
    }
  }
}

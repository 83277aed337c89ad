package org.otactive.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.otactive.common.BadInputException;

/**
 * The compiled calendar against crontab(5) as written out here, on random expressions with lists,
 * ranges, steps and names in every field: the compilation must not change what a cron means.
 * (cron-utils is not the oracle: its nextExecution and isMatch disagree on some day combinations.)
 */
class CronCalendarProperties {
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

  /**
   * The oracle, written here from crontab(5): each field a comma list of {@code *}, {@code n},
   * {@code a-b} or a name, with an optional {@code /step}; 7 is Sunday too; when both day fields
   * are restricted (neither starts with {@code *}) a date matches if either does.
   */
  record Crontab(boolean[] minute, boolean[] hour, boolean[] dom, boolean[] month, boolean[] dow, boolean either) {
    static Crontab of(String cron) {
      String[] f = cron.split(" ");
      boolean[] dow = field(f[4], 0, 7, DAYS, 0);
      dow[0] |= dow[7];
      return new Crontab(field(f[0], 0, 59, null, 0), field(f[1], 0, 23, null, 0), field(f[2], 1, 31, null, 0),
          field(f[3], 1, 12, MONTHS, 1), dow, !f[2].startsWith("*") && !f[4].startsWith("*"));
    }

    private static boolean[] field(String text, int min, int max, List<String> names, int firstName) {
      boolean[] on = new boolean[max + 1];
      for (String item : text.split(",")) {
        String[] stepped = item.split("/");
        int step = stepped.length > 1 ? Integer.parseInt(stepped[1]) : 1;
        int lo;
        int hi;
        if (stepped[0].equals("*")) {
          lo = min;
          hi = max;
        } else if (stepped[0].contains("-")) {
          String[] ab = stepped[0].split("-");
          lo = value(ab[0], names, firstName);
          hi = value(ab[1], names, firstName);
        } else {
          lo = value(stepped[0], names, firstName);
          hi = stepped.length > 1 ? max : lo;
        }
        for (int v = lo; v <= hi; v += step) on[v] = true;
      }
      return on;
    }

    private static int value(String text, List<String> names, int firstName) {
      return names != null && names.contains(text) ? names.indexOf(text) + firstName : Integer.parseInt(text);
    }

    boolean matches(LocalDate d) {
      if (!month[d.getMonthValue()]) return false;
      boolean byDom = dom[d.getDayOfMonth()];
      boolean byDow = dow[d.getDayOfWeek().getValue() % 7];
      return either ? byDom || byDow : byDom && byDow;
    }

    LocalDateTime firstAtOrAfter(LocalDateTime x, int days) {
      for (LocalDate d = x.toLocalDate(); d.isBefore(x.toLocalDate().plusDays(days)); d = d.plusDays(1)) {
        if (!matches(d)) continue;
        for (int h = 0; h < 24; h++) {
          for (int m = 0; m < 60; m++) {
            LocalDateTime t = d.atTime(h, m);
            if (hour[h] && minute[m] && !t.isBefore(x)) return t;
          }
        }
      }
      return null;
    }
  }

  @Property(tries = 200)
  void nextMatchIsTheCrontabOraclesNextMatch(@ForAll("crons") String cron,
      @ForAll @IntRange(min = 0, max = 3 * 366 * 1440) int minuteOffset) {
    Crontab oracle = Crontab.of(cron);
    LocalDateTime x = LocalDateTime.of(2026, 1, 1, 0, 0).plusMinutes(minuteOffset);
    CronCalendar calendar;
    try {
      calendar = CronCalendar.of(cron);
    } catch (BadInputException e) {
      // only expressions that never fire (30 February) are refused
      assertThat(e.getMessage()).contains("never matches");
      assertThat(oracle.firstAtOrAfter(LocalDateTime.of(2001, 1, 1, 0, 0), 28 * 366)).isNull();
      return;
    }
    for (int i = 0; i < 8; i++) {
      LocalDateTime ours = calendar.firstAtOrAfter(x, x.toLocalDate().plusDays(3000));
      assertThat(ours).as("%s from %s", cron, x).isEqualTo(oracle.firstAtOrAfter(x, 3000));
      if (ours == null) return;
      x = ours.plusMinutes(1);
    }
  }

  @Property(tries = 100)
  void dayMatchesAgreeWithTheCrontabOracle(@ForAll("crons") String cron,
      @ForAll @IntRange(min = 0, max = 3 * 366) int dayOffset) {
    CronCalendar calendar;
    try {
      calendar = CronCalendar.of(cron);
    } catch (BadInputException e) {
      Assume.that(false);
      return;
    }
    Crontab oracle = Crontab.of(cron);
    for (int i = 0; i < 14; i++) {
      LocalDate d = LocalDate.of(2026, 1, 1).plusDays(dayOffset + i);
      assertThat(calendar.matches(d)).as("%s on %s", cron, d).isEqualTo(oracle.matches(d));
    }
  }

  @Example
  void bothDayFieldsRestrictedMeansEither() {
    // The case cron-utils' nextExecution gets wrong: Sunday 1 November 2026 is outside days 2-25.
    CronCalendar c = CronCalendar.of("* * 2-25 11-11 0");
    assertThat(c.firstAtOrAfter(LocalDateTime.of(2026, 1, 1, 0, 0), LocalDate.of(2027, 1, 1)))
        .isEqualTo(LocalDateTime.of(2026, 11, 1, 0, 0));
    assertThat(CronCalendar.of("0 0 */2 * 0").matches(LocalDate.of(2026, 11, 2))).as("'*' first: both must").isFalse();
  }
}

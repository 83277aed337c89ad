package org.otactive.schedule;

import org.otactive.common.Text;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.mapper.WeekDay;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronField;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.definition.DayOfWeekFieldDefinition;
import com.cronutils.model.time.generator.FieldValueGenerator;
import com.cronutils.model.time.generator.FieldValueGeneratorFactory;
import com.cronutils.parser.CronParser;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.otactive.common.BadInputException;

/**
 * The local date-times a 5-field UNIX cron expression matches, compiled to plain sets.
 *
 * <p>Why not ask cron-utils for every question: its {@code isMatch} and {@code nextExecution} cost
 * up to hundreds of microseconds each, and a window query looks at many candidate minutes. So
 * cron-utils stays the authority on what each field means (names, ranges, steps, 0 and 7 for
 * Sunday): its per-field value generators list each field's values once, at compile time; how
 * day-of-month and day-of-week combine follows crontab(5) (either may match when both are
 * restricted). The answers are kept as bit masks. The cron's calendar does not depend on the zone, so a compiled calendar is
 * shared by every window that uses the same expression.
 */
final class CronCalendar {
  private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
  private static final CronParser PARSER = new CronParser(UNIX);
  private static final WeekDay MONDAY =
      ((DayOfWeekFieldDefinition) UNIX.getFieldDefinition(CronFieldName.DAY_OF_WEEK)).getMondayDoWValue();
  /** Compiling costs a few milliseconds; the cache is bounded by being dropped when it is full. */
  private static final ConcurrentHashMap<String, CronCalendar> CACHE = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 512;
  /** 2001-01-01 is a Monday in a common year; 28 years hold every kind of year once. */
  private static final LocalDate CYCLE_START = LocalDate.of(2001, 1, 1);
  private static final LocalDate CYCLE_END = LocalDate.of(2029, 1, 8);

  private final String expression;
  private final int[] minutesOfDay; // sorted, each in 0..1439
  private final int monthMask; // bit m for month 1..12
  private final long domMask; // bit d for day 1..31
  private final int dowMask; // bit d for ISO day 1 (Monday)..7 (Sunday)
  private final boolean orWhenDomMatches; // date matches when only day-of-month matches
  private final boolean orWhenDowMatches; // date matches when only day-of-week matches
  private final long minGapMinutes;

  private CronCalendar(String expression) {
    this.expression = expression;
    String[] f = fields(expression);
    Map<CronFieldName, CronField> parsed = PARSER.parse(expression).retrieveFieldsAsMap();
    FieldValueGenerator minuteField = FieldValueGeneratorFactory.forCronField(parsed.get(CronFieldName.MINUTE));
    FieldValueGenerator hourField = FieldValueGeneratorFactory.forCronField(parsed.get(CronFieldName.HOUR));
    FieldValueGenerator monthField = FieldValueGeneratorFactory.forCronField(parsed.get(CronFieldName.MONTH));
    // January 2001 has 31 days and starts on a Monday, so days 1..7 are every day of the week once
    FieldValueGenerator domField = FieldValueGeneratorFactory
        .createDayOfMonthValueGeneratorInstance(parsed.get(CronFieldName.DAY_OF_MONTH), 2001, 1);
    FieldValueGenerator dowField = FieldValueGeneratorFactory.createDayOfWeekValueGeneratorInstance(
        parsed.get(CronFieldName.DAY_OF_WEEK), 2001, 1, MONDAY);
    // generateCandidates(from, to) is inclusive at both ends; isMatch of the day-of-week generators
    // is not usable for lists (it takes a day of month and fails on some), so candidates it is.
    int[] minutes = minuteField.generateCandidates(0, 59).stream().mapToInt(Integer::intValue).toArray();
    int[] hours = hourField.generateCandidates(0, 23).stream().mapToInt(Integer::intValue).toArray();
    this.minutesOfDay = Arrays.stream(hours)
        .flatMap(h -> Arrays.stream(minutes).map(m -> h * 60 + m)).sorted().distinct().toArray();
    int months = 0;
    for (int m : monthField.generateCandidates(1, 12)) months |= 1 << m;
    long doms = 0;
    for (int d : domField.generateCandidates(1, 31)) doms |= 1L << d;
    int dows = 0;
    for (int d : dowField.generateCandidates(1, 7)) {
      if (d >= 1 && d <= 7) dows |= 1 << LocalDate.of(2001, 1, d).getDayOfWeek().getValue();
    }
    this.monthMask = months;
    this.domMask = doms;
    this.dowMask = dows;
    // How the two day fields combine is crontab(5)'s rule, not asked of cron-utils (whose
    // isMatch and nextExecution disagree on it for some expressions): when both are restricted
    // (neither starts with '*'), either may match; otherwise both must.
    boolean either = !f[2].startsWith("*") && !f[4].startsWith("*");
    this.orWhenDomMatches = either;
    this.orWhenDowMatches = either;
    if (minutesOfDay.length == 0 || !anyDateIn(CYCLE_START, CYCLE_END)) {
      throw new BadInputException("cron expression never matches: '" + Text.printable(expression) + "'");
    }
    this.minGapMinutes = smallestGap();
  }

  /** Parses and compiles; bad expressions throw {@link BadInputException} naming the expression. */
  static CronCalendar of(String expression) {
    if (expression == null) throw new BadInputException("missing cron expression");
    String key = String.join(" ", fields(expression));
    CronCalendar known = CACHE.get(key);
    if (known != null) return known;
    CronCalendar compiled = new CronCalendar(key);
    if (CACHE.size() >= CACHE_LIMIT) CACHE.clear();
    CACHE.putIfAbsent(key, compiled);
    return compiled;
  }

  private static String[] fields(String expression) {
    String[] f = expression.strip().split("\\s+");
    try {
      if (f.length != 5) throw new IllegalArgumentException("needs 5 fields");
      Cron cron = PARSER.parse(String.join(" ", f));
      cron.validate();
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new BadInputException("bad cron expression: '" + Text.printable(expression)
          + "' (5 fields: minute hour day-of-month month day-of-week; " + Text.printable(why) + ")");
    }
    return f;
  }

  private boolean month(LocalDate d) {
    return (monthMask & (1 << d.getMonthValue())) != 0;
  }

  private boolean dom(LocalDate d) {
    return (domMask & (1L << d.getDayOfMonth())) != 0;
  }

  private boolean dow(LocalDate d) {
    return (dowMask & (1 << d.getDayOfWeek().getValue())) != 0;
  }

  /** Whether the cron fires on some minute of this local date. */
  boolean matches(LocalDate d) {
    if (!month(d)) return false;
    boolean dom = dom(d);
    boolean dow = dow(d);
    return (dom && dow) || (dom && orWhenDomMatches) || (dow && orWhenDowMatches);
  }

  private boolean anyDateIn(LocalDate from, LocalDate to) {
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) if (matches(d)) return true;
    return false;
  }

  /** The smallest distance in local minutes between two consecutive matches, over a full 28-year cycle. */
  private long smallestGap() {
    long gap = Long.MAX_VALUE;
    for (int i = 1; i < minutesOfDay.length; i++) gap = Math.min(gap, minutesOfDay[i] - minutesOfDay[i - 1]);
    int first = minutesOfDay[0];
    int last = minutesOfDay[minutesOfDay.length - 1];
    LocalDate previous = null;
    for (LocalDate d = CYCLE_START; d.isBefore(CYCLE_END); d = d.plusDays(1)) {
      if (!matches(d)) continue;
      if (previous != null) {
        long days = d.toEpochDay() - previous.toEpochDay();
        gap = Math.min(gap, days * 1440 + first - last);
      }
      previous = d;
    }
    return gap;
  }

  long minGapMinutes() {
    return minGapMinutes;
  }

  String expression() {
    return expression;
  }

  /**
   * The first matching local minute at or after {@code from}, or null if none falls on a date up
   * to {@code lastDate}.
   */
  LocalDateTime firstAtOrAfter(LocalDateTime from, LocalDate lastDate) {
    LocalDate date = from.toLocalDate();
    LocalTime time = from.toLocalTime();
    int minute = time.getHour() * 60 + time.getMinute()
        + (time.getSecond() != 0 || time.getNano() != 0 ? 1 : 0);
    while (!date.isAfter(lastDate)) {
      if (minute < 1440 && matches(date)) {
        int i = Arrays.binarySearch(minutesOfDay, minute);
        if (i < 0) i = -i - 1;
        if (i < minutesOfDay.length) {
          int m = minutesOfDay[i];
          return date.atTime(m / 60, m % 60);
        }
      }
      date = date.plusDays(1);
      minute = 0;
    }
    return null;
  }

  @Override
  public String toString() {
    return expression;
  }

  /** Only for messages and tests: the matched minutes of a day. */
  int[] minutesOfDay() {
    return minutesOfDay.clone();
  }
}

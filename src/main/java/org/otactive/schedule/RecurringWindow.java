package org.otactive.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import org.otactive.scope.AddressSet;
import org.otactive.scope.BadInputException;

/**
 * A window that opens at every local time a 5-field UNIX cron expression matches (minute hour
 * day-of-month month day-of-week) in the site's zone, and lasts {@code duration} of local
 * (wall-clock) time: {@code "0 2 * * 0"} for 3h is every Sunday 02:00–05:00 local, also on the
 * Sundays the clocks change (then it is 2 or 4 hours of real time). Cron matching runs on local
 * date-times; the site's zone maps them to instants by the rule of {@link LocalTimes}.
 */
public record RecurringWindow(String cron, Duration duration) implements WindowDefinition {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  /** Starts looked at when checking that a window does not overlap its own next occurrence. */
  private static final int OVERLAP_SAMPLE = 2000;

  public RecurringWindow {
    Objects.requireNonNull(duration, "duration");
    cron = cron == null ? "" : cron.strip().replaceAll("\\s+", " ");
    if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(Duration.ofDays(7)) > 0) {
      throw new BadInputException("window duration out of range: " + Durations.format(duration) + " (1m..7d)");
    }
    Duration gap = smallestGap(executionTime(cron));
    if (gap != null && duration.compareTo(gap) > 0) {
      throw new BadInputException("a window of " + Durations.format(duration) + " at '" + cron + "' overlaps its next"
          + " opening " + Durations.format(gap) + " later (shorten it or open it less often)");
    }
  }

  public static RecurringWindow parse(String cron, String duration) {
    return new RecurringWindow(cron, Durations.parse(duration));
  }

  private static ExecutionTime executionTime(String cron) {
    try {
      Cron parsed = PARSER.parse(cron);
      parsed.validate();
      if (cron.split(" ").length != 5) throw new IllegalArgumentException("5 fields expected");
      return ExecutionTime.forCron(parsed);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("not a 5-field cron expression (minute hour day month weekday): '"
          + AddressSet.printable(cron) + "'");
    }
  }

  /** The smallest time between consecutive local starts over a sample, or null with fewer than two. */
  private static Duration smallestGap(ExecutionTime et) {
    ZonedDateTime t = LocalTimes.proxy(LocalDateTime.of(2026, 1, 1, 0, 0)).minusMinutes(1);
    ZonedDateTime end = t.plusYears(2);
    Duration smallest = null;
    ZonedDateTime prev = null;
    for (int i = 0; i < OVERLAP_SAMPLE; i++) {
      Optional<ZonedDateTime> next = et.nextExecution(t);
      if (next.isEmpty() || next.get().isAfter(end)) break;
      if (prev != null) {
        Duration d = Duration.between(prev, next.get());
        if (smallest == null || d.compareTo(smallest) < 0) smallest = d;
      }
      prev = next.get();
      t = next.get();
    }
    return smallest;
  }

  /** Parsed crons, shared: parsing is the expensive part and the texts are few. */
  private static final java.util.Map<String, ExecutionTime> PARSED = new java.util.concurrent.ConcurrentHashMap<>();

  ExecutionTime executionTime() {
    return PARSED.computeIfAbsent(cron, RecurringWindow::executionTime);
  }

  /** The latest end among this window's occurrences that contain {@code t}, if any. */
  Optional<Instant> endIfOpen(Instant t, ZoneId zone) {
    ExecutionTime et = executionTime();
    LocalDateTime local = LocalTimes.local(t, zone);
    // Local starts from (local - duration - slack) to (local + slack); the slack covers DST shifts.
    ZonedDateTime from = LocalTimes.proxy(local.minus(duration).minusHours(3));
    ZonedDateTime cursor = LocalTimes.proxy(local.plusHours(3)).plusSeconds(1);
    Instant best = null;
    while (true) {
      Optional<ZonedDateTime> s = et.lastExecution(cursor);
      if (s.isEmpty() || s.get().isBefore(from)) break;
      LocalDateTime startLocal = s.get().toLocalDateTime();
      Instant start = LocalTimes.instant(startLocal, zone);
      Instant end = LocalTimes.instant(startLocal.plus(duration), zone);
      if (!start.isAfter(t) && end.isAfter(t) && (best == null || end.isAfter(best))) best = end;
      cursor = s.get();
    }
    return Optional.ofNullable(best);
  }

  /** The first instant after {@code t} at which an occurrence opens (and is not empty), within {@code horizon}. */
  Optional<Instant> nextStart(Instant t, ZoneId zone, Duration horizon) {
    ExecutionTime et = executionTime();
    LocalDateTime local = LocalTimes.local(t, zone);
    ZonedDateTime cursor = LocalTimes.proxy(local.minusHours(3));
    ZonedDateTime limit = LocalTimes.proxy(local.plus(horizon));
    while (true) {
      Optional<ZonedDateTime> s = et.nextExecution(cursor);
      if (s.isEmpty() || s.get().isAfter(limit)) return Optional.empty();
      LocalDateTime startLocal = s.get().toLocalDateTime();
      Instant start = LocalTimes.instant(startLocal, zone);
      Instant end = LocalTimes.instant(startLocal.plus(duration), zone);
      if (start.isAfter(t) && end.isAfter(start)) return Optional.of(start);
      cursor = s.get();
    }
  }

  @Override
  public String toString() {
    return "'" + cron + "' for " + Durations.format(duration);
  }
}

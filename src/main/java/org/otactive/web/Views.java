package org.otactive.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.otactive.probe.Budget;
import org.otactive.probe.Method;
import org.otactive.probe.OptionValues;
import org.otactive.probe.SettingOption;
import org.otactive.probe.SettingTable;
import org.otactive.run.RunState;
import org.otactive.schedule.OneOffWindow;
import org.otactive.schedule.Planner;
import org.otactive.schedule.RecurringWindow;
import org.otactive.schedule.RunSchedule;
import org.otactive.schedule.WindowDefinition;
import org.otactive.schedule.Windows;
import org.otactive.scope.Site;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.store.JdbcSupervision;
import org.otactive.store.JdbcSupervision.MethodSetting;
import org.otactive.supervise.Supervisor;

/**
 * What the API answers and the pages show, read through the supervisor: sites with their windows
 * and next openings, methods with their settings (secrets only as set or not set), runs with their
 * progress. Plain maps and records, so JSON and HTML show the same facts.
 */
final class Views {
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  /** How many next openings a site's page shows. */
  static final int OPENINGS = 3;

  private Views() {}

  static String local(Instant t, ZoneId zone) {
    return t == null ? "" : LOCAL.format(t.atZone(zone));
  }

  /** @param ended a single window that has ended: it never opens again */
  record WindowView(long id, String kind, String text, String source, boolean ended) {}

  /** @param excluded addresses of the site's included ranges taken out of them: never touched */
  record SiteView(String name, String zone, String ranges, String excluded, List<String> owners, boolean stopped,
      String stopReason,
      String stoppedBy, List<WindowView> windows, List<String> nextOpenings, List<String> methods) {}

  static SiteView site(Supervisor sup, Site s) {
    Optional<JdbcSupervision.SiteStop> stop = sup.store().siteStop(s.name());
    List<WindowView> windows = new ArrayList<>();
    java.time.Instant now = sup.clock().instant();
    for (JdbcSupervision.StoredWindow w : sup.store().windows(s.name())) {
      windows.add(new WindowView(w.id(), w.definition() instanceof RecurringWindow ? "recurring" : "one-off",
          describe(w.definition(), s.zone()), w.source(), w.definition().endedBy(now)));
    }
    List<String> methods = sup.store().methods(s.name()).stream().map(MethodSetting::method).toList();
    return new SiteView(s.name(), s.zone().getId(), s.ranges().toString(), s.excluded().toString(), sup.store().owners(s.name()),
        stop.isPresent(), stop.map(JdbcSupervision.SiteStop::reason).orElse(null),
        stop.map(JdbcSupervision.SiteStop::by).orElse(null), windows, nextOpenings(sup, s), methods);
  }

  static String describe(WindowDefinition d, ZoneId zone) {
    return switch (d) {
      case RecurringWindow r -> "cron '" + r.cron() + "' for " + org.otactive.common.DurationText.format(r.duration());
      case OneOffWindow o -> local(o.start(), zone) + " to " + local(o.end(), zone);
    };
  }

  /** The next openings of a site's windows, in its zone ({@code 2026-03-01 02:00 to 05:00}). */
  static List<String> nextOpenings(Supervisor sup, Site s) {
    Windows w = sup.windows(s.name());
    List<String> out = new ArrayList<>();
    Instant t = sup.clock().instant();
    for (int i = 0; i < OPENINGS; i++) {
      Optional<Instant> open = w.nextOpen(t);
      if (open.isEmpty()) break;
      Instant until = w.openUntil(open.get()).orElse(open.get().plusSeconds(60));
      out.add(local(open.get(), s.zone()) + " to " + local(until, s.zone()) + (open.get().equals(t) ? " (open now)" : ""));
      t = until.plusSeconds(1);
    }
    return out;
  }

  record OptionView(String name, String label, String description, String defaultValue, boolean repeatable,
      boolean required, boolean secret) {}

  /**
   * A table of the method's settings: kept per site (its rows under {@code /tables/NAME}), or the
   * rows of a repeatable option ({@code option} names it). Secret columns are flagged: their cells
   * are only ever shown as set or not set.
   */
  record TableView(String name, String option, boolean kept, List<Map<String, Object>> columns) {}

  record MethodView(String id, String name, String description, List<OptionView> options, List<TableView> tables) {}

  static MethodView method(Method m) {
    List<OptionView> options = new ArrayList<>();
    for (SettingOption o : m.options()) {
      options.add(new OptionView(o.name(), o.paramLabel(), o.description(), o.defaultValue(), o.repeatable(), o.required(),
          o.secret()));
    }
    List<TableView> tables = m.tables().stream().map(t -> new TableView(t.name(),
        t.option().map(SettingTable.OptionRows::option).orElse(null), t.isKept(), t.columns().stream()
        .map(c -> Map.<String, Object>of("name", c.header(), "label", c.label(), "required", c.required(), "secret", c.secret()))
        .toList())).toList();
    return new MethodView(m.id(), m.displayName(), m.description(), options, tables);
  }

  /**
   * A method on a site: toggle, schedule with the next start, public settings as typed, and which
   * secrets are set (never their values).
   */
  record SiteMethodView(String site, String method, boolean configured, boolean enabled, String schedule,
      String nextStart, Map<String, List<String>> settings, Map<String, Boolean> secrets, Long lastRun) {}

  static SiteMethodView siteMethod(Supervisor sup, Site s, Method m) {
    Optional<MethodSetting> row = sup.store().method(s.name(), m.id());
    Map<String, Boolean> secrets = new LinkedHashMap<>();
    List<String> set = row.isPresent() ? sup.methodSettings().secretsSet(s.name(), m.id()) : List.of();
    for (SettingOption o : m.options()) if (o.secret()) secrets.put(o.name(), set.contains(o.name()));
    OptionValues pub = row.map(r -> sup.methodSettings().publicValues(r)).orElse(OptionValues.empty());
    String next = null;
    Optional<RunSchedule> sched = row.flatMap(sup::schedule);
    if (sched.isPresent() && row.get().enabled()) {
      next = Planner.nextStart(sched.get(), sup.windows(s.name()), s.zone(), sup.clock().instant())
          .map(i -> local(i, s.zone()) + " " + s.zone().getId()).orElse("never (no window ahead)");
    }
    Long last = sup.runs().runs(java.util.EnumSet.allOf(RunState.class), 500).stream()
        .filter(r -> s.name().equals(r.site()) && m.id().equals(r.method())).map(StoredRun::id).max(Long::compare).orElse(null);
    return new SiteMethodView(s.name(), m.id(), row.isPresent(), row.map(MethodSetting::enabled).orElse(false),
        sched.map(RunSchedule::spec).orElse(null), next, pub.values(), secrets, last);
  }

  /**
   * A run and how far it got: done and left, rate, outcomes by kind, and the budget its settings ask
   * for. A run that keeps no results (a Test action, a query, a network-access check) has nothing
   * left once it has ended.
   */
  record RunView(long id, String method, String site, String state, String stopReason, long targets, long done, long left,
      long packets, double targetsPerSecond, Map<String, Long> byKind, String budget, String started, String ended,
      String trigger, String requestedBy, boolean outsideWindow, boolean keepsResults) {}

  static RunView run(Supervisor sup, StoredRun r) {
    Instant end = r.ended() != null ? r.ended() : sup.clock().instant();
    double secs = Math.max(Duration.between(r.started(), end).toMillis() / 1000.0, 0.001);
    Map<String, Long> byKind = sup.runs().outcomeCounts(r.id());
    // The stored count is the last heartbeat's; the outcomes are read now, and must not outrun it on the page.
    long done = Math.max(r.done(), byKind.values().stream().mapToLong(Long::longValue).sum());
    long left = !r.keepsResults() && r.runState().isFinal() ? 0 : Math.max(0, r.targets() - done);
    return new RunView(r.id(), r.method(), r.site(), r.state(), r.stopReason(), r.targets(), done,
        left, r.packets(), Math.round(done / secs * 10) / 10.0, byKind, budget(sup, r), r.started().toString(),
        r.ended() == null ? null : r.ended().toString(), r.trigger(), r.requestedBy(), r.outsideWindow(), r.keepsResults());
  }

  /** The budget in force for a site's run: its method's current settings ({@code 200/s, 100 in flight per peer}). */
  static String budget(Supervisor sup, StoredRun r) {
    if (r.site() == null) return "";
    try {
      Optional<MethodSetting> row = sup.store().method(r.site(), r.method());
      if (row.isEmpty()) return "";
      Budget b = sup.methodSettings().configured(row.get()).budget();
      return (b.perPeerRate().unlimited() ? "unlimited" : b.perPeerRate().text() + "/s") + " and " + b.perPeerInFlight()
          + " in flight per peer, " + b.concurrency() + " targets at once";
    } catch (RuntimeException e) {
      return "";
    }
  }

  static boolean unfinished(StoredRun r) {
    return !r.runState().isFinal();
  }
}

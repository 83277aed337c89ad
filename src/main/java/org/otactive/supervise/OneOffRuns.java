package org.otactive.supervise;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.probe.Configured;
import org.otactive.probe.QueryAnswer;
import org.otactive.probe.QueryCommand;
import org.otactive.probe.TestReport;
import org.otactive.run.Tester;
import org.otactive.run.ProgressListener;
import org.otactive.run.ResultSink;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.safety.Blocked;
import org.otactive.safety.SendWindow;
import org.otactive.safety.StopSwitch;
import org.otactive.schedule.Windows;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;
import org.otactive.store.JdbcRunLog;

/**
 * One-off runs and Test actions from the command line: an admin's tools, with targets given there
 * rather than a site's. They go through the same checks as supervised runs where sites are
 * concerned: a one-off run whose targets lie in a site's ranges obeys that site's stop and its
 * maintenance windows (outside them only when confirmed with a reason, audited); a Test action
 * obeys stops but not windows (it asks one question). Neither touches an address a site excluded
 * (never to touch): a one-off run leaves those out of its targets and says so, a Test action of one
 * is refused. Both run on {@link LegRunner}, so a stop from anywhere reaches them.
 */
public final class OneOffRuns {
  /** How long a Test action may take at most. */
  public static final Duration TEST_DEADLINE = Duration.ofSeconds(30);

  private final Supervisor supervisor;
  private final LegRunner legs;

  OneOffRuns(Supervisor supervisor, LegRunner legs) {
    this.supervisor = supervisor;
    this.legs = legs;
  }

  /** The same, recording {@code channel} in the audit entries of its runs and tests. */
  public OneOffRuns via(org.otactive.access.Channel channel) {
    return new OneOffRuns(supervisor.via(channel), legs);
  }

  /**
   * A one-off scan.
   *
   * @param typed the targets as typed (for the run's record)
   * @param outsideWindow confirms sending while a touched site's window is closed ({@code reason} required)
   */
  public record Scan(String actor, Configured method, AddressSet targets, String typed, int maxDevices, Duration deadline,
      boolean outsideWindow, String reason) {}

  /**
   * What a one-off scan did.
   *
   * @param skipped how many of the targets it left out because sites excluded them
   * @param excludedAt those sites
   */
  public record Done(long runId, RunReport report, LegRunner.Ended leg, BigInteger skipped, Set<String> excludedAt) {}

  /**
   * Checks who and what, records the run and its audit entry, then sends; returns when the run is
   * over (completed, stopped, past its deadline, or its window closed). The caller's {@code stop}
   * (Ctrl-C) halts it like any stop.
   */
  public Done scan(Scan s, StopSwitch stop, ResultSink also, ProgressListener progress)
      throws InterruptedException, IOException {
    supervisor.admin(s.actor(), "run one-off scans");
    if (s.outsideWindow()) Supervisor.reason(s.reason());
    else if (s.reason() != null) throw new BadInputException("--reason goes with --outside-window here (a one-off run records no other reason)");
    if (s.targets().isEmpty()) throw new BadInputException("the TARGETS minus --exclude leave no address");
    List<Site> sites = supervisor.sites().list();
    List<Site> excluding = sites.stream().filter(site -> site.excluded().intersects(s.targets())).toList();
    AddressSet targets = s.targets();
    for (Site site : excluding) targets = targets.minus(site.excluded());
    BigInteger skipped = s.targets().size().subtract(targets.size()); // IPv6 exclusions can be vast
    if (targets.isEmpty()) {
      throw new Refused("every address of the TARGETS is excluded at site " + String.join(", ", names(excluding))
          + " (never to touch); nothing was sent");
    }
    BigInteger count = targets.size();
    if (count.compareTo(BigInteger.valueOf(s.maxDevices())) > 0) {
      throw new BadInputException("TARGETS expand to " + count + " addresses, more than the device cap of "
          + s.maxDevices() + " (narrow them or raise --max-devices)");
    }
    List<Site> touched = touched(sites, targets);
    refuseIfHeld(touched);
    Instant now = supervisor.clock().instant();
    List<Windows> windows = new ArrayList<>();
    for (Site site : touched) windows.add(supervisor.windows(site.name()));
    if (!s.outsideWindow()) {
      for (int i = 0; i < touched.size(); i++) {
        if (!windows.get(i).isOpen(now)) {
          java.time.ZoneId zone = touched.get(i).zone();
          String next = windows.get(i).nextOpen(now).map(t -> "; the next opens " + t.atZone(zone).toLocalDateTime()
              + " " + zone.getId()).orElse("; it has none ahead");
          throw new Refused("the TARGETS lie in site " + touched.get(i).name() + ", whose maintenance window is closed" + next
              + " (or confirm --outside-window --reason TEXT)");
        }
      }
    }
    String method = s.method().method().id();
    String what = method + " " + s.typed();
    String left = skipped.signum() == 0 ? "" : skipped + " excluded address(es) left out (sites " + names(excluding) + ")";
    String detail = String.join("; ", java.util.stream.Stream.of(touched.isEmpty() ? "" : "sites " + names(touched), left)
        .filter(x -> !x.isEmpty()).toList());
    long runId = supervisor.changeAndRecord(() -> {
      long id = supervisor.runs().begin(method, "targets=" + s.typed() + " settings=" + describe(s.method()),
          count.longValueExact(), "command", s.actor(), s.outsideWindow(), now);
      supervisor.record(s.actor(), s.outsideWindow() ? "one-off-outside-window" : "one-off", "run " + id + ": " + what,
          s.outsideWindow() ? s.reason() : "", detail);
      return id;
    });
    SendWindow window = s.outsideWindow() || touched.isEmpty() ? SendWindow.ALWAYS : all(windows);
    LegRunner.Plan plan = new LegRunner.Plan(s.method(), targets, count.longValueExact(), targets::contains, window,
        s.maxDevices(), s.deadline());
    LegRunner.Ended ended;
    try {
      ended = legs.scan(new LegRunner.Watch(runId, names(touched), method, false), plan, stop, also, progress);
    } catch (IOException | RuntimeException e) {
      supervisor.runs().transition(runId, Supervisor.UNFINISHED, RunState.STOPPED, "failed: " + e.getMessage(),
          supervisor.clock().instant());
      throw e;
    }
    RunReport r = ended.report();
    // A one-off run has nobody to resume it when its window closes: it ends there, stopped.
    if (r.state() == RunState.WAITING_WINDOW) {
      r = new RunReport(r.runId(), r.method(), RunState.STOPPED, r.stopReason(), r.started(), r.ended(), r.targets(),
          r.done(), r.byKind(), r.packets(), r.sendRate(), r.unmatchedReplies());
    }
    supervisor.runs().end(new RunReport(r.runId(), r.method(), r.state(), r.stopReason(), r.started(), r.ended(),
        r.targets(), r.done(), r.byKind(), ended.packets(), r.sendRate(), r.unmatchedReplies()));
    return new Done(runId, r, ended, skipped, names(excluding));
  }

  /** How long a query may take at most (the method's own per-host deadline usually ends it sooner). */
  public static final Duration QUERY_DEADLINE = Duration.ofMinutes(10);

  /**
   * A method's Test action: one question about {@code target} (to each of the method's peers),
   * audited and recorded as a run of trigger {@code test}. Stops reach it; windows do not apply.
   */
  public List<TestReport> test(String actor, Configured method, InetAddress target, StopSwitch stop)
      throws InterruptedException {
    String id = method.method().id();
    return single(actor, method, target, stop, new Single(JdbcRunLog.TEST, TEST_DEADLINE, "test",
        id + " --test " + Addresses.canonical(target), ""), ctx -> method.test(target, ctx));
  }

  /**
   * A method's free-form query ({@code otactive wmi query}): an admin's staging test, supervised as
   * a Test action is (audited with the query's text, recorded as a run of trigger {@code query},
   * stops reach it, windows do not apply, the gate lets only {@code target} through).
   */
  public QueryAnswer query(String actor, Configured method, InetAddress target, String text, StopSwitch stop)
      throws InterruptedException {
    String id = method.method().id();
    String command = method.method().queryCommand().map(QueryCommand::name).orElseThrow(
        () -> new BadInputException(id + " has no query command"));
    if (text == null || text.isBlank()) throw new BadInputException("the query is empty");
    method.checkQuery(text);
    String shown = Text.printable(text.length() > 1000 ? text.substring(0, 1000) : text);
    return single(actor, method, target, stop, new Single(JdbcRunLog.QUERY, QUERY_DEADLINE, "query",
        command + " query " + Addresses.canonical(target), shown), ctx -> method.query(target, text, ctx));
  }

  /** How a one-target action is recorded: the run's trigger, its deadline, the audit action, subject and detail. */
  private record Single(String trigger, Duration deadline, String action, String what, String detail) {}

  /** Runs {@code action} on one target, checked, recorded and audited as {@code how} says. */
  private <T> T single(String actor, Configured method, InetAddress target, StopSwitch stop, Single how,
      Tester.Action<T> action) throws InterruptedException {
    supervisor.admin(actor, "run " + (how.action().equals("test") ? "Test actions" : "queries"));
    String address = Addresses.canonical(target);
    List<Site> all = supervisor.sites().list();
    for (Site site : all) {
      if (site.excluded().contains(target)) {
        throw new Refused(address + " is excluded at site " + site.name() + " (never to touch); nothing was sent");
      }
    }
    List<Site> touched = touched(all, AddressSet.of(address));
    refuseIfHeld(touched);
    String id = method.method().id();
    Instant now = supervisor.clock().instant();
    long runId = supervisor.changeAndRecord(() -> {
      long run = supervisor.runs().begin(id, how.trigger() + " " + address + " settings=" + describe(method), 1,
          how.trigger(), actor, false, now);
      String sites = touched.isEmpty() ? "" : "sites " + names(touched);
      supervisor.record(actor, how.action(), "run " + run + ": " + how.what(), "",
          how.detail().isEmpty() ? sites : how.detail() + (sites.isEmpty() ? "" : "; " + sites));
      return run;
    });
    try {
      T result = legs.once(new LegRunner.Watch(runId, names(touched), id, false), method, target, how.deadline(), stop,
          action);
      end(runId, LegRunner.stoppedBeforeItsEnd(stop) ? RunState.STOPPED : RunState.COMPLETED, stop);
      return result;
    } catch (Blocked b) {
      end(runId, RunState.STOPPED, stop);
      throw new Refused("nothing was sent: " + b.getMessage());
    }
  }

  private void end(long runId, RunState state, StopSwitch stop) {
    supervisor.runs().transition(runId, Supervisor.UNFINISHED, state,
        state == RunState.STOPPED ? stop.reason() : null, supervisor.clock().instant());
  }

  /** The sites whose ranges hold some of {@code targets}. */
  private static List<Site> touched(List<Site> sites, AddressSet targets) {
    return sites.stream().filter(site -> site.ranges().intersects(targets)).toList();
  }

  private void refuseIfHeld(List<Site> touched) {
    if (!supervisor.monitoringOn()) {
      throw new Refused("active monitoring is off (an admin turns it on: otactive monitoring on --reason TEXT)");
    }
    for (Site site : touched) {
      supervisor.store().siteStop(site.name()).ifPresent(st -> {
        throw new Refused("the TARGETS lie in site " + site.name() + ", which is stopped (" + st.reason()
            + "); an owner re-arms it first: otactive rearm --site " + site.name() + " --reason TEXT");
      });
    }
  }

  private static Set<String> names(List<Site> sites) {
    Set<String> out = new LinkedHashSet<>();
    for (Site s : sites) out.add(s.name());
    return out;
  }

  /** Open only while every window is: a one-off run spanning sites keeps inside all of theirs. */
  private static SendWindow all(List<Windows> windows) {
    return now -> {
      Instant until = null;
      for (Windows w : windows) {
        Optional<Instant> u = w.openUntil(now);
        if (u.isEmpty()) return null;
        if (until == null || u.get().isBefore(until)) until = u.get();
      }
      return until;
    };
  }

  /** The public settings for the run's record (secrets never). */
  private static String describe(Configured m) {
    return m.values().only(m.method().options(), false).values().toString();
  }
}

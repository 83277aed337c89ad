package org.otactive.supervise;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.otactive.inventory.Change;
import org.otactive.inventory.Inventory;
import org.otactive.probe.Budget;
import org.otactive.probe.Configured;
import org.otactive.probe.TestReport;
import org.otactive.run.ProgressListener;
import org.otactive.run.HandOffSink;
import org.otactive.run.RecordingSink;
import org.otactive.run.ResultSink;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.run.ScanRun;
import org.otactive.run.Tester;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.Rate;
import org.otactive.safety.SendWindow;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;
import org.otactive.store.JdbcRunLog;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.store.JdbcSupervision;

/**
 * Runs one leg of a run, the same way for a supervised run, a one-off command-line run and a Test
 * action: the leg's stop switch is registered with {@link ActiveLegs} (so a stop made in this
 * process throws it at once), a watcher looks at the database every {@link #WATCH} for stops,
 * pauses and switches made by other processes, and every {@link #BEAT} it stamps the run's
 * heartbeat and its packet count (so a crash loses at most a second of the count).
 */
public final class LegRunner {
  /** How often a sending leg looks for stops made elsewhere; bounds their latency. */
  public static final Duration WATCH = Duration.ofMillis(50);
  /** How often a sending leg records that it is alive, its results and its packets so far. */
  public static final Duration BEAT = Duration.ofSeconds(1);
  /** The reason a short check's own switch is thrown with when it is over (not a stop). */
  public static final String OVER = "test over";

  /** Whether a short check's switch was thrown by a stop, not only at its end ({@link #OVER}). */
  public static boolean stoppedBeforeItsEnd(StopSwitch stop) {
    return stop.isStopped() && !OVER.equals(stop.reason());
  }

  private final JdbcSupervision store;
  private final JdbcRunLog runs;
  private final Inventory inventory;
  private final InstantSource clock;
  private final Ticker ticker;
  private final ActiveLegs legs;

  LegRunner(JdbcSupervision store, JdbcRunLog runs, Inventory inventory, InstantSource clock, Ticker ticker, ActiveLegs legs) {
    this.store = store;
    this.runs = runs;
    this.inventory = inventory;
    this.clock = clock;
    this.ticker = ticker;
    this.legs = legs;
  }

  /**
   * Whose decisions halt a leg besides its own switch.
   *
   * @param sites the sites whose stop halts it (a supervised run's site; the sites a one-off run's
   *     targets lie in)
   * @param supervised whether the method must stay enabled on those sites (a supervised run)
   */
  public record Watch(long runId, Set<String> sites, String method, boolean supervised) {
    public Watch {
      sites = Set.copyOf(sites);
    }
  }

  /** What a leg's watcher found when it read the sources of its plan again. */
  public enum Refresh {
    /** Nothing changed. */
    SAME,
    /** The scope or the windows changed: the gate asks the window again at the next packet. */
    RECONSIDER,
    /** The method's settings changed: the leg ends and its run goes on in a new one with them. */
    RESTART
  }

  /**
   * What one leg of a scan sends: its targets, its scope and window, its caps; {@code refresh}
   * reads the sources of the scope, the window and the settings again (the watcher calls it every
   * {@link #WATCH}) and says what changed.
   */
  public record Plan(Configured method, Iterable<InetAddress> targets, long targetCount, Predicate<InetAddress> scope,
      SendWindow window, int maxDevices, Duration deadline, java.util.function.Supplier<Refresh> refresh) {
    /** A plan whose scope, window and settings do not change while it runs (one-off runs). */
    public Plan(Configured method, Iterable<InetAddress> targets, long targetCount, Predicate<InetAddress> scope,
        SendWindow window, int maxDevices, Duration deadline) {
      this(method, targets, targetCount, scope, window, maxDevices, deadline, () -> Refresh.SAME);
    }
  }

  /**
   * How a leg ended.
   *
   * @param changes stored values the leg's results replaced (first sightings are not changes), the
   *     first ten thousand of them
   * @param changeCount how many values the leg's results replaced in all
   * @param intent why it was halted when someone halted it, else null
   * @param packets the run's packets in total, earlier legs included
   */
  public record Ended(RunReport report, List<Change> changes, long changeCount, ActiveLegs.Intent intent, long packets) {}

  /**
   * Why a run watched by {@code watch} may not send now, or null: active monitoring is off, one of
   * its sites is stopped, or (supervised) its method is disabled there.
   */
  String refusal(Set<String> sites, String method, boolean supervised) {
    if (!store.switchOn(JdbcSupervision.ACTIVE_MONITORING)) return "active monitoring is off";
    for (String site : sites) {
      var stop = store.siteStop(site);
      if (stop.isPresent()) return "site " + site + " is stopped: " + stop.get().reason();
      if (supervised) {
        var m = store.method(site, method);
        if (m.isEmpty() || !m.get().enabled()) return method + " is disabled on site " + site;
      }
    }
    return null;
  }

  /** Scans the plan's targets until done, halted, past the window or the deadline. */
  public Ended scan(Watch watch, Plan plan, StopSwitch stop, ResultSink also, ProgressListener progress)
      throws InterruptedException, IOException {
    Budget budget = plan.method().budget();
    Limits limits = new Limits(Rate.UNLIMITED, budget.perPeerRate(), budget.perPeerInFlight(), plan.maxDevices(),
        plan.deadline());
    Gate gate = new Gate(limits, plan.scope(), plan.method().peerEndpoints(), ticker, stop, clock, plan.window());
    long base = runs.run(watch.runId()).map(StoredRun::packets).orElse(0L);
    // A one-off scan, which waits for its results, hands them to the sinks on a thread of their
    // own (HandOffSink) and writes them with a pipeline; a scan of the service leaves those cores
    // and the database to an operator's commands: with them an emergency stop took longer
    // (bench/RESULTS.md).
    boolean quick = !watch.supervised();
    RecordingSink sink = new RecordingSink(inventory, runs, watch.runId(), watch.method(), quick);
    ResultSink both = ResultSink.both(also, sink);
    HandOffSink handOff = quick ? new HandOffSink(both) : null;
    ResultSink results = quick ? handOff : both;
    ScanRun run = new ScanRun(watch.runId(), plan.method().probe(), plan.targets(), plan.targetCount(), gate, clock, results,
        progress, budget.concurrency());
    ActiveLegs.Leg leg = legs.register(watch.runId(), watch.sites(), watch.method(), stop);
    Thread watcher = Thread.ofVirtual().name("watch-run-" + watch.runId())
        .start(() -> watch(watch, leg, gate, base, plan.refresh()));
    RunReport report;
    try (sink; handOff) {
      report = run.start();
      results.scanOver(); // the sink below writes what is left when it closes
    } finally {
      stop.stop("leg over"); // ends the watcher; a no-op when already thrown
      watcher.join();
      legs.remove(leg);
    }
    long packets = base + gate.admitted();
    runs.heartbeat(watch.runId(), packets, clock.instant());
    return new Ended(report, sink.changes(), sink.changeCount(), leg.intent().get(), packets);
  }

  /**
   * A method's Test action on one target, watched like any run: {@code stop --all} reaches it.
   * The gate lets only the target and the method's peers through, one exchange at a time.
   */
  public List<TestReport> test(Watch watch, Configured method, InetAddress target, Duration deadline, StopSwitch stop)
      throws org.otactive.safety.Blocked, InterruptedException {
    return once(watch, method, target, deadline, stop, ctx -> method.test(target, ctx));
  }

  /**
   * Anything a method does with one target (its Test action, its query), watched like any run:
   * {@code stop --all} reaches it. The gate lets only the target and the method's peers through,
   * one exchange at a time, until {@code deadline}.
   */
  public <T> T once(Watch watch, Configured method, InetAddress target, Duration deadline, StopSwitch stop,
      Tester.Action<T> action) throws org.otactive.safety.Blocked, InterruptedException {
    return once(watch, target::equals, method, 1, deadline, stop, gate -> Tester.test(gate, target, clock, action));
  }

  /** What a short check does with its gate. */
  @FunctionalInterface
  interface GateWork<T> {
    T run(Gate gate) throws org.otactive.safety.Blocked, InterruptedException;
  }

  /**
   * A short check (a Test action, a network-access check) watched like any run: a gate with the
   * given scope and the method's peers, one exchange in flight at a time, at most {@code devices}
   * devices, the method's per-peer rate; no window.
   */
  <T> T once(Watch watch, Predicate<InetAddress> scope, Configured method, int devices, Duration deadline, StopSwitch stop,
      GateWork<T> work) throws org.otactive.safety.Blocked, InterruptedException {
    Limits limits = new Limits(Rate.UNLIMITED, method.budget().perPeerRate(), 1, Math.max(1, devices), deadline);
    Gate gate = new Gate(limits, scope, method.peerEndpoints(), ticker, stop, clock, SendWindow.ALWAYS);
    ActiveLegs.Leg leg = legs.register(watch.runId(), watch.sites(), watch.method(), stop);
    Thread watcher = Thread.ofVirtual().name("watch-once-" + watch.runId()).start(() -> watch(watch, leg, gate, 0, () -> Refresh.SAME));
    try {
      return work.run(gate);
    } finally {
      stop.stop(OVER);
      watcher.join();
      legs.remove(leg);
      runs.heartbeat(watch.runId(), gate.admitted(), clock.instant());
    }
  }

  /**
   * Why a running leg halts for a refusal. A stop commits the site's stop and the run's new state
   * together, but the watcher reads the run before the refusal: when the stop lands in between,
   * the run's row has the stop's own words ("stopped by olga: ...") and they win.
   */
  String haltReason(long runId, String refusal) {
    StoredRun again = runs.run(runId).orElse(null);
    if (again != null && again.runState() != RunState.RUNNING && again.stopReason() != null) return again.stopReason();
    return "stopped: " + refusal;
  }

  /** Halts the leg when the database says so (a stop or pause from another process), and beats. */
  private void watch(Watch watch, ActiveLegs.Leg leg, Gate gate, long basePackets,
      java.util.function.Supplier<Refresh> refresh) {
    long lastBeat = ticker.nanos();
    try {
      while (!leg.stop().await(WATCH)) {
        StoredRun now = runs.run(watch.runId()).orElse(null);
        if (now == null) continue;
        switch (now.runState()) {
          case PAUSED -> leg.halt(ActiveLegs.Intent.PAUSE, now.stopReason());
          case RUNNING -> {
            String refusal = refusal(watch.sites(), watch.method(), watch.supervised());
            if (refusal != null) leg.halt(ActiveLegs.Intent.STOP, haltReason(watch.runId(), refusal));
            else {
              switch (refresh.get()) {
                case SAME -> { }
                case RECONSIDER -> gate.reconsider();
                case RESTART -> leg.halt(ActiveLegs.Intent.RESTART, "the method's settings changed: the run goes on with them");
              }
            }
          }
          default -> leg.halt(ActiveLegs.Intent.STOP, now.stopReason());
        }
        if (ticker.nanos() - lastBeat >= BEAT.toNanos()) {
          runs.heartbeat(watch.runId(), basePackets + gate.admitted(), clock.instant());
          lastBeat = ticker.nanos();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The database is gone (shutting down): stop sending rather than send unsupervised.
      leg.halt(ActiveLegs.Intent.SHUTDOWN, "supervision lost: " + e.getMessage());
    }
  }
}

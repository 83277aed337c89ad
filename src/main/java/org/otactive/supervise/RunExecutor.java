package org.otactive.supervise;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.otactive.probe.rdns.ReverseDnsProbe;
import org.otactive.run.RecordingSink;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.run.ScanRun;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.Rate;
import org.otactive.safety.SendWindow;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;
import org.otactive.schedule.Windows;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.store.JdbcSupervision.MethodSetting;

/**
 * Runs one leg of a supervised run: from when it may send until it is done, its window closes, or
 * someone stops or pauses it. A leg asks only the targets that have no result yet, so a run resumed
 * after a pause, a closed window or a crash never asks a finished target again.
 *
 * <p>Before each packet the gate checks the stop switch and the site's windows. A watcher looks at
 * the database every {@link #WATCH} for stops, pauses and switches made by other processes, and
 * stamps the run's heartbeat.
 */
public final class RunExecutor {
  /** How often a sending leg looks for stops made elsewhere; bounds their latency. */
  public static final Duration WATCH = Duration.ofMillis(50);
  /** A run whose heartbeat is older than this belongs to a process that died. */
  public static final Duration STALE = Duration.ofSeconds(20);
  /** How long a run waits before asking again when another run of its method is going. */
  public static final Duration TURN_WAIT = Duration.ofSeconds(1);
  /** The longest one leg may send; a bound in case everything else fails. */
  public static final Duration LEG_DEADLINE = Duration.ofHours(12);

  private static final Set<RunState> STARTABLE = EnumSet.of(RunState.QUEUED, RunState.WAITING_WINDOW, RunState.RUNNING);

  private final Supervisor supervisor;
  private final JdbcInventory inventory;
  private final InstantSource clock;
  private final Ticker ticker;
  private final ActiveLegs legs;
  private final ConcurrentHashMap<String, ReentrantLock> methodLocks = new ConcurrentHashMap<>();

  public RunExecutor(Supervisor supervisor, Database db, InstantSource clock, Ticker ticker, ActiveLegs legs) {
    this.supervisor = supervisor;
    this.inventory = new JdbcInventory(db);
    this.clock = clock;
    this.ticker = ticker;
    this.legs = legs;
  }

  /** Executes what is due of run {@code id}; returns when to look at it again, or empty when done. */
  public Optional<Instant> execute(long id) throws InterruptedException {
    Optional<StoredRun> found = supervisor.runs().run(id);
    if (found.isEmpty()) return Optional.empty();
    StoredRun run = found.get();
    if (run.runState().isFinal() || run.runState() == RunState.PAUSED || run.site() == null) return Optional.empty();
    Instant now = clock.instant();
    String refusal = refusal(run);
    if (refusal != null) {
      supervisor.runs().transition(id, STARTABLE, RunState.STOPPED, refusal, now);
      return Optional.empty();
    }
    Site site = supervisor.site(run.site());
    Windows windows = supervisor.windows(run.site());
    ReentrantLock lock = methodLocks.computeIfAbsent(run.method(), m -> new ReentrantLock());
    lock.lock();
    try {
      if (!myTurn(run, now)) return Optional.of(now.plus(TURN_WAIT));
      if (!run.outsideWindow() && !windows.isOpen(now)) {
        supervisor.runs().transition(id, STARTABLE, RunState.WAITING_WINDOW, null, now);
        return windows.nextOpen(now);
      }
      if (!supervisor.runs().transition(id, STARTABLE, RunState.RUNNING, null, now)) return Optional.empty();
    } finally {
      lock.unlock();
    }
    return leg(supervisor.run(id), site, windows);
  }

  /** Why the run may not send at all now, or null. */
  private String refusal(StoredRun run) {
    // Asked every WATCH while a run sends: three small reads. (A method row implies its site.)
    if (!supervisor.monitoringOn()) return "active monitoring is off";
    var stop = supervisor.store().siteStop(run.site());
    if (stop.isPresent()) return "site " + run.site() + " is stopped: " + stop.get().reason();
    Optional<MethodSetting> m = supervisor.store().method(run.site(), run.method());
    if (m.isEmpty() || !m.get().enabled()) return run.method() + " is disabled on site " + run.site();
    return null;
  }

  /** One run per method at a time, the oldest waiting first. */
  private boolean myTurn(StoredRun run, Instant now) {
    for (StoredRun other : supervisor.runs().runs(EnumSet.of(RunState.RUNNING, RunState.QUEUED), Integer.MAX_VALUE)) {
      if (other.id() == run.id() || !other.method().equals(run.method())) continue;
      if (other.runState() == RunState.RUNNING) {
        Instant beat = other.heartbeat() != null ? other.heartbeat() : other.started();
        if (beat.plus(STALE).isAfter(now)) return false;
      } else if (other.id() < run.id()) {
        return false;
      }
    }
    return true;
  }

  private Optional<Instant> leg(StoredRun run, Site site, Windows windows) throws InterruptedException {
    MethodSetting m = supervisor.store().method(run.site(), run.method()).orElseThrow();
    if (!run.method().equals(ReverseDnsProbe.ID)) throw new IllegalStateException("no executor for " + run.method());
    RdnsMethodSettings settings = RdnsMethodSettings.fromJson(m.settings());
    Set<String> done = supervisor.runs().recordedAddresses(run.id());
    long remaining = Math.max(0, run.targets() - done.size());
    Limits limits = new Limits(Rate.UNLIMITED, settings.perServerRate(), settings.inFlight(),
        (int) Math.min(Integer.MAX_VALUE, Math.max(1, remaining)), LEG_DEADLINE);
    StopSwitch stop = new StopSwitch();
    SendWindow window = run.outsideWindow() ? SendWindow.ALWAYS : now -> windows.openUntil(now).orElse(null);
    Gate gate = new Gate(limits, site.ranges()::contains, settings.settings().endpoints(), ticker, stop, clock, window);
    ActiveLegs.Leg leg = legs.register(run.id(), run.site(), run.method(), stop);
    Thread watcher = Thread.ofVirtual().name("watch-run-" + run.id()).start(() -> watch(run.id(), leg));
    RunReport report;
    try {
      int concurrency = Math.max(16, Math.min(4096, settings.inFlight() * settings.servers().size()));
      try (RecordingSink sink = new RecordingSink(inventory, supervisor.runs(), run.id(), run.method())) {
        report = new ScanRun(run.id(), new ReverseDnsProbe(settings.settings()), notDone(site, done), remaining, gate,
            clock, sink, org.otactive.run.ProgressListener.NONE, concurrency).start();
      }
    } catch (java.io.IOException e) {
      supervisor.runs().transition(run.id(), EnumSet.of(RunState.RUNNING), RunState.STOPPED, "failed: " + e.getMessage(), clock.instant());
      return Optional.empty();
    } finally {
      stop.stop("leg over"); // ends the watcher; a no-op when already thrown
      watcher.join();
      legs.remove(leg);
    }
    Instant now = clock.instant();
    supervisor.runs().legEnded(run.id(), report.packets(), now);
    Set<RunState> running = EnumSet.of(RunState.RUNNING);
    return switch (report.state()) {
      case COMPLETED -> {
        supervisor.runs().transition(run.id(), running, RunState.COMPLETED, null, now);
        yield Optional.empty();
      }
      case WAITING_WINDOW -> {
        supervisor.runs().transition(run.id(), running, RunState.WAITING_WINDOW, report.stopReason(), now);
        yield windows.nextOpen(now);
      }
      case DEADLINE_REACHED -> {
        supervisor.runs().transition(run.id(), running, RunState.DEADLINE_REACHED, report.stopReason(), now);
        yield Optional.empty();
      }
      default -> {
        ActiveLegs.Intent intent = leg.intent().get();
        if (intent == ActiveLegs.Intent.SHUTDOWN) {
          supervisor.runs().transition(run.id(), running, RunState.QUEUED, null, now);
          yield Optional.of(now);
        }
        if (intent != ActiveLegs.Intent.PAUSE) {
          // A stop recorded by whoever threw it; this covers a stop seen only by the watcher.
          supervisor.runs().transition(run.id(), running, RunState.STOPPED, report.stopReason(), now);
        }
        yield Optional.empty();
      }
    };
  }

  /** The site's addresses that have no result in this run yet, in order, lazily. */
  private static Iterable<InetAddress> notDone(Site site, Set<String> done) {
    if (done.isEmpty()) return site.ranges();
    return () -> new Iterator<>() {
      private final Iterator<InetAddress> all = site.ranges().iterator();
      private InetAddress next = advance();

      private InetAddress advance() {
        while (all.hasNext()) {
          InetAddress a = all.next();
          if (!done.contains(Addresses.canonical(a))) return a;
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public InetAddress next() {
        if (next == null) throw new NoSuchElementException();
        InetAddress a = next;
        next = advance();
        return a;
      }
    };
  }

  /** Halts the leg when the database says so (a stop or pause from another process), and beats. */
  private void watch(long runId, ActiveLegs.Leg leg) {
    long lastBeat = 0;
    try {
      while (!leg.stop().await(WATCH)) {
        StoredRun now = supervisor.runs().run(runId).orElse(null);
        if (now == null) continue;
        switch (now.runState()) {
          case PAUSED -> leg.halt(ActiveLegs.Intent.PAUSE, now.stopReason());
          case RUNNING -> {
            String refusal = refusal(now);
            if (refusal != null) leg.halt(ActiveLegs.Intent.STOP, "stopped: " + refusal);
          }
          default -> leg.halt(ActiveLegs.Intent.STOP, now.stopReason());
        }
        if (System.nanoTime() - lastBeat > 1_000_000_000L) {
          supervisor.runs().heartbeat(runId, clock.instant());
          lastBeat = System.nanoTime();
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

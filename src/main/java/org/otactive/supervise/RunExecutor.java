package org.otactive.supervise;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.otactive.common.AddressBits;
import org.otactive.common.Filtered;
import org.otactive.probe.Configured;
import org.otactive.run.ProgressListener;
import org.otactive.run.ResultSink;
import org.otactive.run.RunState;
import org.otactive.safety.SendWindow;
import org.otactive.safety.StopSwitch;
import org.otactive.schedule.Windows;
import org.otactive.scope.AddressSet;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.store.JdbcSupervision.MethodSetting;

/**
 * Runs one leg of a supervised run: from when it may send until it is done, its window closes, or
 * someone stops or pauses it. A leg asks only the targets that have no result yet, so a run resumed
 * after a pause, a closed window or a crash never asks a finished target again. The leg itself is
 * run by {@link LegRunner}, as every run's is.
 */
public final class RunExecutor {
  /** A run whose heartbeat is older than this belongs to a process that died. */
  public static final Duration STALE = Duration.ofSeconds(20);
  /** How long a run waits before asking again when another run of its method is going. */
  public static final Duration TURN_WAIT = Duration.ofSeconds(1);
  /** The longest one leg may send; a bound in case everything else fails. */
  public static final Duration LEG_DEADLINE = Duration.ofHours(12);

  private static final Set<RunState> STARTABLE = EnumSet.of(RunState.QUEUED, RunState.WAITING_WINDOW, RunState.RUNNING);

  private final Supervisor supervisor;
  private final LegRunner legs;
  private final InstantSource clock;
  private final ConcurrentHashMap<String, ReentrantLock> methodLocks = new ConcurrentHashMap<>();

  RunExecutor(Supervisor supervisor, LegRunner legs, InstantSource clock) {
    this.supervisor = supervisor;
    this.legs = legs;
    this.clock = clock;
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
    LiveSite live = new LiveSite(supervisor, run.site(), run.method());
    Windows windows = live.windows();
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
    while (true) {
      LegEnd end = leg(supervisor.run(id), live);
      if (!end.again()) return end.next();
      live = live.next(); // the settings as they are now
    }
  }

  /** When to look at the run again (empty: done); {@code again}: go on at once in a new leg. */
  private record LegEnd(Optional<Instant> next, boolean again) {
    static LegEnd of(Optional<Instant> next) {
      return new LegEnd(next, false);
    }
  }

  /** Why the run may not send at all now, or null. */
  private String refusal(StoredRun run) {
    return legs.refusal(Set.of(run.site()), run.method(), true);
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

  private LegEnd leg(StoredRun run, LiveSite live) throws InterruptedException {
    MethodSetting m = supervisor.store().method(run.site(), run.method()).orElseThrow();
    Configured method = supervisor.methodSettings().configured(m);
    AddressBits done = supervisor.runs().doneAddresses(run.id());
    // Under only-gaps the leg asks the minimal plan as it stands now: what an earlier leg or a
    // passive import learned meanwhile is no longer asked.
    AddressSet scope = live.plan(method);
    Iterable<InetAddress> targets = notDone(m.onlyGaps()
        ? supervisor.planning().planner(run.site()).targets(scope, run.method()) : scope, done);
    long remaining = Math.max(0, run.targets() - done.size());
    if (m.onlyGaps()) {
      remaining = 0;
      for (InetAddress ignored : targets) remaining++;
    }
    StopSwitch stop = new StopSwitch();
    SendWindow window = run.outsideWindow() ? SendWindow.ALWAYS : live.window();
    LegRunner.Plan plan = new LegRunner.Plan(method, targets, remaining, live.scope(), window,
        (int) Math.min(Integer.MAX_VALUE, Math.max(1, remaining)), LEG_DEADLINE, live::refresh);
    LegRunner.Ended ended;
    try {
      ended = legs.scan(new LegRunner.Watch(run.id(), Set.of(run.site()), run.method(), true), plan, stop,
          ResultSink.NONE, ProgressListener.NONE);
    } catch (java.io.IOException e) {
      supervisor.runs().transition(run.id(), EnumSet.of(RunState.RUNNING), RunState.STOPPED, "failed: " + e.getMessage(), clock.instant());
      return LegEnd.of(Optional.empty());
    }
    Instant now = clock.instant();
    Set<RunState> running = EnumSet.of(RunState.RUNNING);
    var report = ended.report();
    return switch (report.state()) {
      case COMPLETED -> {
        supervisor.runs().transition(run.id(), running, RunState.COMPLETED, null, now);
        yield LegEnd.of(Optional.empty());
      }
      case WAITING_WINDOW -> {
        supervisor.runs().transition(run.id(), running, RunState.WAITING_WINDOW, report.stopReason(), now);
        live.refresh(); // the windows as they are now: one may have been removed while the leg ran
        yield LegEnd.of(live.windows().nextOpen(now));
      }
      case DEADLINE_REACHED -> {
        supervisor.runs().transition(run.id(), running, RunState.DEADLINE_REACHED, report.stopReason(), now);
        yield LegEnd.of(Optional.empty());
      }
      default -> {
        ActiveLegs.Intent intent = ended.intent();
        if (intent == ActiveLegs.Intent.RESTART) yield new LegEnd(Optional.empty(), true);
        if (intent == ActiveLegs.Intent.SHUTDOWN) {
          supervisor.runs().transition(run.id(), running, RunState.QUEUED, null, now);
          yield LegEnd.of(Optional.of(now));
        }
        if (intent != ActiveLegs.Intent.PAUSE) {
          // A stop recorded by whoever threw it; this covers a stop seen only by the watcher.
          supervisor.runs().transition(run.id(), running, RunState.STOPPED, report.stopReason(), now);
        }
        yield LegEnd.of(Optional.empty());
      }
    };
  }

  /** The addresses that have no result in this run yet, in order, lazily. */
  private static Iterable<InetAddress> notDone(Iterable<InetAddress> addresses, AddressBits done) {
    if (done.size() == 0) return addresses;
    return Filtered.of(addresses, a -> !done.contains(a));
  }
}

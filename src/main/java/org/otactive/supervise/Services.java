package org.otactive.supervise;

import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Optional;
import org.otactive.run.RunState;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.store.JdbcRunLog.StoredRun;

/**
 * The supervision parts wired together on one database: the supervisor, the scheduler binding and
 * (when {@link #startExecuting} is called, in {@code otactive serve}) the executor of runs.
 */
public final class Services implements AutoCloseable {
  private final Database db;
  private final InstantSource clock;
  private final ActiveLegs legs = new ActiveLegs();
  private final SchedulerBinding binding;
  private final Supervisor supervisor;
  private final RunExecutor executor;
  private volatile boolean executing;

  public Services(Database db, InstantSource clock, Ticker ticker) {
    this.db = db;
    this.clock = clock;
    this.binding = new SchedulerBinding(db, new SchedulerBinding.Executors() {
      @Override
      public Optional<Instant> run(long runId) throws InterruptedException {
        return executor().execute(runId);
      }

      @Override
      public Optional<Instant> fire(String siteAndMethod) {
        return fireSchedule(siteAndMethod);
      }
    });
    this.supervisor = new Supervisor(db, clock, binding, legs);
    this.executor = new RunExecutor(supervisor, db, clock, ticker, legs);
  }

  private RunExecutor executor() {
    return executor;
  }

  public Supervisor supervisor() {
    return supervisor;
  }

  public SchedulerBinding binding() {
    return binding;
  }

  public ActiveLegs legs() {
    return legs;
  }

  public Database database() {
    return db;
  }

  private Optional<Instant> fireSchedule(String siteAndMethod) {
    int slash = siteAndMethod.lastIndexOf('/');
    String site = siteAndMethod.substring(0, slash);
    String method = siteAndMethod.substring(slash + 1);
    var setting = supervisor.store().method(site, method);
    var s = supervisor.sites().find(site);
    if (setting.isEmpty() || s.isEmpty() || !setting.get().enabled() || setting.get().schedule() == null) return Optional.empty();
    supervisor.scheduledRun(site, method);
    return Optional.of(supervisor.schedule(setting.get()).orElseThrow().nextAfter(clock.instant(), s.get().zone()));
  }

  /**
   * Starts executing runs in this process. One-off command-line runs left "running" by a process
   * that died are marked interrupted; supervised runs are revived by the scheduler (and re-queued
   * here should their execution be missing).
   */
  public void startExecuting(String instanceName) {
    Instant now = clock.instant();
    for (StoredRun r : supervisor.runs().runs(EnumSet.of(RunState.RUNNING), Integer.MAX_VALUE)) {
      Instant beat = r.heartbeat() != null ? r.heartbeat() : r.started();
      if (r.site() == null && beat.plus(RunExecutor.STALE).isBefore(now)) {
        supervisor.runs().transition(r.id(), EnumSet.of(RunState.RUNNING), RunState.INTERRUPTED,
            "its process ended while it ran (no heartbeat since " + beat + ")", now);
      }
    }
    for (StoredRun r : supervisor.runs().runs(
        EnumSet.of(RunState.QUEUED, RunState.WAITING_WINDOW, RunState.RUNNING), Integer.MAX_VALUE)) {
      if (r.site() != null) binding.ensureRun(r.id(), now);
    }
    binding.start(instanceName);
    executing = true;
  }

  /** Halts the legs sending here (they resume at the next start) and stops the scheduler. */
  @Override
  public void close() {
    if (executing) {
      legs.haltSite(null, ActiveLegs.Intent.SHUTDOWN, "the service is stopping");
      binding.close();
    }
  }
}

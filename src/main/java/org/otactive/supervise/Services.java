package org.otactive.supervise;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Optional;
import org.otactive.probe.MethodRegistry;
import org.otactive.run.RunState;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.store.SecretStore;

/**
 * The supervision parts wired together on one database: the supervisor, the method settings and
 * secrets, the leg runner shared by every kind of run, the scheduler binding and (when
 * {@link #startExecuting} is called, in {@code otactive serve}) the executor of supervised runs.
 */
public final class Services implements AutoCloseable {
  private final Database db;
  private final InstantSource clock;
  private final ActiveLegs legs;
  private final SchedulerBinding binding;
  private final Supervisor supervisor;
  private final JdbcInventory inventory;
  private final RunExecutor executor;
  private final OneOffRuns oneOff;
  private final SettingTables tables;
  private final ResultsReport results;
  private final NetChecks netChecks;
  private final Accounts accounts;
  private volatile boolean executing;
  /** When this process had the database: on an embedded one, no other process ran anything since. */
  private final Instant opened;

  /**
   * @param keyFile the secrets key file given by the user, or null for the default place (beside
   *     an embedded database; a PostgreSQL store has none)
   */
  public Services(Database db, MethodRegistry methods, Path keyFile, InstantSource clock, Ticker ticker) {
    this.db = db;
    this.clock = clock;
    this.opened = clock.instant();
    this.legs = new ActiveLegs(clock, ticker);
    this.binding = new SchedulerBinding(db, clock, new SchedulerBinding.Executors() {
      @Override
      public Optional<Instant> run(long runId) throws InterruptedException {
        return executor().execute(runId);
      }

      @Override
      public Optional<Instant> fire(String siteAndMethod) {
        return fireSchedule(siteAndMethod);
      }
    });
    SecretStore secrets = new SecretStore(db, SecretStore.keyFileFor(db.url(), keyFile));
    this.supervisor = new Supervisor(db, methods, secrets, clock, binding, legs);
    this.inventory = new JdbcInventory(db);
    LegRunner legRunner = new LegRunner(supervisor.store(), supervisor.runs(), inventory, clock, ticker, legs);
    this.executor = new RunExecutor(supervisor, legRunner, clock);
    this.oneOff = new OneOffRuns(supervisor, legRunner);
    this.tables = new SettingTables(supervisor);
    this.results = new ResultsReport(supervisor, inventory);
    this.accounts = new Accounts(supervisor, supervisor.accounts());
    this.netChecks = new NetChecks(supervisor, legRunner);
  }

  /** The network-access check. */
  public NetChecks netChecks() {
    return netChecks;
  }

  private RunExecutor executor() {
    return executor;
  }

  public Supervisor supervisor() {
    return supervisor;
  }

  public OneOffRuns oneOff() {
    return oneOff;
  }

  /** Methods' setting tables: import, export, list. */
  public SettingTables tables() {
    return tables;
  }

  /** Methods' results reports per site. */
  public ResultsReport results() {
    return results;
  }

  public Accounts accounts() {
    return accounts;
  }

  public JdbcInventory inventory() {
    return inventory;
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
    markDeadOneOffRuns();
    for (StoredRun r : supervisor.runs().runs(
        EnumSet.of(RunState.QUEUED, RunState.WAITING_WINDOW, RunState.RUNNING), Integer.MAX_VALUE)) {
      if (r.site() != null) binding.ensureRun(r.id(), now);
    }
    binding.start(instanceName);
    executing = true;
  }

  /**
   * Marks interrupted the one-off runs whose process died while they ran, and returns how many. On
   * an embedded database every one-off run still "running" that began before this process opened
   * it is such a run: its process held the database, which this process holds now. Otherwise a run
   * counts as dead when its heartbeat is older than {@link RunExecutor#STALE} (its process beats
   * every second). A run this process is sending for (the service's own Test actions, queries and
   * network checks) is never one. The service looks again at every health line.
   */
  public int markDeadOneOffRuns() {
    Instant now = clock.instant();
    boolean embedded = Database.h2File(db.url()).isPresent();
    int marked = 0;
    for (StoredRun r : supervisor.runs().runs(EnumSet.of(RunState.RUNNING), Integer.MAX_VALUE)) {
      if (r.site() != null || legs.has(r.id())) continue;
      Instant beat = r.heartbeat() != null ? r.heartbeat() : r.started();
      boolean before = embedded && r.started().isBefore(opened);
      if ((before || beat.plus(RunExecutor.STALE).isBefore(now)) && supervisor.runs().transition(r.id(),
          EnumSet.of(RunState.RUNNING), RunState.INTERRUPTED, "its process ended while it ran (no heartbeat since " + beat + ")",
          now)) {
        marked++;
      }
    }
    return marked;
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

package org.otactive.supervise;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.otactive.store.Database;

/**
 * otactive's runs and schedules on db-scheduler, in the same database: a {@code run} execution per
 * run (rescheduled while it waits for its window or its turn, revived after a crash), and a
 * {@code schedule} execution per site and method that queues a run when it fires and plans the
 * next firing. Several instances on one PostgreSQL share the work through db-scheduler's locking.
 */
public final class SchedulerBinding implements RunDispatch, AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SchedulerBinding.class);
  static final String RUN_TASK = "run";
  static final String SCHEDULE_TASK = "schedule";
  /** A dead instance's executions are revived after this many missed heartbeats of {@link #HEARTBEAT}. */
  static final Duration HEARTBEAT = Duration.ofSeconds(1);
  static final int MISSED_HEARTBEATS = 4;
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);

  private final CustomTask<Void> runTask;
  private final CustomTask<Void> scheduleTask;
  private final SchedulerClient client;
  private final Database db;
  private final java.time.InstantSource clock;
  private Scheduler scheduler;

  /** A binding that can only write plans (for a command-line process); {@link #start} runs them. */
  public SchedulerBinding(Database db, java.time.InstantSource clock, Executors executors) {
    this.runTask = Tasks.custom(RUN_TASK, Void.class)
        .onDeadExecutionRevive()
        // A leg resumes where it stopped, so a failed one (say, the database was busy) is simply
        // tried again soon; db-scheduler's default would wait five minutes.
        .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY_AFTER_FAILURE))
        .execute((instance, ctx) -> {
          Optional<Instant> next;
          try {
            next = executors.run(Long.parseLong(instance.getId()));
          } catch (InterruptedException e) {
            // Interrupted while sending (the scheduler is stopping): look again at once on the next start.
            Thread.currentThread().interrupt();
            next = Optional.of(clock.instant());
          } catch (RuntimeException e) {
            LOG.error("run {} failed, retried in {} s", instance.getId(), RETRY_AFTER_FAILURE.toSeconds(), e);
            throw e;
          }
          return next.<CompletionHandler<Void>>map(at -> (done, ops) -> ops.reschedule(done, at))
              .orElse((done, ops) -> ops.remove());
        });
    this.scheduleTask = Tasks.custom(SCHEDULE_TASK, Void.class)
        .onDeadExecutionRevive()
        .execute((instance, ctx) -> {
          Optional<Instant> next = executors.fire(instance.getId());
          return next.<CompletionHandler<Void>>map(at -> (done, ops) -> ops.reschedule(done, at))
              .orElse((done, ops) -> ops.remove());
        });
    this.client = SchedulerClient.Builder.create(db.dataSource(), tasks()).build();
    this.db = db;
    this.clock = clock;
  }

  private List<Task<?>> tasks() {
    return List.of(runTask, scheduleTask);
  }

  /** What the tasks do; implemented by the service. */
  public interface Executors {
    /** Executes what is due of a run; returns when to come back, or empty when it is done. */
    Optional<Instant> run(long runId) throws InterruptedException;

    /** A schedule "site/method" fired; returns its next firing, or empty when it has none. */
    Optional<Instant> fire(String siteAndMethod);
  }

  /** Starts executing due runs and schedules in this process. */
  public synchronized void start(String instanceName) {
    scheduler = Scheduler.create(db.dataSource(), tasks())
        .threads(4)
        .pollingInterval(Duration.ofMillis(500))
        .heartbeatInterval(HEARTBEAT)
        .missedHeartbeatsLimit(MISSED_HEARTBEATS)
        .schedulerName(new SchedulerName.Fixed(instanceName))
        .enableImmediateExecution()
        .shutdownMaxWait(Duration.ofSeconds(10))
        .clock(clock::instant)
        .build();
    scheduler.start();
  }

  @Override
  public void dispatch(long runId, Instant at) {
    client.schedule(runTask.instance(Long.toString(runId)), at, SchedulerClient.ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
  }

  /** Dispatches a run only if it has no execution yet (a safety net after a crash). */
  public void ensureRun(long runId, Instant at) {
    client.scheduleIfNotExists(runTask.instance(Long.toString(runId)), at);
  }

  @Override
  public void plan(String site, String method, Instant at) {
    client.schedule(scheduleTask.instance(site + "/" + method), at, SchedulerClient.ScheduleOptions.WHEN_EXISTS_RESCHEDULE);
  }

  @Override
  public void unplan(String site, String method) {
    var id = scheduleTask.instanceId(site + "/" + method);
    if (client.getScheduledExecution(id).isPresent()) client.cancel(id);
  }

  /** When a schedule fires next, if it is planned. */
  public Optional<Instant> planned(String site, String method) {
    return client.getScheduledExecution(scheduleTask.instanceId(site + "/" + method)).map(e -> e.getExecutionTime());
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) scheduler.stop();
    scheduler = null;
  }
}

package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.methods.BuiltInMethods;
import org.otactive.run.RunState;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.store.JdbcRunLog;

/**
 * The service's look for one-off runs whose process died, on an embedded database: a run begun
 * before the service opened the database is dead; the service's own Test actions and queries are
 * not, however long they take (a health line used to end a slow {@code wmi query} as
 * "interrupted" after a second).
 */
class DeadOneOffRunsTest {
  @TempDir Path dir;

  @Test
  void onlyRunsOfADeadProcessAreMarkedNeverThoseThisServiceIsRunning() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T07:00:00Z"));
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog runs = new JdbcRunLog(db);
      long leftBehind = runs.begin("rdns", "targets=10.0.0.0/24", 256, now.get().minusSeconds(5));
      try (Services services = new Services(db, BuiltInMethods.registry(), null, now::get, Ticker.system())) {
        now.set(now.get().plusSeconds(1));
        long query = runs.begin("wem", "query 10.0.0.5", 1, JdbcRunLog.QUERY, "admin", false, now.get());
        var leg = services.legs().register(query, Set.of(), "wem", new StopSwitch());
        long vanished = runs.begin("rdns", "test 10.0.0.6", 1, JdbcRunLog.TEST, "admin", false, now.get());

        assertThat(services.markDeadOneOffRuns()).isEqualTo(1);
        assertThat(state(runs, leftBehind)).isEqualTo(RunState.INTERRUPTED);
        assertThat(state(runs, query)).isEqualTo(RunState.RUNNING);
        assertThat(state(runs, vanished)).as("begun by this process, its heartbeat fresh").isEqualTo(RunState.RUNNING);

        // Long after: the query still sends here and stays; a run of this process that stopped beating is dead.
        now.set(now.get().plus(RunExecutor.STALE).plus(Duration.ofMinutes(5)));
        assertThat(services.markDeadOneOffRuns()).isEqualTo(1);
        assertThat(state(runs, query)).isEqualTo(RunState.RUNNING);
        assertThat(state(runs, vanished)).isEqualTo(RunState.INTERRUPTED);

        services.legs().remove(leg);
        assertThat(services.markDeadOneOffRuns()).as("its leg gone and its heartbeat old").isEqualTo(1);
        assertThat(state(runs, query)).isEqualTo(RunState.INTERRUPTED);
      }
    }
  }

  private static RunState state(JdbcRunLog runs, long id) {
    return runs.run(id).orElseThrow().runState();
  }
}

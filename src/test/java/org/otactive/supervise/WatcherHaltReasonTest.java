package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.run.RunState;
import org.otactive.safety.Ticker;
import org.otactive.schedule.OneOffWindow;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcSupervision;
import org.otactive.testing.Rdns;

/**
 * The words a leg halts with when its watcher finds the site stopped. A stop commits the site's
 * stop and the run's new state together, but the watcher reads the run before the site: a stop
 * landing between the two reads must still read as the owner's stop ("stopped by olga: pump 3
 * alarm"), as it does when the run's row is read after it (seen once in CI as "stopped: site line2
 * is stopped: pump 3 alarm").
 */
class WatcherHaltReasonTest {
  @TempDir Path dir;

  /** A site "line2" with reverse DNS enabled and run 1 running there (as far as its row says). */
  private record Running(Supervisor sup, LegRunner runner, long run) {}

  private static Running running(Database db) {
    ActiveLegs legs = new ActiveLegs();
    Supervisor sup = new Supervisor(db, org.otactive.methods.BuiltInMethods.registry(),
        new org.otactive.store.SecretStore(db, null), InstantSource.system(), new ScheduledRunTest.RecordingDispatch(), legs);
    sup.saveUser("x", new User("olga", Role.ADMIN), "first");
    sup.addSite("olga", new Site("line2", ZoneId.of("UTC"), AddressSet.of("198.51.100.0/28")), List.of(), "test");
    sup.setMethodSettings("olga", "line2", "rdns", Rdns.options(List.of("127.0.0.1:53"), 1, 0, 10, 1), false, "test");
    sup.setMethodEnabled("olga", "line2", "rdns", true, "test");
    Instant now = Instant.now();
    sup.addWindow("olga", "line2", new OneOffWindow(now.minusSeconds(60), now.plusSeconds(3600)), "test");
    sup.setMonitoring("olga", true, "go");
    LegRunner runner = new LegRunner(sup.store(), sup.runs(), new JdbcInventory(db), InstantSource.system(), Ticker.system(), legs);
    long run = sup.startRun("olga", "line2", "rdns", false, "load").runId();
    assertThat(sup.runs().transition(run, EnumSet.of(RunState.QUEUED), RunState.RUNNING, null, now)).isTrue();
    assertThat(runner.refusal(Set.of("line2"), "rdns", true)).isNull();
    return new Running(sup, runner, run);
  }

  @Test
  void aStopThatLandsBetweenTheWatchersTwoReadsKeepsTheOwnersWords() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      Running r = running(db);
      // The watcher has read the run's row (running); the stop commits; then it asks the site.
      r.sup().stopSite("olga", "line2", "pump 3 alarm");
      String refusal = r.runner().refusal(Set.of("line2"), "rdns", true);
      assertThat(refusal).isEqualTo("site line2 is stopped: pump 3 alarm");
      assertThat(r.runner().haltReason(r.run(), refusal)).isEqualTo("stopped by olga: pump 3 alarm");
    }
  }

  @Test
  void aRefusalWhileTheRunIsStillRunningIsNamedAsARefusal() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      Running r = running(db);
      // The switch alone, without the runs' records (written straight to the database): the run's
      // row still says running, so the watcher names the refusal.
      r.sup().store().setSwitch(JdbcSupervision.ACTIVE_MONITORING, false, "olga", Instant.now());
      String refusal = r.runner().refusal(Set.of("line2"), "rdns", true);
      assertThat(refusal).isEqualTo("active monitoring is off");
      assertThat(r.runner().haltReason(r.run(), refusal)).isEqualTo("stopped: active monitoring is off");
    }
  }
}

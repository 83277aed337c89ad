package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
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
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.LoopbackCapture;
import org.otactive.testing.Rdns;
import org.otactive.testing.PostgresServer;
import org.otactive.testing.ScriptedDnsServer;

/** A schedule firing on db-scheduler queues a run that executes; one run per method at a time. */
class ScheduledRunTest {
  @TempDir Path dir;

  private static void setUp(Supervisor sup, String server, String ranges) {
    sup.saveUser("x", new User("ada", Role.ADMIN), "first");
    sup.addSite("ada", new Site("plant", java.time.ZoneId.of("Europe/Berlin"), AddressSet.of(ranges)), List.of(), "test");
    sup.setMethodSettings("ada", "plant", "rdns", Rdns.options(List.of(server), 1, 0, 10, 1), "test");
    sup.setMethodEnabled("ada", "plant", "rdns", true, "test");
    Instant now = sup.clock().instant();
    sup.addWindow("ada", "plant", new OneOffWindow(now.minusSeconds(60), now.plusSeconds(3600)), "test");
    sup.setMonitoring("ada", true, "go");
  }

  @Test
  void aScheduleThatFiresQueuesARunWhichCompletesAndTheNextFiringIsPlanned() throws Exception {
    scheduleFires("jdbc:h2:file:" + dir.resolve("db"));
  }

  /** The same on PostgreSQL, the database several instances would share. */
  @Test
  void onPostgresqlToo() throws Exception {
    scheduleFires(PostgresServer.shared().newDatabase());
  }

  private static void scheduleFires(String url) throws Exception {
    try (ScriptedDnsServer dns = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "plc.example.")));
        Database db = Database.open(url);
        Services services = new Services(db, org.otactive.methods.BuiltInMethods.registry(), null, Clock.systemUTC(), Ticker.system())) {
      Supervisor sup = services.supervisor();
      setUp(sup, dns.spec(), "10.90.0.0/30");
      sup.setSchedule("ada", "plant", "rdns", "every 6h", "test");
      Instant planned = services.binding().planned("plant", "rdns").orElseThrow();
      assertThat(Duration.between(Instant.now(), planned)).isBetween(Duration.ofHours(5), Duration.ofHours(6));

      services.startExecuting("test");
      services.binding().plan("plant", "rdns", Instant.now()); // as if its time had come
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Optional<StoredRun> done = Optional.empty();
      while (done.isEmpty() && System.nanoTime() < end) {
        done = sup.runs().runs(EnumSet.of(RunState.COMPLETED), 10).stream().findFirst();
        Thread.sleep(50);
      }
      assertThat(done).as("a scheduled run completed").isPresent();
      assertThat(done.get().trigger()).isEqualTo("schedule");
      assertThat(done.get().done()).isEqualTo(4);
      assertThat(dns.count()).isEqualTo(4);
      Instant next = services.binding().planned("plant", "rdns").orElseThrow();
      assertThat(Duration.between(Instant.now(), next)).isBetween(Duration.ofHours(5), Duration.ofHours(6));
      assertThat(sup.audit().entries(null)).anySatisfy(e -> {
        assertThat(e.actor()).isEqualTo("scheduler");
        assertThat(e.action()).isEqualTo("run-start");
      });
    }
  }

  @Test
  void oneRunPerMethodAtATimeTheOthersWaitTheirTurn() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      ActiveLegs legs = new ActiveLegs();
      RecordingDispatch dispatch = new RecordingDispatch();
      Supervisor sup = new Supervisor(db, org.otactive.methods.BuiltInMethods.registry(),
          new org.otactive.store.SecretStore(db, null), InstantSource.system(), dispatch, legs);
      setUp(sup, "127.0.0.1:5399", "10.91.0.0/30");
      long first = sup.startRun("ada", "plant", "rdns", false, "test").runId();
      long second = sup.startRun("ada", "plant", "rdns", false, "test").runId();
      RunExecutor executor = new RunExecutor(sup, new LegRunner(sup.store(), sup.runs(),
          new org.otactive.store.JdbcInventory(db), InstantSource.system(), Ticker.system(), legs), InstantSource.system());
      // The second may not go while the first is queued before it, nor while it is sending.
      Optional<Instant> retry = executor.execute(second);
      assertThat(retry).isPresent();
      assertThat(sup.run(second).state()).isEqualTo("queued");
      sup.runs().transition(first, EnumSet.of(RunState.QUEUED), RunState.RUNNING, null, Instant.now());
      sup.runs().heartbeat(first, 0, Instant.now());
      assertThat(executor.execute(second)).isPresent();
      assertThat(sup.run(second).state()).isEqualTo("queued");
      // A "running" run whose process died (no heartbeat for a while) does not block the queue.
      sup.runs().heartbeat(first, 0, Instant.now().minus(RunExecutor.STALE).minusSeconds(1));
      sup.stopRun("ada", second, "not needed");
      assertThat(executor.execute(second)).isEmpty();
      assertThat(legs.legs()).isEmpty();
      assertThat(dispatch.calls).contains("run " + first, "run " + second);
    }
  }

  @Test
  void aPausedRunSendsNothingUntilResumedAndThenAsksOnlyWhatIsLeft() throws Exception {
    try (ScriptedDnsServer dns = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "plc.example.")));
        Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"));
        Services services = new Services(db, org.otactive.methods.BuiltInMethods.registry(), null, Clock.systemUTC(), Ticker.system())) {
      Supervisor sup = services.supervisor();
      setUp(sup, dns.spec(), "10.92.0.0/24");
      sup.setMethodSettings("ada", "plant", "rdns", Rdns.options(List.of(dns.spec()), 1, 100, 10, 1), "slower");
      services.startExecuting("test");
      LoopbackCapture capture = LoopbackCapture.to(dns.endpoint());
      long run = sup.startRun("ada", "plant", "rdns", false, "test").runId();
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (dns.count() < 60 && System.nanoTime() < end) Thread.sleep(5);
      sup.pause("ada", run, "operator asked");
      Instant paused = Instant.now();
      assertThat(sup.run(run).state()).isEqualTo("paused");
      Thread.sleep(700);
      int atPause = dns.count();
      LoopbackCapture.Result wire = capture.stop();
      assertThat(wire.dropped()).isZero();
      // As the kernel stamped them: a packet already past the gate at the pause may leave a moment
      // later (100 ms, the stop's own bound).
      assertThat(wire.last()).as("no query after the pause returned").isBefore(paused.plusMillis(100));
      assertThat(atPause).isLessThan(256);
      java.util.Set<String> finished = new java.util.HashSet<>(sup.runs().recordedAddresses(run));

      sup.resume("ada", run, "go on");
      end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!sup.run(run).state().equals("completed") && System.nanoTime() < end) Thread.sleep(20);
      assertThat(sup.run(run).state()).isEqualTo("completed");
      assertThat(sup.runs().results(run)).hasSize(256);
      // After the resume: only targets without a result at the pause were asked.
      List<String> askedAgain = dns.arrivals().subList(atPause, dns.count()).stream()
          .map(a -> questionAddress(a.bytes())).filter(finished::contains).toList();
      assertThat(askedAgain).isEmpty();
      assertThat(sup.audit().entries(null)).extracting(org.otactive.access.AuditEntry::action)
          .contains("run-pause", "run-resume");
    }
  }

  /** The IPv4 address a PTR query asks about. */
  private static String questionAddress(byte[] query) {
    try {
      String name = new org.xbill.DNS.Message(query).getQuestion().getName().toString();
      String[] p = name.split("\\.");
      return p[3] + "." + p[2] + "." + p[1] + "." + p[0];
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Records what would be handed to the scheduler. */
  static final class RecordingDispatch implements RunDispatch {
    final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void dispatch(long runId, Instant at) {
      calls.add("run " + runId);
    }

    @Override
    public void plan(String site, String method, Instant at) {
      calls.add("plan " + site + "/" + method);
    }

    @Override
    public void unplan(String site, String method) {
      calls.add("unplan " + site + "/" + method);
    }
  }
}

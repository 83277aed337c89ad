package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.safety.Ticker;
import org.otactive.schedule.OneOffWindow;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog.StoredResult;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.Rdns;
import org.otactive.testing.ScriptedDnsServer;

/**
 * A change to a site while its run sends applies to that run at once, not when it ends: an owner
 * who excludes fragile devices or calls the maintenance window off means now. A supervised reverse
 * DNS run over a /26 at 50 queries/s (about 1.3 s) against a scripted DNS server on loopback; the
 * change is made once eight questions arrived, long before the scan reaches what it changes.
 */
class LiveSiteRunTest {
  private static final int RATE = 50;
  @TempDir Path dir;
  private ScriptedDnsServer dns;
  private Database db;
  private Plant p;

  @BeforeEach
  void start() throws Exception {
    dns = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "dev.plant.example.")));
    db = Database.open("jdbc:h2:file:" + dir.resolve("db"));
    p = plant(db, dns);
  }

  @AfterEach
  void stop() throws Exception {
    db.close();
    dns.close();
  }

  private record Plant(Supervisor sup, RunExecutor executor, long windowId) {}

  private static Plant plant(Database db, ScriptedDnsServer dns) {
    ActiveLegs legs = new ActiveLegs();
    Supervisor sup = new Supervisor(db, org.otactive.methods.BuiltInMethods.registry(),
        new org.otactive.store.SecretStore(db, null), InstantSource.system(), new ScheduledRunTest.RecordingDispatch(), legs);
    sup.saveUser("x", new User("ada", Role.ADMIN), "first");
    sup.addSite("ada", new Site("plant", ZoneId.of("UTC"), AddressSet.of("198.51.100.0/26")), List.of(), "test");
    sup.setMethodSettings("ada", "plant", "rdns", Rdns.options(List.of(dns.spec()), 1, RATE, 1, 1), false, "test");
    sup.setMethodEnabled("ada", "plant", "rdns", true, "test");
    Instant now = Instant.now();
    long window = sup.addWindow("ada", "plant", new OneOffWindow(now.minusSeconds(60), now.plusSeconds(3600)), "test").get(0);
    sup.setMonitoring("ada", true, "go");
    RunExecutor executor = new RunExecutor(sup, new LegRunner(sup.store(), sup.runs(), new JdbcInventory(db),
        InstantSource.system(), Ticker.system(), legs), InstantSource.system());
    return new Plant(sup, executor, window);
  }

  /** Starts a run, waits for eight questions, makes the change, and waits for the executor. */
  private static long runChangingMidway(Plant p, ScriptedDnsServer dns, Runnable change, AtomicReference<Optional<Instant>> next)
      throws Exception {
    long id = p.sup().startRun("ada", "plant", "rdns", false, "inventory").runId();
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread executing = Thread.ofVirtual().start(() -> {
      try {
        next.set(p.executor().execute(id));
      } catch (Exception e) {
        failed.set(e);
      }
    });
    Instant give = Instant.now().plusSeconds(10);
    while (dns.count() < 8 && Instant.now().isBefore(give)) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    assertThat(dns.count()).as("the run sends").isGreaterThanOrEqualTo(8);
    change.run();
    executing.join(Duration.ofSeconds(30));
    assertThat(executing.isAlive()).isFalse();
    assertThat(failed.get()).isNull();
    return id;
  }

  private static Set<Integer> lastOctetsAsked(ScriptedDnsServer dns) {
    Set<Integer> out = new TreeSet<>();
    for (ScriptedDnsServer.Arrival a : dns.arrivals()) {
      String q = DnsReplies.parse(a.bytes()).getQuestion().getName().toString(true);
      out.add(Integer.parseInt(q.substring(0, q.indexOf('.'))));
    }
    return out;
  }

  @Test
  void anExclusionMadeWhileTheRunSendsIsNeverAsked() throws Exception {
    AtomicReference<Optional<Instant>> next = new AtomicReference<>();
    long id = runChangingMidway(p, dns, () -> p.sup().changeSite("ada", "plant", null, null, List.of("198.51.100.32/27"),
        List.of(), "the old PLCs up there fall over"), next);

    assertThat(p.sup().run(id).state()).isEqualTo("completed");
    Set<Integer> asked = lastOctetsAsked(dns);
    assertThat(asked).as("nothing of the excluded half").allMatch(o -> o < 32);
    assertThat(asked).contains(0, 31);
    List<StoredResult> results = p.sup().runs().results(id);
    assertThat(results).hasSize(64);
    assertThat(results.stream().filter(r -> r.detail() != null && r.detail().contains("out of scope")).count()).isEqualTo(32);
  }

  @Test
  void aWindowRemovedWhileTheRunSendsEndsTheSending() throws Exception {
    AtomicReference<Optional<Instant>> next = new AtomicReference<>();
    int[] atRemoval = new int[1];
    long id = runChangingMidway(p, dns, () -> {
      atRemoval[0] = dns.count();
      p.sup().removeWindow("ada", "plant", p.windowId(), "maintenance called off");
    }, next);

    assertThat(p.sup().run(id).state()).isEqualTo("waiting-window");
    assertThat(next.get()).as("no window left to wait for").isEmpty();
    // The watcher looks every 50 ms; at 50 queries/s a few may leave before it sees the change.
    assertThat(dns.count()).isLessThan(atRemoval[0] + 10).isLessThan(64);
  }
}

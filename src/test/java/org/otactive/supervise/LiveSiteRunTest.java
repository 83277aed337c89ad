package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
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
import org.otactive.probe.OptionValues;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.EchoMethod;
import org.otactive.testing.EchoOtactive;
import org.otactive.testing.Rdns;
import org.otactive.testing.ScriptedDnsServer;

/**
 * A change to a site while its run sends applies to that run at once, not when it ends: an owner
 * who excludes fragile devices, calls the maintenance window off, or disables a method's scan
 * range means now. A supervised run over a /26 at 25 packets/s (about 2.6 s) against a scripted
 * DNS server (reverse DNS) or echo server ({@link EchoMethod}, whose targets depend on its
 * settings as WEM's scan ranges do) on loopback; the change is made once eight packets arrived,
 * long before the scan reaches what it changes.
 */
class LiveSiteRunTest {
  private static final int RATE = 25;
  @TempDir Path dir;
  private ScriptedDnsServer dns;
  private ScriptedDnsServer echo;
  private Database db;
  private Plant p;

  @BeforeEach
  void start() throws Exception {
    dns = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "dev.plant.example.")));
    echo = new ScriptedDnsServer(EchoMethod::echo);
    db = Database.open("jdbc:h2:file:" + dir.resolve("db"));
    p = plant();
  }

  @AfterEach
  void stop() throws Exception {
    db.close();
    dns.close();
    echo.close();
  }

  private record Plant(Supervisor sup, RunExecutor executor, long windowId) {}

  private Plant plant() {
    ActiveLegs legs = new ActiveLegs();
    Supervisor sup = new Supervisor(db, EchoOtactive.registry(), new org.otactive.store.SecretStore(db, dir.resolve("db.key")),
        InstantSource.system(), new ScheduledRunTest.RecordingDispatch(), legs);
    sup.saveUser("x", new User("ada", Role.ADMIN), "first");
    sup.addSite("ada", new Site("plant", ZoneId.of("UTC"), AddressSet.of("198.51.100.0/26")), List.of(), "test");
    sup.setMethodSettings("ada", "plant", "rdns", Rdns.options(List.of(dns.spec()), 1, RATE, 1, 1), false, "test");
    sup.setMethodSettings("ada", "plant", "echo", MethodPluginTest.echo(echo.spec(), Integer.toString(RATE)), "test");
    for (String method : List.of("rdns", "echo")) sup.setMethodEnabled("ada", "plant", method, true, "test");
    Instant now = Instant.now();
    long window = sup.addWindow("ada", "plant", new OneOffWindow(now.minusSeconds(60), now.plusSeconds(3600)), "test").get(0);
    sup.setMonitoring("ada", true, "go");
    RunExecutor executor = new RunExecutor(sup, new LegRunner(sup.store(), sup.runs(), new JdbcInventory(db),
        InstantSource.system(), Ticker.system(), legs), InstantSource.system());
    return new Plant(sup, executor, window);
  }

  /** Starts a run of {@code method}, waits for eight packets at {@code peer}, makes the change, waits for the executor. */
  private long runChangingMidway(String method, ScriptedDnsServer peer, Runnable change, AtomicReference<Optional<Instant>> next)
      throws Exception {
    long id = p.sup().startRun("ada", "plant", method, false, "inventory").runId();
    AtomicReference<Exception> failed = new AtomicReference<>();
    Thread executing = Thread.ofVirtual().start(() -> {
      try {
        next.set(p.executor().execute(id));
      } catch (Exception e) {
        failed.set(e);
      }
    });
    Instant give = Instant.now().plusSeconds(10);
    while (peer.count() < 8 && Instant.now().isBefore(give)) java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
    assertThat(peer.count()).as("the run sends").isGreaterThanOrEqualTo(8);
    change.run();
    executing.join(Duration.ofSeconds(30));
    assertThat(executing.isAlive()).isFalse();
    assertThat(failed.get()).isNull();
    return id;
  }

  /** The last octets of the addresses the echo server was sent (each datagram: key, token|address). */
  private static Set<Integer> lastOctetsEchoed(ScriptedDnsServer echo) {
    Set<Integer> out = new TreeSet<>();
    for (ScriptedDnsServer.Arrival a : echo.arrivals()) {
      String text = new String(a.bytes(), 2, a.bytes().length - 2, java.nio.charset.StandardCharsets.UTF_8);
      out.add(Integer.parseInt(text.substring(text.lastIndexOf('.') + 1)));
    }
    return out;
  }

  private static Set<Integer> lastOctetsAsked(ScriptedDnsServer dns) {
    Set<Integer> out = new TreeSet<>();
    for (ScriptedDnsServer.Arrival a : dns.arrivals()) {
      String q = DnsReplies.parse(a.bytes()).getQuestion().getName().toString(true);
      out.add(Integer.parseInt(q.substring(0, q.indexOf('.'))));
    }
    return out;
  }

  /**
   * Sites may overlap: an address another site excluded is never asked by this site's runs either,
   * whether it was excluded before the run (not a target at all) or while it sends (out of scope).
   */
  @Test
  void anAddressAnotherSiteExcludedIsNeverAsked() throws Exception {
    p.sup().addSite("ada", Site.of("line", ZoneId.of("UTC"), List.of("198.51.100.40/29"), List.of("198.51.100.41")), List.of(),
        "the line's cabinet");
    AtomicReference<Optional<Instant>> next = new AtomicReference<>();
    long id = runChangingMidway("rdns", dns, () -> p.sup().changeSite("ada", "line", null, null, List.of("198.51.100.46"),
        List.of(), "a second fragile PLC"), next);

    assertThat(p.sup().run(id).state()).isEqualTo("completed");
    Set<Integer> asked = lastOctetsAsked(dns);
    assertThat(asked).doesNotContain(41, 46).contains(0, 40, 42, 45, 47, 63);
    List<StoredResult> results = p.sup().runs().results(id);
    assertThat(results).as("the first exclusion is no target at all").hasSize(63)
        .noneMatch(r -> r.address().equals("198.51.100.41"));
    assertThat(results.stream().filter(r -> r.detail() != null && r.detail().contains("out of scope")).map(StoredResult::address))
        .containsExactly("198.51.100.46");
  }

  @Test
  void anExclusionMadeWhileTheRunSendsIsNeverAsked() throws Exception {
    AtomicReference<Optional<Instant>> next = new AtomicReference<>();
    long id = runChangingMidway("rdns", dns, () -> p.sup().changeSite("ada", "plant", null, null, List.of("198.51.100.32/27"),
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
    long id = runChangingMidway("rdns", dns, () -> {
      atRemoval[0] = dns.count();
      p.sup().removeWindow("ada", "plant", p.windowId(), "maintenance called off");
    }, next);

    assertThat(p.sup().run(id).state()).isEqualTo("waiting-window");
    assertThat(next.get()).as("no window left to wait for").isEmpty();
    // The watcher looks every 50 ms; at 25 queries/s a few may leave before it sees the change.
    assertThat(dns.count()).isLessThan(atRemoval[0] + 10).isLessThan(64);
  }

  /**
   * The method's own targets (here: its "skip" ranges, as WEM's disabled scan ranges) are read
   * again every few looks of the watcher (about 200 ms) while it sends: the upper half, skipped
   * once eight were echoed, is not asked though it was planned.
   */
  @Test
  void aRangeTheMethodStopsAskingMidRunIsNotAsked() throws Exception {
    OptionValues skip = new OptionValues(Map.of("skip", List.of("198.51.100.32/27")));
    long id = runChangingMidway("echo", echo, () -> p.sup().setMethodSettings("ada", "plant", "echo", skip, "the upper half"),
        new AtomicReference<>());

    assertThat(p.sup().run(id).state()).isEqualTo("completed");
    Set<Integer> asked = lastOctetsEchoed(echo);
    assertThat(asked).as("nothing of the skipped half").allMatch(o -> o < 32);
    assertThat(asked).contains(0, 31);
    assertThat(p.sup().runs().results(id).stream().filter(r -> r.detail() != null && r.detail().contains("out of scope")))
        .hasSize(32);
  }

  /**
   * Any other change of the method's settings ends the leg and the run goes on at once in a new
   * one with them: the DNS server replaced mid-run is asked the rest (the old one nothing after
   * the new one's first question), every address is asked, the run completes in one execution.
   */
  @Test
  void aMethodsSettingsChangedMidRunAreUsedForTheRest() throws Exception {
    try (ScriptedDnsServer other = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "dev.plant.example.")))) {
      OptionValues moved = Rdns.options(List.of(other.spec()), 1, RATE, 1, 1);
      AtomicReference<Optional<Instant>> next = new AtomicReference<>();
      long id = runChangingMidway("rdns", dns, () -> p.sup().setMethodSettings("ada", "plant", "rdns", moved, "new DNS server"),
          next);

      assertThat(p.sup().run(id).state()).isEqualTo("completed");
      assertThat(next.get()).isEmpty();
      assertThat(other.count()).as("the rest went to the new server").isGreaterThanOrEqualTo(40);
      long firstAtNew = other.arrivals().getFirst().nanos();
      assertThat(dns.arrivals()).as("nothing to the old server once the new leg began")
          .allMatch(a -> a.nanos() < firstAtNew);
      Set<Integer> asked = new TreeSet<>(lastOctetsAsked(dns));
      asked.addAll(lastOctetsAsked(other));
      assertThat(asked).hasSize(64);
      assertThat(p.sup().runs().results(id)).hasSize(64).allMatch(r -> r.outcome().equals("ok"));
    }
  }
}

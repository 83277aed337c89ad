package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.otactive.probe.Impact;
import org.otactive.probe.Outcome;
import org.otactive.probe.Probe;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.Target;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.run.ProgressListener;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.run.ScanRun;
import org.otactive.run.TargetResult;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;
import org.otactive.testing.fakewindows.FakeWindowsHost;

/**
 * Several fake hosts on loopback, collected in one run through a gate whose scope is exactly those
 * hosts: each ends with the right outcome in plain words within the per-host deadline, and nothing
 * is sent anywhere a host's bindings point but to the host itself.
 */
class WemFakesTest {
  static final String USER = "wem-scan";
  static final String PASSWORD = "Right-Passw0rd";
  static final Duration DEADLINE = Duration.ofSeconds(4);
  static final WmiSettings SETTINGS = WmiSettings.of(Credentials.parse(USER, PASSWORD))
      .withTimeouts(Duration.ofSeconds(3), Duration.ofMillis(500)).withHostDeadline(DEADLINE);
  static FakeWindowsHost healthy;
  static FakeWindowsHost wrongPassword;
  static FakeWindowsHost closed135;
  static FakeWindowsHost stalls;
  static FakeWindowsHost refusesNamespace;
  static FakeWindowsHost pointsElsewhere;
  static FakeWindowsHost decoy;
  static FakeWindowsHost slowProvider;

  @BeforeAll
  static void start() throws Exception {
    healthy = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.60", USER, PASSWORD));
    wrongPassword = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.61", USER, "another-password"));
    closed135 = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.62", USER, PASSWORD).without135());
    // the adapters query returns two rows; the second never comes
    stalls = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.63", USER, PASSWORD).stallingAfter(1));
    refusesNamespace = FakeWindowsHost.start(
        FakeWindowsHost.Options.of("127.0.0.64", USER, PASSWORD).denyingNamespace("root/cimv2"));
    pointsElsewhere = FakeWindowsHost.start(
        FakeWindowsHost.Options.of("127.0.0.65", USER, PASSWORD).withBindingAddresses(List.of("127.0.0.66")));
    // whoever follows the bindings would find a perfectly good host there
    decoy = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.66", USER, PASSWORD)
        .withExporterPort(pointsElsewhere.exporterPort()));
    slowProvider = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.68", USER, PASSWORD).timingOutFirstNext());
  }

  @AfterAll
  static void stop() {
    for (FakeWindowsHost h : new FakeWindowsHost[] {healthy, wrongPassword, closed135, stalls, refusesNamespace,
        pointsElsewhere, decoy, slowProvider}) {
      if (h != null) h.close();
    }
  }

  /** The collector as a run's probe would call it. */
  static final class CollectorProbe implements Probe {
    private final WindowsHostCollector collector;

    CollectorProbe(WmiSettings settings) {
      this.collector = new WindowsHostCollector(settings);
    }

    @Override
    public ProbeSpec spec() {
      return new ProbeSpec("wem-test", "WMI over DCOM", 135, Impact.READ_ONLY, 50, 20_000, 2, 2,
          "WMI queries and registry reads over TCP 135 and the host's object exporter port");
    }

    @Override
    public boolean appliesTo(Target target) {
      return true;
    }

    @Override
    public Outcome probe(Target target, ProbeContext context) throws InterruptedException {
      return collector.collect(context);
    }
  }

  static ScanRun run(List<InetAddress> targets, Map<InetAddress, Outcome> results, StopSwitch stop) {
    return run(targets, results, stop, SETTINGS);
  }

  static ScanRun run(List<InetAddress> targets, Map<InetAddress, Outcome> results, StopSwitch stop, WmiSettings s) {
    Set<InetAddress> scope = Set.copyOf(targets);
    Gate gate = new Gate(Limits.defaults(), scope::contains, Set.of(), Ticker.system(), stop, java.time.InstantSource.system(),
        org.otactive.safety.SendWindow.ALWAYS);
    return new ScanRun(1, new CollectorProbe(s), targets, targets.size(), gate, Clock.systemUTC(),
        (TargetResult r) -> results.put(r.address(), r.outcome()), ProgressListener.NONE, 16);
  }

  @Test
  void eachHostEndsWithItsOwnOutcomeInPlainWordsWithinTheDeadline() throws Exception {
    List<FakeWindowsHost> hosts = List.of(healthy, wrongPassword, closed135, stalls, refusesNamespace, pointsElsewhere,
        slowProvider);
    Map<InetAddress, Outcome> results = new ConcurrentHashMap<>();
    long t0 = System.nanoTime();
    RunReport report = run(hosts.stream().map(FakeWindowsHost::address).toList(), results, new StopSwitch()).start();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);

    assertThat(report.state()).isEqualTo(RunState.COMPLETED);
    assertThat(took).as("all hosts at once, each within its deadline").isLessThan(DEADLINE.plusSeconds(2));
    assertThat(results.get(healthy.address())).isInstanceOf(Outcome.Ok.class);
    assertThat(((Outcome.Ok) results.get(healthy.address())).facts()).extracting(f -> f.attribute())
        .contains("os-caption", "hostname", "software");
    assertThat(results.get(wrongPassword.address())).isInstanceOf(Outcome.Denied.class)
        .extracting(Outcome::detail).asString().startsWith("access denied at activation:")
        .contains("wrong user name or password").contains("ERROR_ACCESS_DENIED (0x00000005)");
    assertThat(results.get(closed135.address())).isInstanceOf(Outcome.Refused.class)
        .extracting(Outcome::detail).asString().startsWith("port 135 unreachable:");
    assertThat(results.get(stalls.address())).isInstanceOf(Outcome.NoAnswer.class)
        .extracting(Outcome::detail).asString()
        .startsWith("timeout during the query \"" + WindowsHostCollector.ADAPTER_QUERY + "\" after 1 objects");
    assertThat(results.get(refusesNamespace.address())).isInstanceOf(Outcome.Denied.class)
        .extracting(Outcome::detail).asString()
        .startsWith("access denied at login or to the namespace: NTLMLogin returned WBEM_E_ACCESS_DENIED (0x80041003)");
    assertThat(results.get(pointsElsewhere.address())).isInstanceOf(Outcome.Ok.class);
    assertThat(results.get(slowProvider.address())).isInstanceOf(Outcome.Ok.class);
    assertThat(slowProvider.events()).anyMatch(e -> e.startsWith("Next timed out"));

    // only the targets' own addresses were contacted, the exporter at the port the bindings named
    assertThat(decoy.connections()).as("the address the bindings named").isEmpty();
    assertThat(pointsElsewhere.connections()).extracting(FakeWindowsHost.Connection::localPort)
        .containsExactly(135, pointsElsewhere.exporterPort());
    for (FakeWindowsHost h : hosts) {
      assertThat(h.connections()).as("connections to " + h.address()).hasSizeLessThanOrEqualTo(2);
      assertThat(h.awaitAllClosed(Duration.ofSeconds(5))).as("all closed on " + h.address()).isTrue();
    }
    assertThat(healthy.exportedPointers()).isZero();
  }

  @Test
  void aStopMidCollectionSendsNothingMoreAndClosesTheConnections() throws Exception {
    try (FakeWindowsHost busy = FakeWindowsHost.start(
        FakeWindowsHost.Options.of("127.0.0.67", USER, PASSWORD).answeringAfter(25))) {
      Map<InetAddress, Outcome> results = new ConcurrentHashMap<>();
      StopSwitch stop = new StopSwitch();
      ScanRun run = run(List.of(busy.address()), results, stop, SETTINGS.withHostDeadline(Duration.ofSeconds(60)));
      CompletableFuture<RunReport> report = CompletableFuture.supplyAsync(() -> {
        try {
          return run.start();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      // stop while the collection is busy with the registry: many calls still to come
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (busy.events().stream().noneMatch(e -> e.startsWith("ExecMethod"))) {
        assertThat(System.nanoTime()).as("the collection reached the registry").isLessThan(end);
        assertThat(results).as("the collection ended before the registry").isEmpty();
        Thread.sleep(5);
      }
      run.stop("operator pressed stop");
      long stoppedAt = System.nanoTime();
      RunReport r = report.get(10, TimeUnit.SECONDS);
      assertThat(r.state()).isEqualTo(RunState.STOPPED);
      assertThat(results).as("a host cut short has no result").isEmpty();
      assertThat(busy.awaitAllClosed(Duration.ofSeconds(5))).as("connections closed").isTrue();
      // 50 ms for a packet already past the gate to reach the peer on a busy machine
      assertThat(busy.frameArrivals()).allMatch(t -> t <= stoppedAt + TimeUnit.MILLISECONDS.toNanos(50),
          "no packet after the stop");
      assertThat(busy.events()).noneMatch(e -> e.startsWith("RemRelease"));
    }
  }
}

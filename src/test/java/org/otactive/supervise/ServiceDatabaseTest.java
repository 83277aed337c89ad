package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.ScriptedDnsServer;

/**
 * The embedded database and the service: commands forwarded into a running service use its
 * database and never close it; a service started while commands briefly hold the file waits for
 * them; and normal use leaves no exception in H2's trace file.
 */
class ServiceDatabaseTest {
  @TempDir Path dir;

  private String db() {
    return "jdbc:h2:file:" + dir.resolve("data/otactive");
  }

  private Cli.Result cli(String... args) {
    return Cli.ok(Cli.on(db(), args));
  }

  /** Another process: a JVM of its own, as a user's second terminal would start. */
  private Cli.Result process(String... args) throws Exception {
    return Cli.process(Cli.on(db(), args));
  }

  /** No exception in H2's trace file (it exists only when H2 had something to say). */
  private void traceIsClean() throws Exception {
    Path trace = dir.resolve("data/otactive.trace.db");
    if (Files.exists(trace)) {
      String text = Files.readString(trace);
      assertThat(text).as(text).doesNotContain("Exception");
    }
  }

  private void setUp(String dnsServer, String ranges, String rate) {
    cli("user", "add", Cli.ME, "--role", "admin", "--reason", "first admin");
    cli("user", "add", "olga", "--role", "owner", "--reason", "set-up");
    cli("site", "add", "plant", "--zone", "Europe/Berlin", "--ranges", ranges, "--owner", "olga", "--reason", "set-up");
    cli("--as", "olga", "method", "set", "rdns", "--site", "plant", "--dns-server", dnsServer, "--rate", rate,
        "--reason", "set-up");
    cli("--as", "olga", "method", "enable", "rdns", "--site", "plant", "--reason", "set-up");
    LocalDateTime now = LocalDateTime.now(ZoneId.of("Europe/Berlin"));
    cli("--as", "olga", "window", "add", "--site", "plant", "--from", now.minusMinutes(5).toString(), "--to",
        now.plusHours(2).toString(), "--reason", "set-up");
    cli("--as", "olga", "schedule", "set", "--site", "plant", "--method", "rdns", "--every", "6h", "--reason", "set-up");
    cli("monitoring", "on", "--reason", "commissioning done");
  }

  @Test
  void commandsFromOtherProcessesRunOnTheServicesDatabaseWhileItScans() throws Exception {
    try (ScriptedDnsServer dns = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "plc.example.")))) {
      setUp(dns.spec(), "10.97.0.0/22", "50");
      try (ServeProcess serve = ServeProcess.start(db(), dir, "serve")) {
        cli("--as", "olga", "run", "start", "--site", "plant", "--method", "rdns", "--reason", "inventory");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (dns.count() < 50) {
          assertThat(System.nanoTime()).as("the scan starts").isLessThan(end);
          Thread.sleep(20);
        }
        // Three other processes at once, as three terminals would.
        // Targets go out in a shuffled order: show one the scan has already answered.
        String answered = cli("devices", "--format", "csv").out().lines().skip(1).findFirst().orElseThrow().split(",")[0];
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        var devicesF = pool.submit(() -> process("devices", "--format", "csv"));
        var showF = pool.submit(() -> process("devices", "show", answered));
        var statusF = pool.submit(() -> process("run", "status", "1", "--format", "csv"));
        pool.shutdown();
        Cli.Result devices = devicesF.get();
        assertThat(devices.code()).as(devices.err()).isZero();
        assertThat(devices.out()).contains(answered + ",");
        Cli.Result show = showF.get();
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("plc.example");
        Cli.Result status = statusF.get();
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).as("still scanning while the commands ran").contains(",running,");
        while (!cli("run", "status", "1").out().contains("completed")) {
          assertThat(System.nanoTime()).as("the scan completes").isLessThan(end);
          Thread.sleep(100);
        }
        assertThat(cli("run", "status", "1", "--format", "csv").out()).contains("1,rdns,plant,completed,1024/1024");
        serve.terminate();
        assertThat(serve.output()).doesNotContain("Exception").doesNotContain("[ERROR]");
      }
      assertThat(dns.count()).as("every address asked (a timeout may have asked one twice)").isGreaterThanOrEqualTo(1024);
    }
    traceIsClean();
  }

  @Test
  void aServiceStartedWhileCommandsHoldTheDatabaseWaitsForThem() throws Exception {
    setUp("127.0.0.1:5399", "10.98.0.0/30", "100");
    AtomicBoolean going = new AtomicBoolean(true);
    List<Cli.Result> results = new CopyOnWriteArrayList<>();
    Thread loop = Thread.ofPlatform().start(() -> {
      while (going.get()) {
        try {
          results.add(process("run", "status"));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    while (results.isEmpty()) Thread.sleep(20);
    try (ServeProcess serve = ServeProcess.start(db(), dir, "serve")) {
      int after = results.size();
      while (results.size() < after + 2) Thread.sleep(20);
      going.set(false);
      loop.join();
      serve.terminate();
      assertThat(serve.output()).doesNotContain("locked").doesNotContain("Exception");
    }
    assertThat(results).hasSizeGreaterThan(2)
        .allSatisfy(r -> assertThat(r.code()).as(r.err()).isZero());
    traceIsClean();
  }

  @Test
  void theReadmeSetUpLeavesNoExceptionInTheTraceFile() throws Exception {
    setUp("127.0.0.1:5399", "10.20.0.0/22", "100");
    Path ics = dir.resolve("outages.ics");
    Files.writeString(ics, org.otactive.testing.OutageCalendar.relativeTo(java.time.Instant.now()));
    Cli.ok("--db", db(), "--as", "olga", "window", "import", "--site", "plant", ics.toString(), "--reason", "outages");
    cli("schedule", "list");
    cli("site", "show", "plant");
    cli("run", "status");
    cli("audit", "--verify");
    cli("devices");
    traceIsClean();
  }
}

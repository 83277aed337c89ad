package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Change;
import org.otactive.inventory.DeviceHistory;
import org.otactive.methods.BuiltInMethods;
import org.otactive.run.RunState;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.supervise.Services;
import org.otactive.testing.Cli;
import org.otactive.testing.fakewindows.FakeWindowsHost;
import org.otactive.testing.fakewindows.HostData;

/**
 * Windows Endpoint Monitoring end to end, as an operator runs it, against fake Windows hosts on
 * 127.0.0.160–170: scan ranges imported by CSV, a scan started with {@code otactive wem scan} and
 * executed by the service (here in this JVM, the commands reaching it over the database's socket as
 * they would reach {@code otactive serve}), and {@code otactive wem results} as CSV.
 *
 * <p>Site {@code plant} is 127.0.0.160–166: a healthy host, one whose account has another password,
 * one whose port 135 is closed, one that stops answering mid-enumeration, one refusing the
 * namespace, one whose bindings name an address outside the site (where a decoy waits, 127.0.0.170),
 * and a healthy host in a disabled range. Site {@code busy} is one slow host, 127.0.0.167, stopped
 * mid-scan.
 */
class WemSiteScanTest {
  static final String USER = "wem-scan";
  static final String PASSWORD = "Right-Passw0rd";
  static final Duration HOST_DEADLINE = Duration.ofSeconds(8);
  static final String HEADER = "FROM,TO,USER,PASSWORD,DISABLE\n";
  @TempDir static Path dir;
  static String db;
  static Database database;
  static Services services;
  static ControlSocket socket;
  static final List<FakeWindowsHost> hosts = new ArrayList<>();
  static FakeWindowsHost healthy;
  static FakeWindowsHost wrongPassword;
  static FakeWindowsHost closed135;
  static FakeWindowsHost stalls;
  static FakeWindowsHost refusesNamespace;
  static FakeWindowsHost pointsElsewhere;
  static FakeWindowsHost disabled;
  static FakeWindowsHost decoy;
  static FakeWindowsHost slow;

  static FakeWindowsHost fake(FakeWindowsHost.Options o) throws Exception {
    FakeWindowsHost h = FakeWindowsHost.start(o);
    hosts.add(h);
    return h;
  }

  @BeforeAll
  static void start() throws Exception {
    healthy = fake(FakeWindowsHost.Options.of("127.0.0.160", USER, PASSWORD));
    wrongPassword = fake(FakeWindowsHost.Options.of("127.0.0.161", USER, "Another-Passw0rd"));
    closed135 = fake(FakeWindowsHost.Options.of("127.0.0.162", USER, PASSWORD).without135());
    // the adapters query returns several rows; the second never comes
    stalls = fake(FakeWindowsHost.Options.of("127.0.0.163", USER, PASSWORD).stallingAfter(1));
    refusesNamespace = fake(FakeWindowsHost.Options.of("127.0.0.164", USER, PASSWORD).denyingNamespace("root/cimv2"));
    pointsElsewhere = fake(FakeWindowsHost.Options.of("127.0.0.165", USER, PASSWORD)
        .withBindingAddresses(List.of("127.0.0.170")));
    disabled = fake(FakeWindowsHost.Options.of("127.0.0.166", USER, PASSWORD));
    // whoever followed the bindings would find a perfectly good host there, outside the site
    decoy = fake(FakeWindowsHost.Options.of("127.0.0.170", USER, PASSWORD).withExporterPort(pointsElsewhere.exporterPort()));
    slow = fake(FakeWindowsHost.Options.of("127.0.0.167", USER, PASSWORD).answeringAfter(25));

    db = "jdbc:h2:file:" + dir.resolve("db");
    database = Database.open(db);
    services = new Services(database, BuiltInMethods.registry(), null, Clock.systemUTC(), Ticker.system());
    services.startExecuting("wem-test");
    socket = ControlSocket.listen(ControlClient.pathFor(db).orElseThrow());
    socket.ready(services);

    ok("user", "add", Cli.ME, "--role", "admin", "--reason", "first admin");
    ok("user", "add", "olga", "--role", "owner", "--reason", "set-up");
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
    for (String[] site : new String[][] {{"plant", "127.0.0.160-127.0.0.166"}, {"busy", "127.0.0.167"}}) {
      ok("site", "add", site[0], "--zone", "UTC", "--ranges", site[1], "--owner", "olga", "--reason", "set-up");
      ok("--as", "olga", "window", "add", "--site", site[0], "--from", now.minusMinutes(1).toString(), "--to",
          now.plusHours(3).toString(), "--reason", "commissioning");
      ok("--as", "olga", "method", "set", "wem", "--site", site[0], "--host-deadline", "8s", "--timeout", "3s",
          "--reason", "fake hosts answer at once");
    }
    Path plant = dir.resolve("plant.csv");
    Files.writeString(plant, HEADER
        + "127.0.0.160,127.0.0.165,PLANT\\" + USER + "," + PASSWORD + ",FALSE\n"
        + "127.0.0.166,127.0.0.166," + USER + "," + PASSWORD + ",TRUE\n");
    ok("--as", "olga", "wem", "ranges", "import", "--site", "plant", plant.toString(), "--reason", "WEM ranges");
    Path busy = dir.resolve("busy.csv");
    Files.writeString(busy, HEADER + "127.0.0.167,127.0.0.167," + USER + "," + PASSWORD + ",\n");
    ok("--as", "olga", "wem", "ranges", "import", "--site", "busy", busy.toString(), "--reason", "WEM ranges");
    for (String site : List.of("plant", "busy")) ok("--as", "olga", "method", "enable", "wem", "--site", site, "--reason", "go");
    ok("monitoring", "on", "--reason", "commissioning done");
  }

  @AfterAll
  static void stop() throws Exception {
    if (socket != null) socket.close();
    if (services != null) services.close();
    if (database != null) database.close();
    for (FakeWindowsHost h : hosts) h.close();
  }

  static Cli.Result ok(String... args) {
    return Cli.ok(Cli.on(db, args));
  }

  static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  /** {@code otactive wem scan}: the run's id. */
  static long scan(String site) {
    String out = ok("--as", "olga", "wem", "scan", "--site", site, "--now", "--no-wait", "--reason", "manual scan").out();
    assertThat(out).contains("it starts now");
    return Long.parseLong(out.replaceAll("(?s)wem run (\\d+) queued.*", "$1"));
  }

  static StoredRun finished(long run, Duration limit) throws InterruptedException {
    await("run " + run + " to end", limit, () -> services.supervisor().run(run).runState().isFinal());
    return services.supervisor().run(run);
  }

  /** {@code otactive wem results --site S --out FILE.csv}, read back by header. */
  static Map<String, CSVRecord> results(String site) throws Exception {
    Path csv = dir.resolve(site + "-results.csv");
    Cli.Result r = ok("wem", "results", "--site", site, "--out", csv.toString());
    assertThat(r.err()).matches("\\d+ row\\(s\\) written to .*\n");
    Map<String, CSVRecord> byIp = new LinkedHashMap<>();
    try (CSVParser p = CSVParser.builder().setReader(new StringReader(Files.readString(csv)))
        .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
      assertThat(p.getHeaderNames()).containsExactly("IP", "Host name", "Status", "Error", "OS", "Service pack",
          "Last successful scan");
      for (CSVRecord rec : p) byIp.put(rec.get("IP"), rec);
    }
    return byIp;
  }

  @Test
  void aSiteScanSaysTheRightThingForEachHostKeepsTheFactsAndReportsAHotfixChange() throws Exception {
    int slowBefore = slow.connections().size();
    long t0 = System.nanoTime();
    long first = scan("plant");
    StoredRun run = finished(first, Duration.ofSeconds(60));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(run.runState()).as(run.stopReason()).isEqualTo(RunState.COMPLETED);
    assertThat(run.targets()).as("the enabled ranges inside the site: 160-165").isEqualTo(6);
    assertThat(run.done()).isEqualTo(6);
    // every host within its deadline, at once (8 at a time): the stalling host's deadline bounds it
    assertThat(took).isLessThan(HOST_DEADLINE.plusSeconds(10));

    Map<String, CSVRecord> rows = results("plant");
    assertThat(rows.keySet()).containsExactly("127.0.0.160", "127.0.0.161", "127.0.0.162", "127.0.0.163", "127.0.0.164",
        "127.0.0.165");
    CSVRecord ok = rows.get("127.0.0.160");
    assertThat(ok.get("Status")).isEqualTo("ok");
    assertThat(ok.get("Error")).isEmpty();
    assertThat(ok.get("Host name")).isEqualTo("fakewin01");
    assertThat(ok.get("OS")).isEqualTo("Microsoft Windows Server 2019 Standard");
    assertThat(ok.get("Service pack")).isEqualTo("0.0");
    Instant lastOk = Instant.from(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(ok.get("Last successful scan")));
    assertThat(lastOk).isBetween(run.started().minusSeconds(1), Instant.now());
    assertThat(rows.get("127.0.0.161").get("Status")).isEqualTo("denied");
    assertThat(rows.get("127.0.0.161").get("Error")).startsWith("access denied at activation:")
        .contains("wrong user name or password");
    assertThat(rows.get("127.0.0.161").get("Last successful scan")).as("never collected").isEmpty();
    assertThat(rows.get("127.0.0.162").get("Status")).isEqualTo("refused");
    assertThat(rows.get("127.0.0.162").get("Error")).startsWith("port 135 unreachable:");
    assertThat(rows.get("127.0.0.163").get("Status")).isEqualTo("no-answer");
    assertThat(rows.get("127.0.0.163").get("Error"))
        .startsWith("timeout during the query \"SELECT Description, MACAddress, IPAddress FROM"
            + " Win32_NetworkAdapterConfiguration WHERE IPEnabled = TRUE\" after 1 objects");
    assertThat(rows.get("127.0.0.164").get("Status")).isEqualTo("denied");
    assertThat(rows.get("127.0.0.164").get("Error"))
        .startsWith("access denied at login or to the namespace: NTLMLogin returned WBEM_E_ACCESS_DENIED (0x80041003)");
    assertThat(rows.get("127.0.0.165").get("Status")).isEqualTo("ok");

    // the inventory holds the healthy host's facts, with their provenance
    DeviceHistory h = services.inventory().device("127.0.0.160").orElseThrow();
    assertThat(h.device().latest("os-build", "wem")).map(AttributeValue::value).hasValue("17763");
    assertThat(h.device().latest("hotfixes", "wem")).map(AttributeValue::value).hasValue("KB5020374, KB5034127, KB5043050");
    assertThat(h.device().latest("software", "wem")).isPresent();
    assertThat(services.inventory().device("127.0.0.161")).as("a refused host has no facts").isEmpty();

    // nothing went where the site's ranges and enabled scan ranges do not reach
    assertThat(decoy.connections()).as("the address the bindings named").isEmpty();
    assertThat(disabled.connections()).as("the disabled range").isEmpty();
    assertThat(slow.connections()).as("another site's host").hasSize(slowBefore);
    assertThat(pointsElsewhere.connections()).extracting(FakeWindowsHost.Connection::localPort)
        .containsExactly(135, pointsElsewhere.exporterPort());
    for (FakeWindowsHost f : List.of(healthy, wrongPassword, closed135, stalls, refusesNamespace, pointsElsewhere)) {
      assertThat(f.connections()).as("connections to " + f.address()).hasSizeLessThanOrEqualTo(2);
      assertThat(f.awaitAllClosed(Duration.ofSeconds(5))).as("all closed on " + f.address()).isTrue();
    }

    // a hotfix installed on the healthy host shows as a change, old -> new, after the next scan
    JsonNode tree = HostData.defaultTree();
    for (JsonNode c : tree.get("classes")) {
      if (c.get("name").asText().equals("Win32_QuickFixEngineering")) {
        ObjectNode kb = ((ArrayNode) c.get("instances")).addObject();
        kb.put("Caption", "https://support.microsoft.com/help/5046615").put("CSName", "FAKEWIN01")
            .put("Description", "Security Update").put("HotFixID", "KB5046615").put("InstalledBy", "PLANT\\svc-patch")
            .put("InstalledOn", "11/12/2024").put("ServicePackInEffect", "");
      }
    }
    healthy.replaceData(HostData.parse(tree));
    long second = scan("plant");
    assertThat(finished(second, Duration.ofSeconds(60)).runState()).isEqualTo(RunState.COMPLETED);
    List<Change> changes = services.inventory().device("127.0.0.160").orElseThrow().changes().stream()
        .filter(c -> c.oldValue() != null).toList();
    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.attribute()).isEqualTo("hotfixes");
      assertThat(c.source()).isEqualTo("wem");
      assertThat(c.oldValue()).isEqualTo("KB5020374, KB5034127, KB5043050");
      assertThat(c.newValue()).isEqualTo("KB5020374, KB5034127, KB5043050, KB5046615");
    });
    assertThat(ok("devices", "show", "127.0.0.160").out())
        .containsPattern("hotfixes +KB5020374, KB5034127, KB5043050 -> KB5020374, KB5034127, KB5043050, KB5046615 +wem");
    Instant secondOk = Instant.from(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(
        results("plant").get("127.0.0.160").get("Last successful scan")));
    assertThat(secondOk).isAfterOrEqualTo(lastOk);
    assertThat(ok("audit").out()).contains("table-import").contains("run-start").doesNotContain(PASSWORD);
  }

  @Test
  void aStopDuringAScanSendsNothingMoreAndClosesTheConnections() throws Exception {
    int before = slow.frameArrivals().size();
    long run = scan("busy");
    // stop while the collection is busy with the registry: many calls still to come
    await("the collection to reach the registry", Duration.ofSeconds(30),
        () -> slow.events().stream().anyMatch(e -> e.startsWith("ExecMethod")));
    ok("--as", "olga", "stop", "--run", Long.toString(run), "--reason", "operator pressed stop");
    long stoppedAt = System.nanoTime();
    StoredRun r = finished(run, Duration.ofSeconds(10));
    assertThat(r.runState()).isEqualTo(RunState.STOPPED);
    assertThat(r.stopReason()).contains("operator pressed stop");
    assertThat(slow.awaitAllClosed(Duration.ofSeconds(5))).as("connections closed").isTrue();
    // 50 ms for a packet already past the gate to reach the peer on a busy machine
    assertThat(slow.frameArrivals().subList(before, slow.frameArrivals().size()))
        .allMatch(t -> t <= stoppedAt + TimeUnit.MILLISECONDS.toNanos(50), "no packet after the stop");
    assertThat(slow.events()).noneMatch(e -> e.startsWith("RemRelease"));
    assertThat(services.supervisor().runs().results(run)).as("a host cut short has no result").isEmpty();
  }
}

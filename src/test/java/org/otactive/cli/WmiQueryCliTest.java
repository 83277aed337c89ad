package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.testing.Cli;
import org.otactive.testing.fakewindows.FakeWindowsHost;

/**
 * {@code otactive wmi query} and {@code otactive wem --test}, the staging tests, against fake
 * Windows hosts on 127.0.0.171–172: rows equal to the host's data as a table, CSV or JSON, the time
 * and cost on stderr, failures in plain words, an admin's tool that is audited and that a stop from
 * another terminal ends.
 */
class WmiQueryCliTest {
  static final String USER = "wem-query";
  static final String PASSWORD = "Qu3ry-Passw0rd";
  static final Map<String, String> ENV = Map.of("PW", PASSWORD, "WRONG", "not-the-password");
  static final String OS = "SELECT Caption, Version, BuildNumber FROM Win32_OperatingSystem";
  static FakeWindowsHost host;
  static FakeWindowsHost slow;
  @TempDir static Path dir;
  static String db;

  @BeforeAll
  static void start() throws Exception {
    host = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.171", USER, PASSWORD));
    slow = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.172", USER, PASSWORD).answeringAfter(3000));
    db = Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
    Cli.ok(Cli.on(db, "user", "add", "olga", "--role", "owner", "--reason", "set-up"));
  }

  @AfterAll
  static void stop() {
    if (host != null) host.close();
    if (slow != null) slow.close();
  }

  static Cli.Result query(String... args) {
    return Cli.runWith(org.otactive.methods.BuiltInMethods.registry(), ENV, Cli.on(db, args));
  }

  static List<CSVRecord> csv(String text) throws Exception {
    try (CSVParser p = CSVParser.builder().setReader(new StringReader(text))
        .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
      return p.getRecords();
    }
  }

  @Test
  void rowsAsTableCsvAndJsonEqualTheHostsData() throws Exception {
    WmiInstance os = host.dataInstances("root/cimv2", "Win32_OperatingSystem").get(0);
    Cli.Result table = query("wmi", "query", "127.0.0.171", "--user", USER, "--password-env", "PW", OS);
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out().lines().toList()).hasSize(2);
    assertThat(table.out().lines().toList().get(1)).contains(os.value("Caption").asString())
        .contains(os.value("BuildNumber").asString()).contains(os.value("Version").asString());
    assertThat(table.err()).matches("wmi query 127\\.0\\.0\\.171: 1 row\\(s\\) in \\d+\\.\\d ms \\(2 connections, \\d+ round"
        + " trips\\)\n");

    Cli.Result c = query("wmi", "query", "127.0.0.171", "--user", USER, "--password-env", "PW", "--auth", "integrity",
        "--format", "csv", OS);
    CSVRecord row = csv(c.out()).get(0);
    assertThat(row.toMap()).containsOnlyKeys("Caption", "Version", "BuildNumber")
        .containsEntry("Caption", os.value("Caption").asString()).containsEntry("Version", os.value("Version").asString())
        .containsEntry("BuildNumber", os.value("BuildNumber").asString());

    String adapters = "SELECT * FROM Win32_NetworkAdapterConfiguration WHERE IPEnabled = TRUE";
    Cli.Result j = query("wmi", "query", "127.0.0.171", "--user", USER, "--password-env", "PW", "--namespace", "root\\cimv2",
        "--format", "json", adapters);
    JsonNode rows = new ObjectMapper().readTree(j.out());
    List<WmiInstance> data = host.dataInstances("root/cimv2", "Win32_NetworkAdapterConfiguration").stream()
        .filter(i -> i.value("IPEnabled").asBoolean()).toList();
    assertThat(rows).hasSize(data.size());
    for (int i = 0; i < data.size(); i++) {
      assertThat(rows.get(i).get("MACAddress").asText()).isEqualTo(data.get(i).value("MACAddress").asString());
      List<String> ips = data.get(i).value("IPAddress").asList().stream().map(Object::toString).toList();
      assertThat(rows.get(i).get("IPAddress")).as("an array stays an array").hasSize(ips.size());
      for (int k = 0; k < ips.size(); k++) assertThat(rows.get(i).get("IPAddress").get(k).asText()).isEqualTo(ips.get(k));
    }
    String audit = Cli.ok(Cli.on(db, "audit")).out();
    assertThat(audit).contains("query").contains("wmi query 127.0.0.171").contains(adapters).doesNotContain(PASSWORD);
    assertThat(Cli.ok(Cli.on(db, "run", "status", "--format", "csv")).out()).containsPattern("\\d+,wem,-,completed,-,\\d+,query,"); // a query keeps no results: no done/targets
  }

  @Test
  void failuresAreOneLineInPlainWordsAndBadInputSendsNothing() throws Exception {
    Cli.Result denied = query("wmi", "query", "127.0.0.171", "--user", USER, "--password-env", "WRONG", OS);
    assertThat(denied.code()).isEqualTo(1);
    assertThat(denied.err()).startsWith("otactive: wmi query 127.0.0.171: access denied at activation:")
        .contains("wrong user name or password");
    assertThat(denied.err().lines()).hasSize(1);
    Cli.Result missing = query("wmi", "query", "127.0.0.171", "--user", USER, "--password-env", "PW",
        "SELECT * FROM Win32_NoSuchClass");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("WBEM_E_INVALID_CLASS (0x80041010)");

    Cli.Result late = query("wmi", "query", "127.0.0.172", "--user", USER, "--password-env", "PW", "--timeout", "1s", OS);
    assertThat(late.code()).isEqualTo(1);
    assertThat(late.err()).containsPattern("otactive: wmi query 127.0.0.172: timeout during .*: no answer within the call"
        + " timeout of 1 s \\(after ").doesNotContain("Read timed out");

    int seen = host.connections().size();
    Cli.Result noUser = query("wmi", "query", "127.0.0.171", OS);
    assertThat(noUser.code()).isEqualTo(2);
    assertThat(noUser.err()).startsWith("otactive: no --user given");
    Cli.Result badTarget = query("wmi", "query", "127.0.0.0/24", "--user", USER, "--password-env", "PW", OS);
    assertThat(badTarget.code()).isEqualTo(2);
    assertThat(badTarget.err()).isEqualTo("otactive: not an IP address: '127.0.0.0/24'\n");
    Cli.Result typo = query("wmi", "query", "127.0.0.171", "--user", USER, "--password-env", "PW", "SELEC Caption FROM Win32_OperatingSystem");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).startsWith("otactive: a WQL data query starts with SELECT, ASSOCIATORS OF or REFERENCES OF:"
        + " 'SELEC Caption FROM Win32_OperatingSystem'").endsWith("nothing was sent\n");
    Cli.Result owner = query("--as", "olga", "wmi", "query", "127.0.0.171", "--user", USER, "--password-env", "PW", OS);
    assertThat(owner.code()).as("an admin's tool").isEqualTo(4);
    assertThat(host.connections()).as("nothing sent").hasSize(seen);
  }

  @Test
  void theTestActionLogsOnAndQueries() {
    Cli.Result ok = query("wem", "--test", "127.0.0.171", "--user", USER, "--password-env", "PW");
    assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
    assertThat(ok.out()).contains("account:   " + USER + " (password hidden)").contains("verdict:   logged on and queried")
        .contains("os:        Microsoft Windows Server 2019 Standard 10.0.17763").contains("cost:      2 connections,")
        .doesNotContain(PASSWORD);
    Cli.Result denied = query("wem", "--test", "127.0.0.171", "--user", USER, "--password-env", "WRONG");
    assertThat(denied.code()).isEqualTo(1);
    assertThat(denied.out()).contains("verdict:   access denied at activation:").contains("reason:    activation-denied");
  }

  @Test
  void aStopFromAnotherTerminalEndsAQuery() throws Exception {
    CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(
        () -> query("wmi", "query", "127.0.0.172", "--user", USER, "--password-env", "PW", OS));
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (slow.events().stream().noneMatch(e -> e.startsWith("NTLMLogin"))) {
      assertThat(System.nanoTime()).as("the query reached the login").isLessThan(end);
      Thread.sleep(10);
    }
    Cli.ok(Cli.on(db, "stop", "--all", "--reason", "operator pressed stop"));
    long stoppedAt = System.nanoTime();
    Cli.Result r = running.get(20, TimeUnit.SECONDS);
    assertThat(r.code()).isEqualTo(Main.EXIT_STOPPED);
    assertThat(r.err()).contains("stopped");
    assertThat(slow.awaitAllClosed(java.time.Duration.ofSeconds(5))).isTrue();
    assertThat(slow.frameArrivals()).allMatch(t -> t <= stoppedAt + TimeUnit.MILLISECONDS.toNanos(50), "no packet after the stop");
    assertThat(slow.events()).as("cut short").noneMatch(e -> e.startsWith("RemRelease"));
  }
}

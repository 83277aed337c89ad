package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.NsdServer;
import org.otactive.testing.PlanningOtactive;
import org.otactive.testing.ScriptedDnsServer;

/**
 * The planning commands on loopback: a site {@code lab} of 127.0.0.140-147 with reverse DNS (a
 * counting DNS server on 127.0.0.1) and the WEM-shaped test method (a counting TCP listener on
 * 127.0.0.141, which passive knowledge says is a Windows host). {@code coverage} and {@code plan}
 * send nothing to either; {@code test} asks one question through the registry, as the old {@code
 * rdns --test} does; only-gaps is set, listed, exported and imported; bad input is refused with
 * exit 2 before anything is sent.
 */
class PlanningCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  ScriptedDnsServer dns;
  ServerSocket listener;
  final AtomicInteger accepted = new AtomicInteger();
  String db;

  @BeforeEach
  void setUp() throws Exception {
    dns = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "ws-141.lab.example.")));
    listener = new ServerSocket();
    listener.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.141"), 0));
    Thread.ofVirtual().start(() -> {
      while (!listener.isClosed()) {
        try (Socket s = listener.accept()) {
          accepted.incrementAndGet();
        } catch (IOException closed) {
          return;
        }
      }
    });
    db = Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
    ok("site", "add", "lab", "--zone", "UTC", "--ranges", "127.0.0.140-127.0.0.147", "--reason", "set-up");
    ok("site", "add", "empty", "--zone", "UTC", "--ranges", "127.0.0.150", "--reason", "set-up");
    Path csv = Files.writeString(dir.resolve("lab.csv"), "ip,name,os,firmware\n127.0.0.141,,Windows 10,\n"
        + "127.0.0.142,plc-142,,V2.1\n127.0.0.143,eng-143,Windows 11,\n");
    ok("passive", "import", csv.toString(), "--site", "lab");
    ok("method", "set", "rdns", "--site", "lab", "--dns-server", dns.spec(), "--reason", "set-up");
    ok("method", "set", "wemlike", "--site", "lab", "--port", String.valueOf(listener.getLocalPort()), "--reason", "set-up");
    ok("method", "enable", "rdns", "--site", "lab", "--reason", "set-up");
    ok("method", "enable", "wemlike", "--site", "lab", "--reason", "set-up");
    ok("window", "add", "--site", "lab", "--cron", "0 * * * *", "--duration", "1h", "--reason", "always open");
  }

  @AfterEach
  void tearDown() throws Exception {
    listener.close();
    dns.close();
  }

  private Cli.Result run(String... args) {
    return Cli.runWith(PlanningOtactive.registry(), Map.of(), Cli.on(db, args));
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = run(args);
    assertThat(r.code()).as("otactive " + String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  /** What an overlapping site excluded is no address of the coverage, and the dry run leaves it out, named. */
  @Test
  void whatAnOverlappingSiteExcludedIsLeftOutOfCoverageAndPlan() throws Exception {
    ok("site", "add", "cabinet", "--zone", "UTC", "--ranges", "127.0.0.144-127.0.0.147", "--exclude", "127.0.0.145",
        "--reason", "a fragile PLC");
    Cli.Result plan = ok("coverage", "--site", "lab", "--plan", "--format", "csv");
    assertThat(plan.err()).contains("coverage of site lab: 7 addresses, 3 devices known");
    assertThat(plan.out()).contains("rdns,127.0.0.144,1,0,").contains("rdns,127.0.0.146-127.0.0.147,2,0,")
        .doesNotContain("127.0.0.145");
    Cli.Result dry = ok("plan", "--site", "lab", "--method", "rdns");
    assertThat(dry.out()).contains("excluded:   127.0.0.145 (1): excluded at site cabinet (never to touch; nothing sent)");
    assertThat(dns.count()).isZero();
    assertThat(accepted.get()).isZero();
  }

  @Test
  void coverageAndPlanSayWhatWouldBeAskedAndSendNothing() throws Exception {
    JsonNode rows = JSON.readTree(ok("coverage", "--site", "lab", "--format", "json").out());
    List<String> lines = new ArrayList<>();
    for (JsonNode r : rows) lines.add(r.get("addresses").asText() + " | " + r.get("known").asText() + " | " + r.get("verdict").asText());
    assertThat(lines).containsExactly(
        // the real wem is registered too: it alone fills os-version, and the site has no settings for it
        "127.0.0.140 | nothing | needs rdns, wemlike; os-version left: wem: not configured on the site",
        "127.0.0.141 | os=Windows 10 (passive) | needs rdns, wemlike; os-version left: wem: not configured on the site",
        "127.0.0.142 | firmware=V2.1 (passive); hostname=plc-142 (passive) | active monitoring unnecessary",
        "127.0.0.143 | hostname=eng-143 (passive); os=Windows 11 (passive) | needs wemlike; os-version left: wem: not configured on the site",
        "127.0.0.144-127.0.0.147 | nothing | needs rdns, wemlike; os-version left: wem: not configured on the site");
    Cli.Result plan = ok("coverage", "--site", "lab", "--plan", "--format", "csv");
    assertThat(plan.out().lines().toList()).containsExactly("method,addresses,count,devices,fills,why-not",
        "rdns,127.0.0.140-127.0.0.141,2,1,\"hostname, fqdn\",",
        "rdns,127.0.0.144-127.0.0.147,4,0,\"hostname, fqdn\",",
        "wemlike,127.0.0.140-127.0.0.141,2,1,\"hostname, os-caption, hotfixes, software\",",
        "wemlike,127.0.0.143,1,1,\"os-caption, hotfixes, software\",",
        "wemlike,127.0.0.144-127.0.0.147,4,0,\"hostname, os-caption, hotfixes, software\",");
    assertThat(plan.err()).contains("coverage of site lab: 8 addresses, 3 devices known; 1 need no active query; minimal plan:"
        + " 13 (method, address) pairs; 0 addresses no method can help with");
    ok("coverage", "--site", "lab");
    Cli.Result dry = ok("plan", "--site", "lab");
    assertThat(dry.out()).contains("rdns on site lab (Reverse DNS lookup, enabled)")
        .contains("  addresses:  8 of 8 in scope: 127.0.0.140-127.0.0.147")
        .contains("  asks:       DNS server " + dns.spec() + ": first for 8 addresses, may be asked about 8")
        .contains("wemlike on site lab (WEM-shaped (test only), enabled)")
        .contains("  per device: 3 packets (at worst 6), 1 TCP connection (at worst 2)")
        .contains("  in total:   24 packets (at worst 48), 8 TCP connections (at worst 16)")
        .contains("  when:       windows (UTC): open now until");
    assertThat(dry.err()).contains("plan: nothing was sent");
    JsonNode json = JSON.readTree(ok("plan", "--site", "lab", "--method", "wemlike", "--format", "json").out());
    assertThat(json).hasSize(1);
    assertThat(json.get(0).get("targets").asLong()).isEqualTo(8);
    assertThat(json.get(0).get("total").get("connections").asLong()).isEqualTo(8);
    ok("plan", "--site", "lab", "--format", "csv");
    // Under only-gaps the dry run leaves out what is known.
    ok("method", "set", "wemlike", "--site", "lab", "--only-gaps", "--reason", "gaps only");
    Cli.Result gaps = ok("plan", "--site", "lab", "--method", "wemlike");
    assertThat(gaps.out()).contains("addresses:  7 of 8 in scope")
        .contains("excluded:   127.0.0.142 (1): only-gaps: nothing to learn (hostname known)");
    assertThat(dns.count()).as("datagrams at the DNS server").isZero();
    assertThat(accepted.get()).as("connections at the device").isZero();
  }

  @Test
  void theStagingTestOfEveryMethodGoesThroughTheRegistryAndIsAudited() throws Exception {
    Cli.Result wem = ok("test", "wemlike", "127.0.0.141", "--port", String.valueOf(listener.getLocalPort()));
    assertThat(wem.out()).contains("verdict: TCP " + listener.getLocalPort() + " open")
        .contains("test of wemlike about 127.0.0.141: 1 of 1 answered usefully, in ")
        .as("a test that ended by itself was not stopped").doesNotContain("stopped");
    assertThat(accepted.get()).isEqualTo(1);
    // The site's stored settings: its DNS server, asked once.
    Cli.Result rdns = ok("test", "rdns", "127.0.0.141", "--site", "lab");
    assertThat(rdns.out()).contains("server:   " + dns.spec()).contains("found ws-141.lab.example");
    assertThat(dns.count()).isEqualTo(1);
    // A closed port: exit 1, in plain words.
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.141"))) {
      int closed = free.getLocalPort();
      free.close();
      Cli.Result refused = run("test", "wemlike", "127.0.0.141", "--port", String.valueOf(closed));
      assertThat(refused.code()).isEqualTo(Main.EXIT_FAILED);
      assertThat(refused.out()).contains("verdict: TCP " + closed + " refused").contains("0 of 1 answered usefully")
          .doesNotContain("stopped");
    }
    Cli.Result audit = ok("audit", "--format", "csv");
    assertThat(audit.out().lines().filter(l -> l.contains(",test,")).count()).isEqualTo(3);
  }

  @Test
  void theGeneralFormAndTheOldOneGiveTheSameReportFromARealDnsServer() throws Exception {
    NsdServer.Zones z = new NsdServer.Zones().record("0.0.127.in-addr.arpa", "143 IN PTR eng-143.lab.example.");
    try (NsdServer nsd = NsdServer.start(z)) {
      Cli.Result general = ok("test", "rdns", "127.0.0.143", "--dns-server", nsd.spec());
      Cli.Result old = ok("rdns", "--test", "127.0.0.143", "--dns-server", nsd.spec());
      assertThat(general.out()).contains("found eng-143.lab.example").contains("answer:");
      assertThat(withoutTimes(general.out())).startsWith(withoutTimes(old.out()));
    }
  }

  private static String withoutTimes(String report) {
    return report.replaceAll("(?m)^rtt:.*$", "rtt:").replaceAll("id: \\d+", "id:").replaceAll(";; Query time: .*", "")
        .replaceAll("(?m)^test of .*$", "").strip();
  }

  @Test
  void onlyGapsIsSetListedExportedAndImportedWithTheMethod() throws Exception {
    assertThat(ok("method", "set", "rdns", "--site", "lab", "--only-gaps", "--reason", "gaps").out())
        .isEqualTo("rdns on lab: only-gaps: off -> on\n");
    assertThat(ok("method", "list", "--site", "lab", "--format", "csv").out()).contains("lab,rdns,\"enabled, only-gaps\",");
    Path export = dir.resolve("lab.json");
    ok("method", "export", "--site", "lab", "--out", export.toString());
    assertThat(JSON.readTree(export.toFile()).get("methods").get(0).get("onlyGaps").asBoolean()).isTrue();
    assertThat(ok("method", "set", "rdns", "--site", "lab", "--no-only-gaps", "--reason", "all").out())
        .isEqualTo("rdns on lab: only-gaps: on -> off\n");
    assertThat(ok("method", "import", "--site", "lab", export.toString(), "--reason", "back").out())
        .contains("rdns: only-gaps: off -> on");
    assertThat(ok("audit", "--format", "csv").out()).contains("only-gaps: off -> on").contains("only-gaps: on -> off");
  }

  @Test
  void badInputIsRefusedWithExit2AndNothingIsSent() throws Exception {
    String[][] cases = {
        {"coverage", "--site", "nosuch"},
        {"plan", "--site", "lab", "--method", "nosuch"},
        {"plan", "--site", "empty"},
        {"test", "rdns", "not-an-ip", "--dns-server", dns.spec()},
        {"test", "rdns", "127.0.0.141"},
        {"test", "nosuch", "127.0.0.141"},
        {"test", "rdns", "127.0.0.141", "--site", "nosuch"},
        {"test", "wemlike", "127.0.0.141", "--port", "70000"},
        {"netcheck", "--sample", "0"},
        {"netcheck", "--site", "nosuch"},
        {"netcheck", "--site", "lab", "--method", "nosuch"},
    };
    List<String> messages = new ArrayList<>();
    for (String[] c : cases) {
      Cli.Result r = run(c);
      assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(Main.EXIT_BAD_INPUT);
      assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
      messages.add(r.err().strip());
    }
    assertThat(messages).containsExactly(
        "otactive: unknown site: 'nosuch'",
        "otactive: unknown method: 'nosuch' (known: rdns, wem, wemlike)",
        "otactive: no method is configured on site empty (otactive method set METHOD --site empty ...)",
        "otactive: not an IP address: 'not-an-ip'",
        "otactive: no DNS server given (--dns-server ADDR[:PORT][#LABELS][=SUBNETS])",
        messages.get(5),
        "otactive: unknown site: 'nosuch'",
        "otactive: --port out of range: 70000",
        "otactive: --sample out of range: 0 (1..100)",
        "otactive: unknown site: 'nosuch'",
        "otactive: unknown method: 'nosuch' (known: rdns, wem, wemlike)");
    assertThat(messages.get(5)).contains("nosuch");
    assertThat(dns.count()).isZero();
    assertThat(accepted.get()).isZero();
  }

  @Test
  void netcheckOnLoopbackChecksRoutesAlwaysAndSendsOnlyWhileMonitoringIsOn() throws Exception {
    ok("monitoring", "off", "--reason", "commissioning");
    Cli.Result off = run("netcheck", "--site", "lab", "--format", "csv");
    assertThat(off.code()).isEqualTo(Main.EXIT_FAILED);
    assertThat(off.out()).contains("lab,rdns,route,127.0.0.1,lo").contains(",not sent,active monitoring is off");
    assertThat(dns.count()).isZero();
    assertThat(accepted.get()).isZero();

    ok("monitoring", "on", "--reason", "go");
    Cli.Result on = run("netcheck", "--site", "lab", "--format", "csv");
    List<String> results = new ArrayList<>();
    for (org.apache.commons.csv.CSVRecord f : org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader()
        .setSkipHeaderRecord(true).get().parse(new java.io.StringReader(on.out()))) {
      results.add(f.get("method") + " " + f.get("check") + " " + f.get("to") + " " + f.get("result"));
    }
    String wemCheck = "wemlike TCP " + listener.getLocalPort() + " connect (DCOM endpoint mapper)";
    assertThat(results).contains("rdns UDP " + dns.port() + " ask (PTR queries) " + dns.spec() + " ok",
        "wemlike route 127.0.0.140/30,127.0.0.144/30 ok",
        wemCheck + " 127.0.0.141:" + listener.getLocalPort() + " ok",
        wemCheck + " 127.0.0.143:" + listener.getLocalPort() + " refused");
    // The samples are the inventory's devices WEM would ask: .141 and .143 (Windows); never the PLC.
    assertThat(on.out()).doesNotContain("127.0.0.142:");
    assertThat(dns.count()).isEqualTo(1);
    assertThat(accepted.get()).isEqualTo(1);
  }
}

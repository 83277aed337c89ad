package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.ScriptedDnsServer;

/**
 * The command line behaves the same everywhere: scope changes are deliberate, every listing has
 * three formats, one-off runs obey the sites their targets lie in, and a Test action is stopped
 * like any run.
 */
class RunPathCliTest {
  @TempDir Path dir;

  private String db() {
    return "jdbc:h2:file:" + dir.resolve("db");
  }

  private Cli.Result cli(String... args) {
    return Cli.run(Cli.on(db(), args));
  }

  private Cli.Result ok(String... args) {
    return Cli.ok(Cli.on(db(), args));
  }

  private void plant(String ranges, String... exclude) {
    ok("user", "add", Cli.ME, "--role", "admin", "--reason", "first admin");
    ok("user", "add", "olga", "--role", "owner", "--reason", "set-up");
    List<String> args = new java.util.ArrayList<>(List.of("site", "add", "plant", "--zone", "Europe/Berlin", "--ranges",
        ranges, "--owner", "olga", "--reason", "set-up"));
    for (String e : exclude) args.addAll(List.of("--exclude", e));
    ok(args.toArray(String[]::new));
  }

  @Test
  void aSitesScopeChangesOnlyDeliberatelyAndTheChangeIsToldAndAudited() {
    plant("10.20.0.0/22", "10.20.3.0/24");
    Cli.Result again = cli("site", "add", "plant", "--zone", "UTC", "--ranges", "192.168.0.0/16", "--reason", "typo");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("site plant exists");
    assertThat(ok("site", "show", "plant").out()).contains("10.20.0.0-10.20.2.255 (768 addresses)");

    Cli.Result grow = ok("site", "set", "plant", "--ranges", "10.20.0.0/21", "--reason", "new hall");
    assertThat(grow.out()).contains("added 10.20.3.0-10.20.7.255 (1280 addresses)").doesNotContain("removed");
    Cli.Result shrink = ok("site", "set", "plant", "--exclude", "10.20.7.0/24", "--zone", "UTC", "--reason", "hall 7 sold");
    assertThat(shrink.out()).contains("zone: Europe/Berlin -> UTC").contains("removed 10.20.7.0-10.20.7.255 (256 addresses)");
    Cli.Result nothing = cli("site", "set", "plant", "--zone", "UTC", "--reason", "again");
    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err()).contains("nothing to change");
    assertThat(cli("site", "set", "plant", "--ranges", "10.0.0.0/8").err()).contains("--reason");
    assertThat(cli("--as", "olga", "site", "set", "plant", "--ranges", "10.0.0.0/8", "--reason", "x").code()).isEqualTo(4);
    String audit = ok("audit", "--format", "csv").out();
    assertThat(audit).contains("site-change,site plant,new hall,added 10.20.3.0-10.20.7.255 (1280 addresses)")
        .contains("hall 7 sold,zone: Europe/Berlin -> UTC; removed 10.20.7.0-10.20.7.255 (256 addresses)");
    assertThat(ok("site", "show", "plant").out()).contains("10.20.0.0-10.20.6.255 (1792 addresses)");
  }

  @Test
  void methodSettingsExportAndImportThroughTheSameValidation() throws Exception {
    plant("10.22.0.0/24");
    ok("site", "add", "mill", "--zone", "UTC", "--ranges", "10.23.0.0/24", "--reason", "set-up");
    ok("method", "set", "rdns", "--site", "plant", "--dns-server", "127.0.0.1:5399=10.22.0.0/24", "--labels", "2",
        "--rate", "50", "--reason", "set-up");
    Path file = dir.resolve("plant-methods.json");
    ok("method", "export", "--site", "plant", "--out", file.toString());
    assertThat(Files.readString(file)).contains("\"dns-server\"").contains("127.0.0.1:5399=10.22.0.0/24");
    assertThat(ok("method", "import", "--site", "mill", file.toString(), "--reason", "same servers").out())
        .contains("rdns: dns-server=127.0.0.1:5399=10.22.0.0/24; labels=2; rate=50");
    assertThat(ok("method", "list", "--site", "mill").out()).contains("dns-server=127.0.0.1:5399=10.22.0.0/24 labels=2 rate=50");
    // All or nothing, through the method's own validation: a bad value changes nothing.
    Files.writeString(file, Files.readString(file).replace("\"50\"", "\"fast\""));
    int before = ok("audit").out().lines().toList().size();
    Cli.Result bad = cli("method", "import", "--site", "mill", file.toString(), "--reason", "typo");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--rate must be a number per second").contains("'fast'");
    assertThat(ok("audit").out().lines().toList()).hasSize(before);
    Files.writeString(file, "{ not json");
    assertThat(cli("method", "import", "--site", "mill", file.toString(), "--reason", "x").err()).contains("cannot read");
    assertThat(cli("method", "export", "--site", "plant", "--reason", "why").err()).contains("--reason goes with --include-secrets");
    assertThat(cli("--as", "olga", "method", "export", "--site", "plant", "--include-secrets", "--reason", "x").code())
        .isEqualTo(4);
  }

  @Test
  void everyListingComesAsATableCsvAndJson() throws Exception {
    plant("10.21.0.0/24");
    ok("method", "set", "rdns", "--site", "plant", "--dns-server", "127.0.0.1:5399", "--reason", "set-up");
    ok("window", "add", "--site", "plant", "--cron", "0 2 * * 0", "--duration", "3h", "--reason", "set-up");
    ok("schedule", "set", "--site", "plant", "--method", "rdns", "--every", "6h", "--reason", "set-up");
    ObjectMapper json = new ObjectMapper();
    for (List<String> listing : List.of(List.of("user", "list"), List.of("site", "list"), List.of("site", "show", "plant"),
        List.of("window", "list"), List.of("method", "list"), List.of("schedule", "list"), List.of("run", "status"),
        List.of("audit"), List.of("devices"))) {
      String table = ok(listing.toArray(String[]::new)).out();
      String csv = ok(concat(listing, "--format", "csv")).out();
      String js = ok(concat(listing, "--format", "json")).out();
      assertThat(csv.lines().findFirst().orElse("")).as("%s csv header", listing).contains(",").isLowerCase();
      JsonNode parsed = json.readTree(js);
      assertThat(parsed.isArray()).as("%s json", listing).isTrue();
      assertThat(table).isNotEqualTo(csv);
    }
    assertThat(cli("devices", "--format", "xml").code()).isEqualTo(2);
  }

  private static String[] concat(List<String> a, String... b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  @Test
  void aOneOffRunObeysTheStopAndTheWindowsOfTheSitesItsTargetsLieIn() throws Exception {
    try (ScriptedDnsServer dns = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "dev.example.")))) {
      plant("10.99.0.0/24");
      ok("monitoring", "on", "--reason", "go");
      // No window at all: refused, unless confirmed with a reason (audited).
      Cli.Result closed = cli("rdns", "10.99.0.1", "--dns-server", dns.spec());
      assertThat(closed.code()).isEqualTo(Main.EXIT_REFUSED);
      assertThat(closed.err()).contains("the TARGETS lie in site plant, whose maintenance window is closed");
      assertThat(cli("rdns", "10.99.0.1", "--dns-server", dns.spec(), "--outside-window").err()).contains("a reason is required");
      assertThat(cli("rdns", "10.99.0.1", "--dns-server", dns.spec(), "--reason", "x").err()).contains("--reason goes with --outside-window");
      assertThat(dns.count()).isZero();
      ok("rdns", "10.99.0.1", "--dns-server", dns.spec(), "--outside-window", "--reason", "vendor on site");
      assertThat(dns.count()).isEqualTo(1);
      assertThat(ok("audit").out()).contains("one-off-outside-window").contains("vendor on site");
      // Targets in no site: an admin's tool, no window applies.
      ok("rdns", "10.200.0.1", "--dns-server", dns.spec());
      assertThat(dns.count()).isEqualTo(2);
      // Inside an open window it goes.
      LocalDateTime now = LocalDateTime.now(ZoneId.of("Europe/Berlin"));
      ok("window", "add", "--site", "plant", "--from", now.minusMinutes(5).toString(), "--to", now.plusHours(1).toString(),
          "--reason", "set-up");
      ok("rdns", "10.99.0.2", "--dns-server", dns.spec());
      assertThat(dns.count()).isEqualTo(3);
      // A stopped site: refused, also with the confirmation; a Test action too.
      ok("stop", "--site", "plant", "--reason", "pump alarm");
      for (String[] args : List.of(new String[] {"rdns", "10.99.0.3", "--dns-server", dns.spec()},
          new String[] {"rdns", "10.99.0.0/23", "--dns-server", dns.spec(), "--outside-window", "--reason", "x"},
          new String[] {"rdns", "--test", "10.99.0.3", "--dns-server", dns.spec()})) {
        Cli.Result r = cli(args);
        assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Main.EXIT_REFUSED);
        assertThat(r.err()).contains("site plant, which is stopped (pump alarm)");
      }
      assertThat(dns.count()).isEqualTo(3);
    }
  }

  /**
   * An address a site excluded (a fragile PLC in a monitored subnet) is never asked about: a one-off
   * run over its subnet leaves it out and says so, a run or a Test action of it alone is refused
   * with nothing sent, and the exclusion holds until an admin gives the site new ranges.
   */
  @Test
  void anAddressASiteExcludedIsLeftOutOfOneOffRunsAndRefusedToTestActions() throws Exception {
    java.util.Queue<String> asked = new java.util.concurrent.ConcurrentLinkedQueue<>();
    try (ScriptedDnsServer dns = new ScriptedDnsServer(q -> {
      asked.add(DnsReplies.parse(q).getQuestion().getName().toString());
      return DnsReplies.one(DnsReplies.ptr(q, "dev.example."));
    })) {
      plant("10.99.0.0/24", "10.99.0.5");
      ok("monitoring", "on", "--reason", "go");
      LocalDateTime now = LocalDateTime.now(ZoneId.of("Europe/Berlin"));
      ok("window", "add", "--site", "plant", "--from", now.minusMinutes(5).toString(), "--to", now.plusHours(1).toString(),
          "--reason", "set-up");
      assertThat(ok("site", "show", "plant").out()).contains("excluded: 10.99.0.5 (1 address, never touched)");
      assertThat(ok("audit", "--format", "csv").out()).contains("ranges=10.99.0.0-10.99.0.4,10.99.0.6-10.99.0.255 excluded=10.99.0.5");

      Cli.Result subnet = ok("rdns", "10.99.0.0/29", "--dns-server", dns.spec(), "--format", "csv");
      assertThat(subnet.err()).contains("left out 1 address of the TARGETS: excluded at site plant (never to touch)")
          .contains("7 of 7 targets");
      assertThat(asked).hasSize(7).doesNotContain("5.0.99.10.in-addr.arpa.").contains("4.0.99.10.in-addr.arpa.");
      assertThat(subnet.out().lines().filter(l -> l.startsWith("10.99.0."))).hasSize(7).noneMatch(l -> l.startsWith("10.99.0.5,"));
      assertThat(ok("audit", "--format", "csv").out()).contains("1 excluded address(es) left out (sites [plant])");

      for (String[] args : List.of(new String[] {"rdns", "10.99.0.5", "--dns-server", dns.spec()},
          new String[] {"rdns", "10.99.0.5", "--dns-server", dns.spec(), "--outside-window", "--reason", "vendor"},
          new String[] {"rdns", "--test", "10.99.0.5", "--dns-server", dns.spec()},
          new String[] {"test", "rdns", "10.99.0.5", "--dns-server", dns.spec()})) {
        Cli.Result r = cli(args);
        assertThat(r.code()).as(String.join(" ", args)).isEqualTo(Main.EXIT_REFUSED);
        assertThat(r.err()).as(String.join(" ", args)).contains("excluded at site plant (never to touch)")
            .contains("nothing was sent");
      }
      assertThat(asked).hasSize(7);

      // Exclusions add up; new ranges replace them, as the help says.
      ok("site", "set", "plant", "--exclude", "10.99.0.6", "--reason", "a second old PLC");
      assertThat(ok("site", "show", "plant").out()).contains("excluded: 10.99.0.5-10.99.0.6 (2 addresses, never touched)");
      assertThat(cli("rdns", "--test", "10.99.0.6", "--dns-server", dns.spec()).code()).isEqualTo(Main.EXIT_REFUSED);
      ok("site", "set", "plant", "--ranges", "10.99.0.0/24", "--reason", "both PLCs replaced");
      assertThat(ok("site", "show", "plant").out()).doesNotContain("excluded:");
      ok("rdns", "--test", "10.99.0.5", "--dns-server", dns.spec());
      assertThat(asked).hasSize(8).contains("5.0.99.10.in-addr.arpa.");
    }
  }

  @Test
  void stopAllReachesATestActionLikeAnyRun() throws Exception {
    // Three silent servers: the Test action waits two seconds for each, unless it is stopped.
    try (ScriptedDnsServer a = new ScriptedDnsServer(q -> List.of());
        ScriptedDnsServer b = new ScriptedDnsServer(q -> List.of());
        ScriptedDnsServer c = new ScriptedDnsServer(q -> List.of())) {
      String url = Cli.armed(db());
      List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), Main.class.getName(), "--db", url, "rdns", "--test", "10.99.0.1",
          "--dns-server", a.spec(), "--dns-server", b.spec(), "--dns-server", c.spec());
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
      try {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (a.count() < 1 && System.nanoTime() < end && p.isAlive()) Thread.sleep(5);
        assertThat(a.count()).as("the test asked the first server").isEqualTo(1);
        long issued = System.nanoTime();
        Cli.Result stop = Cli.run("--db", url, "stop", "--all", "--reason", "line 2 tripped");
        assertThat(stop.code()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("(1 run(s) stopped)");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - issued)).as("ended by the stop, not by its timeouts")
            .isLessThan(Duration.ofMillis(3000));
      } finally {
        p.destroyForcibly();
      }
      assertThat(b.count() + c.count()).as("nothing sent after the stop").isZero();
      assertThat(Files.readString(dir.resolve("out.txt"))).contains("not sent: stopped");
      Cli.Result status = Cli.run("--db", url, "run", "status", "--format", "csv");
      assertThat(status.out()).contains("rdns,-,stopped,").contains(",test,").contains("line 2 tripped");
    }
  }
}

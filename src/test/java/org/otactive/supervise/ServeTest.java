package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.access.AuditEntry;
import org.otactive.store.Database;
import org.otactive.store.JdbcAudit;
import org.otactive.store.JdbcRunLog;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsRelay;
import org.otactive.testing.NsdServer;

/**
 * The service as users run it: a real {@code otactive serve} process executing supervised runs
 * against a real DNS server (NSD, behind a relay that notes every query), commands sent from the
 * command line to the running service, and the process killed with SIGKILL in the middle of a run.
 */
class ServeTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  private static NsdServer nsd;

  @TempDir Path dir;

  @BeforeAll
  static void startNsd() throws Exception {
    NsdServer.Zones z = new NsdServer.Zones();
    for (int c = 0; c < 4; c++) {
      for (int d = 0; d < 256; d++) z.record("60.10.in-addr.arpa", d + "." + c + " IN PTR h-" + c + "-" + d + ".plant.example.");
    }
    nsd = NsdServer.start(z);
  }

  @AfterAll
  static void stopNsd() {
    if (nsd != null) nsd.close();
  }

  private String db() {
    return "jdbc:h2:file:" + dir.resolve("db");
  }

  private static String local(Instant i) {
    return LocalDateTime.ofInstant(i, ZONE).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private void ok(String... args) {
    Cli.ok(Cli.on(db(), args));
  }

  private Cli.Result cli(String... args) {
    return Cli.run(Cli.on(db(), args));
  }

  /** Admin (the login name), owner olga, viewer vic; site plant with 10.60.0.0/22 and rdns via the relay. */
  private void configure(String ranges, DnsRelay relay, String rate, Instant windowFrom, Instant windowTo) {
    ok("user", "add", Cli.ME, "--role", "admin", "--reason", "set-up");
    ok("user", "add", "olga", "--role", "owner", "--reason", "set-up");
    ok("user", "add", "vic", "--role", "viewer", "--reason", "set-up");
    ok("site", "add", "plant", "--zone", ZONE.getId(), "--ranges", ranges, "--owner", "olga", "--reason", "set-up");
    ok("method", "set", "rdns", "--site", "plant", "--dns-server", relay.spec(), "--rate", rate, "--reason", "set-up");
    ok("method", "enable", "rdns", "--site", "plant", "--reason", "set-up");
    if (windowFrom != null) {
      ok("window", "add", "--site", "plant", "--from", local(windowFrom), "--to", local(windowTo), "--reason", "set-up");
    }
    ok("monitoring", "on", "--reason", "set-up");
  }

  private static String reverse(String address) {
    String[] p = address.split("\\.");
    return p[3] + "." + p[2] + "." + p[1] + "." + p[0] + ".in-addr.arpa.";
  }

  private static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(20);
    }
  }

  private String state(long run) {
    Cli.Result r = cli("run", "status", Long.toString(run));
    return r.out().lines().skip(1).findFirst().map(l -> l.trim().split("\\s+")[3]).orElse("?");
  }

  @Test
  void sigkillInTheMiddleOfARunThenRestartAsksNoFinishedTargetAgain() throws Exception {
    try (DnsRelay relay = new DnsRelay(nsd.endpoint())) {
      Instant now = Instant.now();
      configure("10.60.0.0/22", relay, "150", now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(2)));
      ok("site", "add", "line2", "--zone", ZONE.getId(), "--ranges", "10.60.8.0/28", "--owner", "olga", "--reason", "set-up");
      ok("method", "set", "rdns", "--site", "line2", "--dns-server", relay.spec(), "--rate", "150", "--reason", "set-up");
      ok("method", "enable", "rdns", "--site", "line2", "--reason", "set-up");
      ok("window", "add", "--site", "line2", "--from", local(now.minus(Duration.ofMinutes(1))), "--to",
          local(now.plus(Duration.ofHours(2))), "--reason", "set-up");
      List<AuditEntry> before;
      Set<String> recorded = new HashSet<>();
      int askedBeforeKill;
      try (ServeProcess serve = ServeProcess.start(db(), dir, "first")) {
        Cli.Result start = cli("--as", "olga", "run", "start", "--site", "plant", "--method", "rdns", "--reason", "weekly");
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(start.out()).contains("run 1 queued");
        // A second run of the same method waits its turn: the queue must survive the kill too.
        assertThat(cli("--as", "olga", "run", "start", "--site", "line2", "--method", "rdns", "--reason", "weekly").out())
            .contains("run 2 queued");
        await("300 queries", Duration.ofSeconds(60), () -> relay.count() >= 300);
        assertThat(state(2)).isEqualTo("queued");
        serve.kill();
      }
      askedBeforeKill = relay.count();
      try (Database d = Database.open(db())) {
        JdbcRunLog runs = new JdbcRunLog(d);
        assertThat(runs.run(1).orElseThrow().state()).isEqualTo("running"); // as the killed process left it
        runs.results(1).forEach(r -> recorded.add(r.address()));
        JdbcAudit audit = new JdbcAudit(d);
        assertThat(audit.verify()).isEmpty();
        before = audit.entries(null);
      }
      assertThat(recorded).as("results recorded before the kill").isNotEmpty().hasSizeLessThan(1024);

      try (ServeProcess serve = ServeProcess.start(db(), dir, "second")) {
        try {
          await("run 1 completed", Duration.ofSeconds(90), () -> state(1).equals("completed"));
          await("run 2 completed", Duration.ofSeconds(30), () -> state(2).equals("completed"));
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; runs:\n" + cli("run", "status").out() + "service log:\n"
              + serve.output(), e);
        }
        assertThat(serve.terminate()).isIn(0, 143); // 143: the JVM's own exit code after SIGTERM
        assertThat(serve.output()).contains("otactive serve: stopping");
      }
      List<DnsRelay.Query> all = relay.queries().stream().filter(q -> q.name().endsWith(".60.10.in-addr.arpa.")
          && !q.name().contains(".8.60.10.")).toList();
      List<DnsRelay.Query> everything = relay.queries();
      askedBeforeKill = (int) everything.subList(0, askedBeforeKill).stream().filter(all::contains).count();
      Set<String> recordedNames = new HashSet<>();
      for (String a : recorded) recordedNames.add(reverse(a));
      List<String> askedAgain = all.subList(askedBeforeKill, all.size()).stream()
          .map(DnsRelay.Query::name).filter(recordedNames::contains).toList();
      assertThat(askedAgain).as("queries after the restart about targets recorded before the kill").isEmpty();

      try (Database d = Database.open(db())) {
        JdbcRunLog runs = new JdbcRunLog(d);
        JdbcRunLog.StoredRun run = runs.run(1).orElseThrow();
        assertThat(run.state()).isEqualTo("completed");
        List<JdbcRunLog.StoredResult> results = runs.results(1);
        assertThat(results).hasSize(1024);
        assertThat(results.stream().map(JdbcRunLog.StoredResult::address).distinct().count()).isEqualTo(1024);
        assertThat(results).allMatch(r -> r.outcome().equals("ok"));
        assertThat(run.done()).isEqualTo(1024);
        // The packet count survives the kill: the killed leg's packets were recorded every second,
        // so at most about a second of them (150 queries/s) is missing from the total.
        assertThat(run.packets()).as("packets recorded of %d queries at the server", all.size())
            .isBetween((long) all.size() - 250, (long) all.size());
        JdbcAudit audit = new JdbcAudit(d);
        assertThat(audit.verify()).isEmpty();
        assertThat(audit.entries(null)).startsWith(before.toArray(AuditEntry[]::new));
        assertThat(runs.results(2)).hasSize(16);
        assertThat(runs.run(2).orElseThrow().state()).isEqualTo("completed");
      }
      // Every target was asked at least once, and those asked twice had no result at the kill.
      Set<String> names = new HashSet<>();
      all.forEach(q -> names.add(q.name()));
      assertThat(names).hasSize(1024);
    }
  }

  @Test
  void stopUnderLoadEndsSendingAtOnceAndTheSiteStaysStoppedAcrossRestartsUntilReArmed() throws Exception {
    try (DnsRelay relay = new DnsRelay(nsd.endpoint())) {
      Instant now = Instant.now();
      configure("10.61.0.0/16", relay, "unlimited", now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(2)));
      try (ServeProcess serve = ServeProcess.start(db(), dir, "load")) {
        assertThat(cli("--as", "olga", "run", "start", "--site", "plant", "--method", "rdns", "--reason", "test").code()).isZero();
        await("3000 queries", Duration.ofSeconds(60), () -> relay.count() >= 3000);
        Cli.Result denied = cli("--as", "vic", "stop", "--site", "plant", "--reason", "viewer tries");
        assertThat(denied.code()).isEqualTo(4);
        assertThat(denied.err()).contains("vic may not stop on site plant");

        long asked = System.nanoTime();
        Cli.Result stop = cli("--as", "olga", "stop", "--site", "plant", "--reason", "pump 3 alarm");
        long returned = System.nanoTime();
        assertThat(stop.code()).as(stop.err()).isZero();
        Thread.sleep(1000);
        long last = relay.queries().stream().mapToLong(DnsRelay.Query::nanos).max().orElseThrow();
        System.out.printf("stop latency under load: command took %.1f ms, last query %.1f ms after it was issued%n",
            (returned - asked) / 1e6, (last - asked) / 1e6);
        // A packet already past the gate when the switch was thrown may reach the relay a little
        // later on a busy machine; nothing may arrive well after the command has returned.
        assertThat(Duration.ofNanos(last - returned)).as("queries after the stop returned").isLessThan(Duration.ofMillis(50));
        assertThat(Duration.ofNanos(last - asked)).as("generous bound").isLessThan(Duration.ofMillis(1000));
        assertThat(relay.count()).isLessThan(65_536);
        assertThat(state(1)).isEqualTo("stopped");
        assertThat(serve.terminate()).isIn(0, 143); // 143: the JVM's own exit code after SIGTERM
        assertThat(serve.output()).contains("otactive serve: stopping");
      }
      try (ServeProcess serve = ServeProcess.start(db(), dir, "restarted")) {
        Cli.Result again = cli("--as", "olga", "run", "start", "--site", "plant", "--method", "rdns", "--reason", "test");
        assertThat(again.code()).as("refused by supervision").isEqualTo(5);
        assertThat(again.err()).contains("site plant is stopped (pump 3 alarm)");
        assertThat(cli("--as", "olga", "rearm", "--site", "plant", "--reason", "alarm cleared").code()).isZero();
        assertThat(cli("site", "show", "plant").out()).contains("state:    armed");
        Cli.Result audit = cli("audit");
        assertThat(audit.out()).contains("stop-site").contains("pump 3 alarm").contains("rearm").contains("alarm cleared");
        assertThat(cli("audit", "--verify").code()).isZero();
        serve.terminate();
      }
    }
  }

  @Test
  void aClosingWindowPausesTheRunWhichResumesInTheNextWindowWithoutRepeats() throws Exception {
    try (DnsRelay relay = new DnsRelay(nsd.endpoint())) {
      configure("10.60.0.0/22", relay, "100", null, null);
      int[] atCloseHolder = new int[1];
      Instant closes;
      long closesNanos;
      try (ServeProcess serve = ServeProcess.start(db(), dir, "window")) {
        // The window is added through the running service: it closes 6 s from now.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        closes = now.plusSeconds(6);
        closesNanos = System.nanoTime() + Duration.between(Instant.now(), closes).toNanos();
        ok("window", "add", "--site", "plant", "--from", local(now.minusSeconds(60)), "--to", local(closes), "--reason", "short");
        assertThat(cli("--as", "olga", "run", "start", "--site", "plant", "--method", "rdns", "--reason", "test").code()).isZero();
        await("the window to close", Duration.ofSeconds(30), () -> System.nanoTime() > closesNanos + 500_000_000L);
        await("run 1 waiting", Duration.ofSeconds(10), () -> state(1).equals("waiting-window"));
        int atClose = relay.count();
        atCloseHolder[0] = atClose;
        assertThat(atClose).isBetween(30, 1023);
        long lastInWindow = relay.queries().stream().mapToLong(DnsRelay.Query::nanos).max().orElseThrow();
        assertThat(lastInWindow).as("no query after the window closed").isLessThan(closesNanos + 50_000_000L);
        Instant reopen = Instant.now();
        ok("window", "add", "--site", "plant", "--from", local(reopen.minusSeconds(1)), "--to", local(reopen.plus(Duration.ofHours(1))),
            "--reason", "extra window");
        await("run 1 completed", Duration.ofSeconds(60), () -> state(1).equals("completed"));
        assertThat(serve.terminate()).isIn(0, 143); // 143: the JVM's own exit code after SIGTERM
        assertThat(serve.output()).contains("otactive serve: stopping");
      }
      // Targets finished before the window closed (their result's time says so) were not asked again.
      Set<String> finished = new HashSet<>();
      try (Database d = Database.open(db())) {
        List<JdbcRunLog.StoredResult> results = new JdbcRunLog(d).results(1);
        assertThat(results).hasSize(1024);
        results.stream().filter(r -> r.at().isBefore(closes)).forEach(r -> finished.add(reverse(r.address())));
      }
      assertThat(finished).hasSizeGreaterThan(20);
      List<DnsRelay.Query> all = relay.queries();
      List<String> again = all.subList(atCloseHolder[0], all.size()).stream().map(DnsRelay.Query::name)
          .filter(finished::contains).toList();
      assertThat(again).as("finished targets asked again after the pause").isEmpty();
      assertThat(all.stream().map(DnsRelay.Query::name).distinct().count()).isEqualTo(1024);
    }
  }
}

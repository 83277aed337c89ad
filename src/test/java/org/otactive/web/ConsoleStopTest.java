package org.otactive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.supervise.ServeProcess;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsRelay;
import org.otactive.testing.NsdServer;

/**
 * STOP from the console under full load, measured where it matters: at the DNS server's side (a
 * relay in front of NSD notes when each query arrives). A real service scans a /16 at an unlimited
 * rate; the console's STOP form for the site is posted; no query may arrive later than 100 ms after
 * that request returned.
 */
class ConsoleStopTest {
  @TempDir Path dir;

  @Test
  void stopFromTheConsoleEndsSendingWithin100msOfTheRequestReturning() throws Exception {
    NsdServer.Zones z = new NsdServer.Zones();
    for (int d = 0; d < 256; d++) z.record("62.10.in-addr.arpa", d + ".0 IN PTR h-" + d + ".plant.example.");
    String db = "jdbc:h2:file:" + dir.resolve("db");
    try (NsdServer nsd = NsdServer.start(z); DnsRelay relay = new DnsRelay(nsd.endpoint())) {
      ZoneId zone = ZoneId.of("UTC");
      LocalDateTime now = LocalDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES);
      for (String[] args : new String[][] {
          {"user", "add", Cli.ME, "--role", "admin", "--reason", "set-up"},
          {"site", "add", "plant", "--zone", "UTC", "--ranges", "10.62.0.0/16", "--reason", "set-up"},
          {"method", "set", "rdns", "--site", "plant", "--dns-server", relay.spec(), "--rate", "unlimited", "--reason", "set-up"},
          {"method", "enable", "rdns", "--site", "plant", "--reason", "set-up"},
          {"window", "add", "--site", "plant", "--from", now.minusMinutes(1).toString(), "--to", now.plusHours(2).toString(),
              "--reason", "set-up"},
          {"monitoring", "on", "--reason", "set-up"}}) {
        Cli.ok(Cli.on(db, args));
      }
      try (ServeProcess serve = ServeProcess.start(db, dir, "stop")) {
        Cli.Result pw = Cli.run(Cli.on(db, "user", "password", Cli.ME, "--reason", "console sign-in"));
        Matcher m = Pattern.compile("\\(shown once\\): (\\S+)").matcher(pw.out());
        assertThat(m.find()).as(pw.out() + pw.err()).isTrue();
        Http console = new Http(serve.consoleUrl());
        assertThat(console.login(Cli.ME, m.group(1)).location()).isEqualTo("/password");
        console.form(Api.V1 + "/me/password", Map.of("csrf", console.csrf(), "current", m.group(1),
            "password", "a long password here", "back", "/runs"));
        Http.Answer start = console.form(Api.V1 + "/sites/plant/methods/rdns/runs", Map.of("csrf", console.csrf(),
            "reason", "load", "back", "/runs"));
        assertThat(start.status()).isEqualTo(303);
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (relay.count() < 3000) {
          assertThat(System.nanoTime()).as("the scan gets going").isLessThan(until);
          Thread.sleep(20);
        }
        String csrf = console.csrf();
        long asked = System.nanoTime();
        Http.Answer stop = console.form(Api.V1 + "/sites/plant/stop", Map.of("csrf", csrf, "reason", "pump 3 alarm",
            "back", "/runs"));
        long returned = System.nanoTime();
        assertThat(stop.status()).isEqualTo(303);
        Thread.sleep(1000); // real processes: let any late packet arrive before looking
        long last = relay.queries().stream().mapToLong(DnsRelay.Query::nanos).max().orElseThrow();
        System.out.printf("console stop under load: request took %.1f ms; last query %.1f ms after it returned%n",
            (returned - asked) / 1e6, (last - returned) / 1e6);
        assertThat(Duration.ofNanos(last - returned)).as("queries after the STOP request returned")
            .isLessThan(Duration.ofMillis(100));
        assertThat(relay.count()).isLessThan(65_536);
        var run = console.get(Api.V1 + "/runs/1");
        assertThat(run.json().get("state").asText()).isEqualTo("stopped");
        assertThat(console.get(Api.V1 + "/sites/plant").json().get("stopped").asBoolean()).isTrue();
        assertThat(serve.terminate()).isIn(0, 143);
      }
    }
  }
}

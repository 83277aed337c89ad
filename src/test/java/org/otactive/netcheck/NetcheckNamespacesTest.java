package org.otactive.netcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.PlanningOtactive;

/**
 * {@code otactive netcheck} run by a real process on a sensor host in a network namespace (see
 * {@link PlantNetwork}), against a real DNS server (NSD), a real TCP listener, a port dropped with
 * nftables, a subnet without a route and a port where nothing listens. It must report exactly what
 * is reachable and what is not, name the missing rules, and send only to the site's devices and
 * the methods' servers; before it, {@code plan} on the same host sends nothing.
 */
class NetcheckNamespacesTest {
  @TempDir Path dir;
  PlantNetwork network;

  @AfterEach
  void tearDown() throws Exception {
    if (network != null) network.close();
    PlantNetwork.tearDownNamespaces();
  }

  record Run(int code, String out, String err) {}

  /** {@code otactive} (with the WEM-shaped method) as a process on the sensor host. */
  private Run onSensor(String db, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", PlantNetwork.SENSOR,
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        PlanningOtactive.class.getName(), "--db", db, "--as", Cli.ME));
    cmd.addAll(List.of(args));
    File err = dir.resolve("err-" + System.nanoTime()).toFile();
    Process p = new ProcessBuilder(cmd).redirectError(err).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("otactive " + String.join(" ", args) + " did not finish");
    }
    return new Run(p.exitValue(), out, Files.readString(err.toPath()));
  }

  private static Cli.Result ok(String db, String... args) {
    String[] full = Cli.on(db, args);
    Cli.Result r = Cli.runWith(PlanningOtactive.registry(), Map.of(), full);
    if (r.code() != 0) throw new AssertionError("otactive " + String.join(" ", full) + " exited " + r.code() + ": " + r.err());
    return r;
  }

  @Test
  void reportsWhatIsReachableAndWhatIsNotAndSendsOnlyToTheSiteAndItsServers() throws Exception {
    network = new PlantNetwork(dir).start();
    String db = "jdbc:h2:file:" + dir.resolve("db");
    ok(db, "user", "add", Cli.ME, "--role", "admin", "--reason", "set-up");
    ok(db, "monitoring", "on", "--reason", "set-up");
    ok(db, "site", "add", "plant", "--zone", "UTC", "--ranges", "198.51.100.0/24,203.0.113.0/24", "--reason", "set-up");
    Path csv = Files.writeString(dir.resolve("devices.csv"), String.join("\n", "ip,os,vendor,firmware",
        "198.51.100.20,Windows 10,,", "198.51.100.21,Windows Server 2019,,", "198.51.100.22,Windows 7,,",
        "198.51.100.30,,Siemens,V4.5", ""));
    ok(db, "passive", "import", csv.toString(), "--site", "plant");
    ok(db, "method", "set", "rdns", "--site", "plant", "--dns-server", "203.0.113.53:53=198.51.100.0/24",
        "--dns-server", "203.0.113.153:53", "--reason", "set-up");
    ok(db, "method", "set", "wemlike", "--site", "plant", "--reason", "set-up");
    ok(db, "method", "enable", "rdns", "--site", "plant", "--reason", "set-up");
    ok(db, "method", "enable", "wemlike", "--site", "plant", "--reason", "set-up");
    ok(db, "window", "add", "--site", "plant", "--cron", "0 * * * *", "--duration", "1h", "--reason", "always open");

    // The dry run first, with everything armed: not one packet leaves the sensor.
    Run plan = onSensor(db, "plan", "--site", "plant");
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("wemlike on site plant").contains("rdns on site plant");
    assertThat(network.counter("from-sensor")).isZero();

    Run check = onSensor(db, "netcheck", "--site", "plant", "--format", "json");
    assertThat(check.code()).as(check.err()).isEqualTo(1); // some checks fail, as built
    List<String> lines = new ArrayList<>();
    for (JsonNode f : new ObjectMapper().readTree(check.out())) {
      lines.add(String.join(" | ", f.get("method").asText(), f.get("check").asText(), f.get("to").asText(),
          f.get("route").asText(), f.get("result").asText(), f.get("fix").asText()));
    }
    String via = "otn-s0 via 192.0.2.1 from 192.0.2.10";
    String dynamic = "TCP (dynamic port) dynamic (WMI exporter, port named by the endpoint mapper)";
    String dynamicFix = "allow TCP from 192.0.2.10 to 198.51.100.0/24 on the ports it names at run time";
    assertThat(lines).containsExactly(
        "rdns | route | 203.0.113.53 | " + via + " | ok | ",
        "rdns | route | 203.0.113.153 | no route: Network is unreachable | no route | add a route from this host to 203.0.113.153",
        "rdns | UDP 53 ask (PTR queries) | 203.0.113.53:53 | " + via + " | ok | ",
        "rdns | TCP 53 connect (PTR answers too long for UDP) | 203.0.113.53:53 | " + via + " | ok | ",
        "rdns | UDP 53 ask (PTR queries) | 203.0.113.153:53 | no route: Network is unreachable | not sent | ",
        "rdns | TCP 53 connect (PTR answers too long for UDP) | 203.0.113.153:53 | no route: Network is unreachable | not sent | ",
        "wemlike | route | 198.51.100.0/24 | " + via + " | ok | ",
        "wemlike | route | 203.0.113.0/25 | " + via + " | ok | ",
        "wemlike | route | 203.0.113.128/25 | no route: Network is unreachable | no route | add a route from this host to 203.0.113.128/25",
        "wemlike | TCP 135 connect (DCOM endpoint mapper) | 198.51.100.20:135 | " + via + " | ok | ",
        "wemlike | TCP 135 connect (DCOM endpoint mapper) | 198.51.100.21:135 | " + via + " | no answer | allow TCP 135 from"
            + " 192.0.2.10 to 198.51.100.0/24",
        "wemlike | TCP 135 connect (DCOM endpoint mapper) | 198.51.100.22:135 | " + via + " | refused | allow TCP 135 from"
            + " 192.0.2.10 to 198.51.100.0/24, or start the service there (a reset: nothing listens, or a firewall rejects)",
        "wemlike | " + dynamic + " | 198.51.100.20 | " + via + " | not checked | " + dynamicFix,
        "wemlike | " + dynamic + " | 198.51.100.21 | " + via + " | not checked | " + dynamicFix,
        "wemlike | " + dynamic + " | 198.51.100.22 | " + via + " | not checked | " + dynamicFix);
    assertThat(check.err()).contains("netcheck: 6 passed, 6 failed or not sent, 3 not checked or answered with an error (of 15); missing:")
        .contains("  allow TCP 135 from 192.0.2.10 to 198.51.100.0/24\n");
    // One connect to the listener; nothing to the PLC (WEM is not worth asking it) or anywhere else.
    assertThat(network.counter("syn-20")).isEqualTo(1);
    assertThat(network.counter("to-30")).isZero();
    assertThat(network.counter("elsewhere")).isZero();
    // Audited and recorded as runs of trigger netcheck, one per method that sent.
    Cli.Result audit = ok(db, "audit");
    assertThat(audit.out().lines().filter(l -> l.contains("netcheck")).count()).isEqualTo(2);
    Cli.Result runs = ok(db, "run", "status", "--format", "csv");
    assertThat(runs.out().lines().filter(l -> l.contains("netcheck")).toList()).hasSize(2).allMatch(l -> l.contains("completed"));
  }
}

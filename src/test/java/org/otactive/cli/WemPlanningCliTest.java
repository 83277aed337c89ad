package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.methods.BuiltInMethods;
import org.otactive.testing.Cli;
import org.otactive.testing.fakewindows.FakeWindowsHost;

/**
 * The real WEM in planning, against fake Windows hosts on 127.0.0.173–174: {@code coverage} and
 * {@code plan} count what it would ask (its enabled scan ranges, the devices worth asking) and send
 * nothing; {@code test wem ADDRESS --site} logs on with the range's account; {@code netcheck}
 * connects once to TCP 135 of a sampled device and names the exporter's port as learned at run time.
 *
 * <p>Site {@code win} is 127.0.0.173–175: 173 a healthy Windows host (passive knowledge says so), 174
 * a host whose port 135 is closed, both in an enabled scan range; 175 in no range.
 */
class WemPlanningCliTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String USER = "wem-plan";
  static final String PASSWORD = "Plan-Passw0rd-41";
  @TempDir static Path dir;
  static FakeWindowsHost healthy;
  static FakeWindowsHost closed;
  static String db;

  @BeforeAll
  static void start() throws Exception {
    healthy = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.173", USER, PASSWORD));
    closed = FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.0.174", USER, PASSWORD).without135());
    db = Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
    ok("site", "add", "win", "--zone", "UTC", "--ranges", "127.0.0.173-127.0.0.175", "--reason", "set-up");
    Path passive = Files.writeString(dir.resolve("win.csv"), "ip,name,os\n127.0.0.173,,Windows Server 2019\n");
    ok("passive", "import", passive.toString(), "--site", "win");
    ok("method", "set", "wem", "--site", "win", "--host-deadline", "8s", "--timeout", "3s", "--reason", "set-up");
    Path ranges = Files.writeString(dir.resolve("ranges.csv"), "FROM,TO,USER,PASSWORD,DISABLE\n"
        + "127.0.0.173,127.0.0.174," + USER + "," + PASSWORD + ",FALSE\n");
    ok("wem", "ranges", "import", "--site", "win", ranges.toString(), "--reason", "set-up");
    ok("method", "enable", "wem", "--site", "win", "--reason", "set-up");
    ok("window", "add", "--site", "win", "--cron", "0 * * * *", "--duration", "1h", "--reason", "always open");
  }

  @AfterAll
  static void stop() {
    if (healthy != null) healthy.close();
    if (closed != null) closed.close();
  }

  static Cli.Result run(String... args) {
    return Cli.runWith(BuiltInMethods.registry(), Map.of(), Cli.on(db, args));
  }

  static Cli.Result ok(String... args) {
    Cli.Result r = run(args);
    assertThat(r.code()).as("otactive " + String.join(" ", args) + ": " + r.out() + r.err()).isZero();
    return r;
  }

  @Test
  void coverageAndPlanCountTheEnabledRangesAndSendNothing() throws Exception {
    int before = healthy.connections().size() + closed.connections().size();
    JsonNode rows = JSON.readTree(ok("coverage", "--site", "win", "--format", "json").out());
    List<String> lines = new ArrayList<>();
    for (JsonNode r : rows) lines.add(r.get("addresses").asText() + " | " + r.get("gaps").asText() + " | " + r.get("verdict").asText());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("127.0.0.173 | ").contains("wem: hostname, os-caption, os-version, hotfixes, software")
        .contains("needs wem");
    assertThat(lines.get(1)).startsWith("127.0.0.174 | ").contains("needs wem");
    assertThat(lines.get(2)).startsWith("127.0.0.175 | ").doesNotContain("needs wem")
        .contains("wem: no account for 127.0.0.175: no enabled scan range holds it");

    Cli.Result plan = ok("plan", "--site", "win", "--method", "wem");
    assertThat(plan.out()).contains("addresses:  2 of 3 in scope: 127.0.0.173-127.0.0.174")
        .contains("excluded:   127.0.0.175 (1): no account for 127.0.0.175").doesNotContain(PASSWORD);
    assertThat(healthy.connections().size() + closed.connections().size()).as("coverage and plan send nothing")
        .isEqualTo(before);
  }

  @Test
  void testLogsOnWithTheRangesAccountAndNetcheckTriesPort135() throws Exception {
    Cli.Result test = ok("test", "wem", "127.0.0.173", "--site", "win");
    assertThat(test.out()).contains("account:   " + USER + " (password hidden)").contains("verdict:   logged on and queried")
        .doesNotContain(PASSWORD);
    Cli.Result outside = run("test", "wem", "127.0.0.175", "--site", "win");
    assertThat(outside.code()).isEqualTo(1);
    assertThat(outside.out()).contains("no account for 127.0.0.175");

    int before = healthy.connections().size();
    Cli.Result check = run("netcheck", "--site", "win", "--method", "wem", "--format", "csv");
    assertThat(check.code()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("127.0.0.173").contains("TCP 135").contains("TCP (dynamic port)");
    assertThat(healthy.connections().size()).as("one connect to TCP 135").isEqualTo(before + 1);
  }
}

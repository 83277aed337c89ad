package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.store.Database;
import org.otactive.testing.Cli;
import org.otactive.testing.EchoMethod;
import org.otactive.testing.EchoOtactive;
import org.otactive.testing.ScriptedDnsServer;

/**
 * A secret set on a method (the test-only {@link EchoMethod}'s token) reaches the probe and nothing
 * else: not the database file's bytes, the audit table, any command's output, nor the service's
 * log. Only an admin's explicit {@code --include-secrets} export shows it.
 */
class SecretsScenarioTest {
  private static final String TOKEN = "pa55-w0rd-never-shown-9137";

  @TempDir Path dir;
  private final List<Cli.Result> outputs = new ArrayList<>();

  private String db() {
    return "jdbc:h2:file:" + dir.resolve("data/otactive");
  }

  private Cli.Result cli(String... args) {
    Cli.Result r = Cli.runWith(EchoOtactive.registry(), Map.of("ECHO_TOKEN", TOKEN), Cli.on(db(), args));
    assertThat(r.code()).as("otactive %s: %s", String.join(" ", args), r.err()).isZero();
    outputs.add(r);
    return r;
  }

  @Test
  void aSecretReachesTheProbeAndNothingElse() throws Exception {
    try (ScriptedDnsServer echo = new ScriptedDnsServer(EchoMethod::echo)) {
      // The first admin before the first start (else the service makes one with a one-time password).
      cli("user", "add", Cli.ME, "--role", "admin", "--reason", "first admin");
      try (ServeProcess serve = ServeProcess.start(db(), dir, "serve", EchoOtactive.class)) {
        cli("site", "add", "plant", "--zone", "UTC", "--ranges", "10.96.0.0/28", "--reason", "set-up");
        assertThat(cli("method", "set", "echo", "--site", "plant", "--echo-server", echo.spec(), "--token-env", "ECHO_TOKEN",
            "--reason", "set-up").out()).contains("token set");
        cli("method", "enable", "echo", "--site", "plant", "--reason", "set-up");
        LocalDateTime now = LocalDateTime.now(ZoneId.of("UTC"));
        cli("window", "add", "--site", "plant", "--from", now.minusMinutes(5).toString(), "--to", now.plusHours(1).toString(),
            "--reason", "set-up");
        cli("monitoring", "on", "--reason", "go");
        cli("run", "start", "--site", "plant", "--method", "echo", "--reason", "inventory");
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!cli("run", "status", "1").out().contains("completed")) {
          assertThat(System.nanoTime()).as("run 1 completes").isLessThan(end);
          Thread.sleep(100);
        }
        assertThat(cli("method", "list").out()).contains("token=(set)");
        cli("method", "list", "--format", "json");
        cli("site", "show", "plant");
        cli("run", "status", "--format", "csv");
        cli("audit");
        cli("devices", "--format", "json");
        assertThat(cli("method", "export", "--site", "plant").out()).contains("echo-server").doesNotContain("token");
        Cli.Result clear = Cli.runWith(EchoOtactive.registry(), Map.of(), "--db", db(), "method", "export", "--site", "plant",
            "--include-secrets", "--reason", "move to the new sensor");
        assertThat(clear.out()).as("only when an admin asks for it").contains(TOKEN);
        cli("secrets", "rotate-key", "--reason", "yearly");
        cli("run", "start", "--site", "plant", "--method", "echo", "--reason", "after the rotation");
        while (!cli("run", "status", "2").out().contains("completed")) {
          assertThat(System.nanoTime()).as("run 2 completes").isLessThan(end);
          Thread.sleep(100);
        }
        serve.terminate();
        assertThat(serve.output()).contains("otactive serve: health ok").doesNotContain(TOKEN);
      }
      assertThat(echo.arrivals()).as("the probe got the token, decrypted, before and after the rotation").hasSize(32)
          .allSatisfy(a -> assertThat(new String(a.bytes(), StandardCharsets.UTF_8)).contains(TOKEN + "|10.96.0."));
    }
    for (Cli.Result r : outputs) assertThat(r.out() + r.err()).doesNotContain(TOKEN);
    byte[] file = Files.readAllBytes(dir.resolve("data/otactive.mv.db"));
    for (var cs : List.of(StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
      assertThat(new String(file, cs)).as("the database file in %s", cs).doesNotContain(TOKEN);
    }
    try (Database d = Database.open(db()); Connection c = d.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT action, subject, reason, detail FROM audit")) {
      int n = 0;
      while (rs.next()) {
        n++;
        for (int i = 1; i <= 4; i++) assertThat(rs.getString(i)).doesNotContain(TOKEN);
      }
      assertThat(n).isGreaterThan(8);
    }
  }
}

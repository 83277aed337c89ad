package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.ScriptedDnsServer;

class CliTest {
  @TempDir Path dir;

  private String db() {
    return Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
  }

  @Test
  void helpListsEveryCommand() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("serve").contains("rdns").contains("devices").contains("Exit codes");
    Cli.Result rdns = Cli.run("rdns", "--help");
    assertThat(rdns.out()).contains("--dns-server").contains("--labels").contains("--rate").contains("--format")
        .contains("--out").contains("--test");
  }

  /** Each bad input: exit 2, one line naming the value, nothing sent, nothing stored lost. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "10.0.0.0/33|SERVER|'10.0.0.0/33'",
    "10.0.0.9-10.0.0.1|SERVER|'10.0.0.9-10.0.0.1'",
    "10.0.0.1|127.0.0.1:0|'0'",
    "10.0.0.1|127.0.0.1:70000|'70000'",
    "10.0.0.1|dns.example.com|'dns.example.com'",
    "10.0.0.1|SERVER=10.0.0.0/40|'10.0.0.0/40'",
    "10.0.0.0/8|SERVER|16777216",
    "10.0.0.1|SERVER --labels 0|'labels out of range: ''0'' (1..127)'",
    "10.0.0.1|SERVER --labels 200|'labels out of range: ''200'' (1..127)'",
    "10.0.0.1|SERVER --rate fast|'fast'",
    "10.0.0.1|SERVER --rate -5|'-5'",
    "10.0.0.1|SERVER --format xml|xml",
    "10.0.0.1|SERVER --bogus|'--bogus'",
    "10.0.0.1|SERVER --deadline soon|'soon'",
    "10.0.0.1|SERVER --out /nonexistent/dir/x.csv|/nonexistent/dir",
    "10.0.0.1|SERVER --exclude 10.0.0.1|leave no address",
    "10.0.0.1|SERVER --in-flight 0|in-flight",
  })
  void badInputIsRefusedWithOneLineAndSendsNothing(String targets, String serverArgs, String named) throws Exception {
    try (ScriptedDnsServer server = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "x.example.")))) {
      Cli.Result seed = Cli.run("--db", db(), "rdns", "10.9.9.9", "--dns-server", server.spec());
      assertThat(seed.code()).as(seed.err()).isZero();
      int before = server.arrivals().size();

      List<String> args = new ArrayList<>(List.of("--db", db(), "rdns", targets, "--dns-server"));
      args.addAll(List.of(serverArgs.replace("SERVER", server.spec()).split(" ")));
      Cli.Result r = Cli.run(args.toArray(String[]::new));

      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip()).doesNotContain("\n").startsWith("otactive: ").contains(named);
      assertThat(r.out()).isEmpty();
      assertThat(server.arrivals()).hasSize(before);
      Cli.Result devices = Cli.run("--db", db(), "devices", "--format", "csv");
      assertThat(devices.out()).contains("10.9.9.9,,fqdn,x.example");
    }
  }

  @Test
  void devicesShowOfAnUnknownOrBadAddress() {
    Cli.Result unknown = Cli.run("--db", db(), "devices", "show", "10.1.1.1");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("no device 10.1.1.1");
    Cli.Result bad = Cli.run("--db", db(), "devices", "show", "10.1.1.300");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("'10.1.1.300'");
  }

  @Test
  void aBadDatabaseUrlIsOneLine() {
    Cli.Result r = Cli.run("--db", "mysql://x", "devices");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n").contains("mysql://x");
  }

  @Test
  void theTestDialogSaysWhenNothingAnswers() throws Exception {
    try (ScriptedDnsServer silent = new ScriptedDnsServer(q -> null)) {
      Cli.Result r = Cli.run("--db", db(), "rdns", "--test", "10.0.0.1", "--dns-server", silent.spec());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).contains("no answer from " + silent.spec()).contains("rtt:      -").doesNotContain("stopped");
      assertThat(silent.arrivals()).hasSize(1);
    }
  }

  @Test
  void serveStartsOnItsDatabasePrintsHealthAndStopsOnSigterm() throws Exception {
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "--db", "jdbc:h2:file:" + dir.resolve("fresh"), "serve",
        "--port", "0");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      // A fresh install: the console on loopback, the first admin's one-time password printed once,
      // active monitoring off, nothing sending, commands taken on the local socket.
      assertThat(out.readLine()).contains("otactive serve: console on http://127.0.0.1:");
      assertThat(out.readLine()).contains("no admin yet: sign in to the console as admin with the one-time password ");
      String line = out.readLine();
      assertThat(line).contains("otactive serve: health ok").contains("0 devices")
          .contains("active monitoring off").contains("0 run(s) sending").contains("fresh.sock");
      p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its pipes
      StringBuilder rest = new StringBuilder();
      for (String l = out.readLine(); l != null; l = out.readLine()) rest.append(l).append('\n');
      assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(rest.toString()).contains("stopping");
    } finally {
      p.destroyForcibly();
    }
  }
}

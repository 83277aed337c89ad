package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.LoopbackCapture;
import org.otactive.testing.ScriptedDnsServer;

/** Ctrl-C on a real otactive process in the middle of a run. */
class InterruptTest {
  @TempDir Path dir;

  @Test
  void sigintStopsSendingAndKeepsWhatWasLearned() throws Exception {
    try (ScriptedDnsServer server = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "dev.example.")))) {
      String db = org.otactive.testing.Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
      LoopbackCapture capture = LoopbackCapture.start("dst host 127.0.0.1 and dst port " + server.port(), dir);
      List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), Main.class.getName(), "--db", db, "rdns", "10.48.0.0/20",
          "--dns-server", server.spec(), "--rate", "400", "--format", "csv");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
          .start();
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (server.count() < 300 && System.nanoTime() < end && p.isAlive()) Thread.onSpinWait();
      assertThat(server.count()).as("queries before the signal").isGreaterThanOrEqualTo(300);

      Instant signalled = Instant.now();
      new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(130);

      LoopbackCapture.Result wire = capture.stop();
      assertThat(wire.dropped()).isZero();
      // From the signal (JVM signal handling and shutdown hook included) to the last query as the
      // kernel stamped it.
      assertThat(Duration.between(signalled, wire.last())).isLessThan(Duration.ofMillis(300));
      assertThat(server.count()).isLessThan(4096);

      try (Database d = Database.open(db)) {
        JdbcRunLog.StoredRun run = new JdbcRunLog(d).run(1).orElseThrow();
        assertThat(run.state()).isEqualTo("stopped");
        assertThat(run.stopReason()).contains("interrupted");
        assertThat(run.done()).isLessThan(4096);
        List<JdbcRunLog.StoredResult> results = new JdbcRunLog(d).results(1);
        assertThat(results).hasSize((int) run.done());
        long ok = results.stream().filter(r -> r.outcome().equals("ok")).count();
        assertThat(ok).isGreaterThanOrEqualTo(250);
        assertThat(new JdbcInventory(d).count()).isEqualTo(ok);
      }
    }
  }
}

package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;

/**
 * Which process runs a command typed while a service holds the embedded database: the service (its
 * log names every command it takes from the socket), nobody (the service took it but stopped
 * answering: the command fails loudly and runs nowhere), or the caller itself (only when nobody
 * listens on the socket). The audit log shows what ran.
 */
class CommandPathTest {
  @TempDir Path dir;

  @Test
  void aServiceThatTakesACommandButDoesNotAnswerMakesItFailLoudlyAndItRunsNowhere() throws Exception {
    Plant p = new Plant("jdbc:h2:file:" + dir.resolve("db")).firstAdmin();
    try (ServeProcess serve = ServeProcess.start(p.db, dir, "serve")) {
      p.ok("site", "add", "plant", "--zone", "UTC", "--ranges", "10.80.0.0/24", "--reason", "set-up");
      p.ok("site", "list");
      assertThat(serve.output()).as("the service ran it").containsPattern("ran a command from the socket: as [^:]+: --db \\S+"
          + " site list: exit 0 in [0-9.]+ ms");

      serve.signal("STOP"); // up, holding the database and its socket, but answering nothing
      Cli.Result stop;
      long took;
      try {
        long asked = System.nanoTime();
        stop = p.cli("stop", "--all", "--reason", "pump alarm");
        took = System.nanoTime() - asked;
      } finally {
        serve.signal("CONT");
      }
      assertThat(stop.code()).isEqualTo(1);
      assertThat(stop.err()).isEqualTo("otactive: the running service took the command but has sent nothing for 10 s"
          + " (is it stopped or stuck?); nothing was run here, and the service may still run it if it resumes"
          + System.lineSeparator());
      // It waited for the service's silence (10 s), not for the database (a command run here would
      // wait up to 20 s for the lock the service holds, then say so).
      assertThat(Duration.ofNanos(took)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
      try {
        Plant.await("the resumed service to drop the command its caller gave up on", Duration.ofSeconds(30), () -> {
          try {
            return serve.output().contains("dropped a command from the socket whose caller had gone: as");
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
      } catch (AssertionError e) {
        // What the service did instead is the clue.
        throw new AssertionError(e.getMessage() + "; the service's output:\n" + serve.output(), e);
      }
      assertThat(serve.output()).containsPattern("dropped a command from the socket whose caller had gone: as [^:]+: --db \\S+"
          + " stop --all --reason pump alarm");
      assertThat(p.audit()).as("nothing ran anywhere").noneMatch(e -> e.get("what").asText().equals("stop-all"));
      assertThat(p.ok("site", "show", "plant").out()).contains("state:    armed");

      serve.kill(); // SIGKILL leaves the socket file behind, with nobody listening on it
    }
    assertThat(Files.exists(dir.resolve("db.sock"))).isTrue();
    Cli.Result local = p.cli("stop", "--all", "--reason", "after the crash");
    assertThat(local.code()).as(local.err()).isZero();
    assertThat(p.lastAudit("stop-all").get("reason").asText()).as("the connection was refused: it ran here").isEqualTo(
        "after the crash");
    assertThat(Files.readString(dir.resolve("serve.log"))).doesNotContain("after the crash");
  }
}

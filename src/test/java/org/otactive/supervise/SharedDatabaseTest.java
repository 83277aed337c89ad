package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.LoopbackCapture;
import org.otactive.testing.NsdServer;
import org.otactive.testing.PostgresServer;

/**
 * Two {@code otactive serve} instances on one real PostgreSQL, as a central database with several
 * sensors: there is no command socket, so a stop typed in a third process is written to the
 * database and reaches the sending instance through its watcher; and {@code --rate} holds at the
 * DNS server (NSD) with the run started from the command line and executed by whichever instance
 * takes it. Packets are timed by the kernel (dumpcap on loopback); the switch by the service's log.
 */
class SharedDatabaseTest {
  /**
   * From the stop's audit entry (stamped in the third process just before its transaction commits)
   * to the switch the watcher throws: the watcher looks every {@link LegRunner#WATCH} (50 ms) and
   * reads the run's row; the rest covers the commit, the read and a wake-up on 2 loaded cores.
   */
  static final Duration RECORDED_TO_SWITCH = LegRunner.WATCH.plusMillis(450);

  private static NsdServer nsd;

  @TempDir Path dir;

  @BeforeAll
  static void startNsd() throws Exception {
    nsd = Plant.nsd(2);
  }

  @AfterAll
  static void stopNsd() {
    if (nsd != null) nsd.close();
  }

  @Test
  void aStopTypedInAThirdProcessReachesTheSendingInstanceThroughTheDatabaseAndTheRateHoldsAtTheServer() throws Exception {
    Plant p = new Plant(PostgresServer.shared().newDatabase());
    int rate = 100;
    Instant now = Instant.now();
    p.configure("10.60.0.0/23", nsd.spec(), Integer.toString(rate), now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(2)));
    p.site("line2", "10.61.0.0/16", nsd.spec(), "unlimited", now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofHours(2)));
    LoopbackCapture capture = LoopbackCapture.start(Plant.queriesTo(nsd.port()), dir);
    Instant typed;
    Instant returned;
    ServeProcess.Switch thrown;
    JsonNode entry;
    long recordedPackets;
    try (ServeProcess a = ServeProcess.start(p.db, dir, "sensor-a"); ServeProcess b = ServeProcess.start(p.db, dir, "sensor-b")) {
      p.ok("--as", "olga", "run", "start", "--site", "plant", "--method", "rdns", "--reason", "rate");
      p.awaitState(1, "completed", Duration.ofSeconds(60));
      recordedPackets = p.run(1).get("packets").asLong();

      p.ok("--as", "olga", "run", "start", "--site", "line2", "--method", "rdns", "--reason", "load");
      p.awaitPackets(2, 3000);
      typed = Instant.now();
      Cli.Result stop = Cli.process(Cli.on(p.db, "--as", "olga", "stop", "--site", "line2", "--reason", "pump 3 alarm"));
      returned = Instant.now();
      assertThat(stop.code()).as(stop.err()).isZero();
      assertThat(stop.out()).contains("site line2 stopped (1 run(s) stopped)");
      List<ServeProcess.Switch> switches = new ArrayList<>();
      Plant.await("the sending instance to throw run 2's switch", Duration.ofSeconds(10), () -> {
        try {
          switches.clear();
          for (ServeProcess s : List.of(a, b)) switches.addAll(s.switches());
          return !switches.isEmpty();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertThat(switches).as("one instance sent, and only its leg had a switch to throw").hasSize(1);
      thrown = switches.get(0);
      assertThat(thrown.runId()).isEqualTo(2);
      assertThat(thrown.intent()).isEqualTo("stop");
      assertThat(thrown.reason()).isEqualTo("stopped by olga: pump 3 alarm");
      for (ServeProcess s : List.of(a, b)) {
        assertThat(s.output()).as("no socket on a shared database: the stop ran in its own process")
            .doesNotContain("ran a command from the socket").doesNotContain("commands on");
      }
      assertThat(p.state(2)).isEqualTo("stopped");
      assertThat(p.run(2).get("reason").asText()).isEqualTo("stopped by olga: pump 3 alarm");
      entry = p.lastAudit("stop-site");
      assertThat(entry.get("who").asText()).isEqualTo("olga");
      assertThat(entry.get("reason").asText()).isEqualTo("pump 3 alarm");
      Thread.sleep(1000); // the other instance must not pick the stopped run up
      assertThat(p.state(2)).isEqualTo("stopped");
      assertThat(a.terminate()).isIn(0, 143);
      assertThat(b.terminate()).isIn(0, 143);
    }
    LoopbackCapture.Result wire = capture.stop();
    assertThat(wire.dropped()).isZero();

    // --rate at the server: in any one second at most the rate plus the limiter's burst and what a
    // descheduled sender shifts (see mostInAnySecond); and not far below it, or the bound is idle.
    List<LoopbackCapture.Packet> plant = wire.sent().stream().filter(q -> Plant.question(q).endsWith(".60.10.in-addr.arpa."))
        .toList();
    assertThat(plant.stream().map(Plant::question).distinct().count()).isEqualTo(512);
    assertThat(recordedPackets).as("the run's own count").isEqualTo(plant.size());
    int maxInSecond = LoopbackCapture.maxInAnySecond(plant);
    double overall = LoopbackCapture.rate(plant);
    System.out.printf("PostgreSQL, two instances: --rate %d at the server: at most %d in any second, %.1f/s first to last%n",
        rate, maxInSecond, overall);
    assertThat(maxInSecond).isBetween(rate * 8 / 10, LoopbackCapture.mostInAnySecond(rate));
    assertThat(overall).isLessThan(rate * 1.02);

    Instant last = wire.last();
    Instant recorded = Instant.parse(entry.get("at").asText());
    System.out.printf("stop on a shared database typed in a new process: typed -> recorded %s, recorded -> switch %s,"
        + " switch -> last packet %s, typed -> last packet %s%n", Plant.ms(Duration.between(typed, recorded)),
        Plant.ms(Duration.between(recorded, thrown.at())), Plant.ms(Duration.between(thrown.at(), last)), Plant.ms(Duration.between(typed, last)));
    // Recorded first, then seen by the watcher: the reverse of a stop over the socket.
    assertThat(Duration.between(recorded, thrown.at())).as("recorded -> switch").isBetween(Duration.ZERO, RECORDED_TO_SWITCH);
    assertThat(Duration.between(thrown.at(), last)).as("switch -> last packet").isLessThanOrEqualTo(StopPathsTest.AFTER_SWITCH);
    assertThat(Duration.between(typed, last)).as("typed -> last packet").isLessThanOrEqualTo(StopPathsTest.TYPED_COLD);
    // However long the new JVM took to start, the packets ended soon after the command returned.
    assertThat(Duration.between(returned, last)).as("stop returned -> last packet")
        .isLessThanOrEqualTo(RECORDED_TO_SWITCH.plus(StopPathsTest.AFTER_SWITCH));
  }
}

package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.otactive.probe.Conversation;
import org.otactive.probe.DatagramProbe;
import org.otactive.probe.Demux;
import org.otactive.probe.Fact;
import org.otactive.probe.Impact;
import org.otactive.probe.Outcome;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.Step;
import org.otactive.probe.Target;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.Rate;
import org.otactive.safety.SendWindow;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;
import org.otactive.scope.AddressSet;
import org.otactive.testing.ScriptedDnsServer;

/**
 * The datagram engine with a method of the test's own: per target one datagram {@code KEY
 * address} to an echo server, answered when the same bytes come back. What it checks is the
 * engine's part: budgets, stray datagrams, blocking steps, a conversation's bugs, the stop.
 */
class DatagramEngineTest {
  private static final Demux KEY = new Demux() {
    @Override
    public int keyBound() {
      return 1 << 16;
    }

    @Override
    public int keyOf(byte[] d, int length) {
      return length < 2 ? -1 : ((d[0] & 0xff) << 8) | (d[1] & 0xff);
    }
  };

  /**
   * Echo one datagram; {@code first} may turn the first step into another (a blocking one); each
   * reply costs the engine's thread {@code digestNanos} of work.
   */
  private record Echo(InetSocketAddress server, long timeoutNanos, Function<Step, Step> first, boolean buggy,
      long digestNanos) implements DatagramProbe {
    Echo(InetSocketAddress server, long timeoutNanos, Function<Step, Step> first, boolean buggy) {
      this(server, timeoutNanos, first, buggy, 0);
    }

    @Override
    public ProbeSpec spec() {
      return new ProbeSpec("echo", "UDP", 7, Impact.INFRASTRUCTURE_ONLY, 1, 1, 0, 0, "one datagram");
    }

    @Override
    public boolean appliesTo(Target target) {
      return true;
    }

    @Override
    public Demux demux() {
      return KEY;
    }

    @Override
    public Conversation open(Target target) {
      byte[] body = target.address().getHostAddress().getBytes(StandardCharsets.US_ASCII);
      return new Conversation() {
        byte[] sent;

        @Override
        public Step start() {
          return first.apply(new Step.Send(server, key -> {
            sent = new byte[body.length + 2];
            sent[0] = (byte) (key >> 8);
            sent[1] = (byte) key;
            System.arraycopy(body, 0, sent, 2, body.length);
            return sent;
          }, timeoutNanos));
        }

        @Override
        public boolean accepts(byte[] datagram, int length) {
          return Arrays.equals(datagram, 0, length, sent, 0, sent.length);
        }

        @Override
        public Step replied(byte[] reply, long rttNanos) {
          for (long until = System.nanoTime() + digestNanos; System.nanoTime() < until; ) Thread.onSpinWait();
          if (buggy && body[body.length - 1] == '3') throw new IllegalStateException("a bug in the probe");
          return new Step.Done(new Outcome.Ok(List.of(new Fact("echoed", "yes", "")), "echoed"));
        }

        @Override
        public Step timedOut() {
          return new Step.Done(new Outcome.NoAnswer("no echo"));
        }
      };
    }
  }

  private static ScanRun run(DatagramProbe probe, ScriptedDnsServer server, AddressSet targets, Limits limits,
      StopSwitch stop, ResultSink sink) {
    Gate gate = new Gate(limits, targets::contains, java.util.Set.of(server.endpoint()), Ticker.system(), stop,
        InstantSource.system(), SendWindow.ALWAYS);
    return new ScanRun(1, probe, targets, targets.size().longValueExact(), gate, Clock.systemUTC(), sink,
        ProgressListener.NONE, 64);
  }

  private static Limits unlimited() {
    return Limits.defaults().withPerPeerRate(Rate.UNLIMITED);
  }

  @Test
  void aPeersInFlightCapHoldsAndAStopEndsTheWaitAtOnce() throws Exception {
    try (ScriptedDnsServer silent = new ScriptedDnsServer(q -> null)) {
      StopSwitch stop = new StopSwitch();
      ConcurrentLinkedQueue<TargetResult> results = new ConcurrentLinkedQueue<>();
      ScanRun scan = run(new Echo(silent.endpoint(), Duration.ofSeconds(30).toNanos(), s -> s, false), silent,
          AddressSet.of("10.50.0.0/27"), unlimited().withPerPeerInFlight(3), stop, results::add);
      CompletableFuture<RunReport> report = CompletableFuture.supplyAsync(() -> {
        try {
          return scan.start();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      while (silent.count() < 3) Thread.onSpinWait();
      Thread.sleep(300);
      assertThat(silent.count()).as("queries in flight to a silent peer").isEqualTo(3);
      long stoppedAt = System.nanoTime();
      stop.stop("test");
      RunReport r = report.get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(2));
      assertThat(r.state()).isEqualTo(RunState.STOPPED);
      assertThat(results).isEmpty(); // cut short: no result, a resumed run asks them again
      assertThat(silent.count()).isEqualTo(3);
    }
  }

  @Test
  void strayDatagramsAreCountedAndTheRightReplyStillCounts() throws Exception {
    // Each query is answered twice: first with its key flipped (no such exchange), then a copy with
    // one byte changed (the conversation refuses it), then the true echo.
    try (ScriptedDnsServer tricky = new ScriptedDnsServer(q -> {
      byte[] otherKey = q.clone();
      otherKey[0] ^= 0x55;
      byte[] wrong = q.clone();
      wrong[wrong.length - 1] ^= 1;
      return List.of(otherKey, wrong, q);
    })) {
      ConcurrentLinkedQueue<TargetResult> results = new ConcurrentLinkedQueue<>();
      RunReport r = run(new Echo(tricky.endpoint(), Duration.ofSeconds(5).toNanos(), s -> s, false), tricky,
          AddressSet.of("10.51.0.0/28"), unlimited(), new StopSwitch(), results::add).start();
      assertThat(r.count("ok")).isEqualTo(16);
      assertThat(r.unmatchedReplies()).isGreaterThanOrEqualTo(16); // the wrong copies at least; a flipped key may hit another exchange's slot and be refused there
      assertThat(r.unmatchedReplies()).isLessThanOrEqualTo(32);
      assertThat(tricky.count()).isEqualTo(16);
    }
  }

  @Test
  void aBlockingStepRunsOnAThreadAndTheConversationGoesOn() throws Exception {
    Map<String, String> threads = new ConcurrentHashMap<>();
    try (ScriptedDnsServer echo = new ScriptedDnsServer(List::of)) {
      ConcurrentLinkedQueue<TargetResult> results = new ConcurrentLinkedQueue<>();
      Echo probe = new Echo(echo.endpoint(), Duration.ofSeconds(5).toNanos(), send -> new Step.Blocking(ctx -> {
        threads.put(ctx.target().address().getHostAddress(), Thread.currentThread().isVirtual() ? "virtual" : "platform");
        assertThat(ctx.stopRequested()).isFalse();
        return send;
      }), false);
      RunReport r = run(probe, echo, AddressSet.of("10.52.0.0/29"), unlimited(), new StopSwitch(), results::add).start();
      assertThat(r.count("ok")).isEqualTo(8);
      assertThat(threads).hasSize(8).allSatisfy((a, kind) -> assertThat(kind).isEqualTo("virtual"));
      assertThat(echo.count()).isEqualTo(8);
    }
  }

  @Test
  void aProbesBugIsTheTargetsOutcomeAndTheRunGoesOn() throws Exception {
    try (ScriptedDnsServer echo = new ScriptedDnsServer(List::of)) {
      ConcurrentLinkedQueue<TargetResult> results = new ConcurrentLinkedQueue<>();
      RunReport r = run(new Echo(echo.endpoint(), Duration.ofSeconds(5).toNanos(), s -> s, true), echo,
          AddressSet.of("10.53.0.0/28"), unlimited(), new StopSwitch(), results::add).start();
      assertThat(r.done()).isEqualTo(16);
      assertThat(results).filteredOn(x -> x.outcome().kind().equals("protocol-error")).extracting(x -> x.address().getHostAddress())
          .containsExactlyInAnyOrder("10.53.0.3", "10.53.0.13");
      assertThat(results).filteredOn(x -> x.outcome().kind().equals("protocol-error"))
          .allSatisfy(x -> assertThat(x.outcome().detail()).contains("internal error").contains("a bug in the probe"));
    }
  }

  @Test
  void theDeviceCapBlocksTheTargetsBeyondIt() throws Exception {
    try (ScriptedDnsServer echo = new ScriptedDnsServer(List::of)) {
      ConcurrentLinkedQueue<TargetResult> results = new ConcurrentLinkedQueue<>();
      RunReport r = run(new Echo(echo.endpoint(), Duration.ofSeconds(5).toNanos(), s -> s, false), echo,
          AddressSet.of("10.54.0.0/28"), unlimited().withMaxDevices(10), new StopSwitch(), results::add).start();
      assertThat(r.count("ok")).isEqualTo(10);
      assertThat(r.count("blocked")).isEqualTo(6);
      assertThat(results).filteredOn(x -> x.outcome().kind().equals("blocked"))
          .allSatisfy(x -> assertThat(x.outcome().detail()).contains("device cap of 10"));
      assertThat(echo.count()).isEqualTo(10);
    }
  }

  /** A sink that keeps what the scan said of how busy it is. */
  private record BusyLog(List<Boolean> said) implements ResultSink {
    @Override
    public void accept(TargetResult result) {}

    @Override
    public void scanBusy(boolean busy) {
      said.add(busy);
    }
  }

  @Test
  void anEngineWaitingOnItsPeerNeverSaysItIsBusy() throws Exception {
    try (ScriptedDnsServer silent = new ScriptedDnsServer(q -> null)) {
      BusyLog log = new BusyLog(new java.util.concurrent.CopyOnWriteArrayList<>());
      RunReport r = run(new Echo(silent.endpoint(), Duration.ofMillis(150).toNanos(), s -> s, false), silent,
          AddressSet.of("10.55.0.0/28"), unlimited().withPerPeerInFlight(4), new StopSwitch(), log).start();
      assertThat(r.count("no-answer")).isEqualTo(16);
      assertThat(r.ended()).isAfterOrEqualTo(r.started().plusMillis(600)); // four rounds of timeouts: several windows
      assertThat(log.said()).isEmpty();
    }
  }

  @Test
  void anEngineThatNeverWaitsSaysItIsBusyAndThatItIsNotWhenDone() throws Exception {
    try (ScriptedDnsServer echo = new ScriptedDnsServer(List::of)) {
      BusyLog log = new BusyLog(new java.util.concurrent.CopyOnWriteArrayList<>());
      // Each reply costs the engine's thread 3 ms of work: with 64 exchanges in flight a reply is
      // always waiting, so the engine never waits for the network.
      Echo slowToDigest = new Echo(echo.endpoint(), Duration.ofSeconds(5).toNanos(), s -> s, false, 3_000_000L);
      RunReport r = run(slowToDigest, echo, AddressSet.of("10.56.0.0/24"), unlimited(), new StopSwitch(), log).start();
      assertThat(r.count("ok")).isEqualTo(256);
      assertThat(log.said()).as("busy while it worked, then done").startsWith(true).endsWith(false);
    }
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }
}

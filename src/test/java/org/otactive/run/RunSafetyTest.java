package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.otactive.probe.rdns.DnsServerSpec;
import org.otactive.probe.rdns.RdnsSettings;
import org.otactive.probe.rdns.ReverseDnsProbe;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.Rate;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;
import org.otactive.scope.AddressSet;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.LoopbackCapture;
import org.otactive.testing.ScriptedDnsServer;
import org.xbill.DNS.Rcode;

/**
 * The gate under real load: a counting DNS server on loopback sees every query, with its arrival
 * time, so the limits are checked where the packets land.
 */
class RunSafetyTest {
  private static ScriptedDnsServer nxdomainServer() throws Exception {
    return new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.reply(q, Rcode.NXDOMAIN, null)));
  }

  private static ScanRun run(ScriptedDnsServer server, AddressSet targets, Limits limits, ResultSink sink) {
    RdnsSettings settings = new RdnsSettings(List.of(DnsServerSpec.parse(server.spec(), 1)));
    Gate gate = new Gate(limits, targets::contains, settings.endpoints(), Ticker.system(), new StopSwitch(),
        java.time.InstantSource.system(), org.otactive.safety.SendWindow.ALWAYS);
    return new ScanRun(1, new ReverseDnsProbe(settings), targets, targets.size().longValueExact(), gate,
        Clock.systemUTC(), sink, ProgressListener.NONE, ScanRun.DEFAULT_CONCURRENCY);
  }

  private static String questionOf(byte[] query) {
    return DnsReplies.parse(query).getQuestion().getName().toString();
  }

  @Test
  void nothingIsSentUntilTheRunStarts() throws Exception {
    try (ScriptedDnsServer server = nxdomainServer()) {
      ScanRun notStarted = run(server, AddressSet.of("10.40.0.0/24"), Limits.defaults().withPerPeerRate(Rate.UNLIMITED),
          ResultSink.NONE);
      // Give a wrongly eager implementation every chance to send: a second run goes start to end.
      ScanRun other = run(server, AddressSet.of("10.41.0.1"), Limits.defaults(), ResultSink.NONE);
      other.start();
      assertThat(server.arrivals()).extracting(a -> questionOf(a.bytes())).containsExactly("1.0.41.10.in-addr.arpa.");
      // The run that waited was ready to send all along: started, it asks all its 256 addresses.
      assertThat(notStarted.start().done()).isEqualTo(256);
      assertThat(server.arrivals()).hasSize(257);
    }
  }

  @Test
  void excludedAndOutOfScopeAddressesAreNeverAsked() throws Exception {
    try (ScriptedDnsServer server = nxdomainServer()) {
      AddressSet scope = AddressSet.of(List.of("10.42.0.0/24"), List.of("10.42.0.128/25", "10.42.0.7"));
      RunReport report = run(server, scope, Limits.defaults().withPerPeerRate(Rate.UNLIMITED), ResultSink.NONE).start();
      assertThat(report.done()).isEqualTo(127);
      List<String> asked = server.arrivals().stream().map(a -> questionOf(a.bytes())).toList();
      assertThat(asked).hasSize(127).doesNotHaveDuplicates();
      for (String q : asked) {
        int last = Integer.parseInt(q.substring(0, q.indexOf('.')));
        assertThat(last).isLessThan(128).isNotEqualTo(7);
        assertThat(q).endsWith(".0.42.10.in-addr.arpa.");
      }
    }
  }

  @Test
  void theRateCapHoldsAtTheServer() throws Exception {
    try (ScriptedDnsServer server = nxdomainServer()) {
      int rate = 200;
      // Arrival times from the kernel (a capture), not from the server's busy thread.
      LoopbackCapture capture = LoopbackCapture.to(server.endpoint());
      RunReport report = run(server, AddressSet.of("10.43.0.0/23"), Limits.defaults().withPerPeerRate(Rate.of(rate)),
          ResultSink.NONE).start();
      LoopbackCapture.Result wire = capture.stop();
      assertThat(wire.dropped()).isZero();
      assertThat(report.count("ok")).isEqualTo(512);
      // Every target asked; on a loaded machine a late answer may cost a retransmission, which
      // passes the same gate and counts against the same rate.
      // (The capture is the record: the server's thread may not have read the last one yet.)
      assertThat(wire.sent().stream().map(p -> java.util.Arrays.toString(java.util.Arrays.copyOfRange(p.payload(), 12, p.payload().length)))
          .distinct().count()).isEqualTo(512);
      assertThat(wire.sent()).hasSizeBetween(512, 512 * 3);
      // In any one-second window, at most rate + BURST queries left for the server, and what a thread
      // descheduled between admission and its send shifts (see mostInAnySecond).
      int maxInWindow = LoopbackCapture.maxInAnySecond(wire.sent());
      assertThat(maxInWindow).isBetween(rate / 2, LoopbackCapture.mostInAnySecond(rate));
      double atServer = LoopbackCapture.rate(wire.sent());
      assertThat(atServer).isLessThan(rate * 1.02);
      // What the run reports as its send rate is what the server saw (the run reads its ticker as
      // it admits, the kernel stamps as it sends: 10 % apart at most on a busy machine).
      assertThat(report.sendRate()).isCloseTo(atServer, org.assertj.core.data.Percentage.withPercentage(10));
    }
  }

  @Test
  void stopUnderFullLoadSendsNothingMoreAndKeepsResults() throws Exception {
    try (ScriptedDnsServer server = nxdomainServer()) {
      ConcurrentLinkedQueue<TargetResult> results = new ConcurrentLinkedQueue<>();
      LoopbackCapture capture = LoopbackCapture.to(server.endpoint());
      ScanRun run = run(server, AddressSet.of("10.44.0.0/16"),
          Limits.defaults().withPerPeerRate(Rate.UNLIMITED).withPerPeerInFlight(200), results::add);
      CompletableFuture<RunReport> report = CompletableFuture.supplyAsync(() -> {
        try {
          return run.start();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      while (server.count() < 3000 && !report.isDone()) Thread.onSpinWait();
      assertThat(report.isDone()).as("the run ended before the stop").isFalse();
      java.time.Instant stoppedAt = java.time.Instant.now();
      long stoppedAtNanos = System.nanoTime();
      run.stop("owner pressed stop");
      long returnedAt;
      RunReport r = report.get(10, TimeUnit.SECONDS);
      returnedAt = System.nanoTime();
      LoopbackCapture.Result wire = capture.stop();
      assertThat(wire.dropped()).isZero();
      // The kernel's stamp of the last query against the moment just before the stop was thrown.
      assertThat(Duration.between(stoppedAt, wire.last())).as("last query after the stop").isLessThan(Duration.ofMillis(100));
      assertThat(Duration.ofNanos(returnedAt - stoppedAtNanos)).isLessThan(Duration.ofSeconds(2));
      assertThat(r.state()).isEqualTo(RunState.STOPPED);
      assertThat(r.stopReason()).isEqualTo("owner pressed stop");
      assertThat(r.done()).isLessThan(65_536).isEqualTo(results.size());
      assertThat(r.count("ok")).isGreaterThanOrEqualTo(2500);
      // Abandoned targets get no result (a resumed run asks them again); nothing learned is lost.
      assertThat(results).noneMatch(x -> x.outcome().kind().equals("blocked"));
    }
  }

  @Test
  void theDeadlineEndsARun() throws Exception {
    // A server that never answers: every query waits out its timeouts, so the deadline comes first.
    try (ScriptedDnsServer silent = new ScriptedDnsServer(q -> null)) {
      LoopbackCapture capture = LoopbackCapture.to(silent.endpoint());
      java.time.Instant before = java.time.Instant.now();
      RunReport r = run(silent, AddressSet.of("10.45.0.0/24"),
          Limits.defaults().withPerPeerRate(Rate.UNLIMITED).withDeadline(Duration.ofMillis(300)), ResultSink.NONE).start();
      LoopbackCapture.Result wire = capture.stop();
      assertThat(r.state()).isEqualTo(RunState.DEADLINE_REACHED);
      assertThat(wire.sent()).isNotEmpty();
      // The deadline runs from the gate's making, just after `before`; 100 ms for a packet admitted
      // just before it and sent a moment later.
      assertThat(wire.after(before.plusMillis(400))).isEmpty();
    }
  }

  @Test
  void aLostQueryIsRetransmittedAndItsAnswerUsed() throws Exception {
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    try (ScriptedDnsServer lossy = new ScriptedDnsServer(q ->
        seen.incrementAndGet() == 1 ? null : DnsReplies.one(DnsReplies.ptr(q, "plc.example.")))) {
      ConcurrentLinkedQueue<TargetResult> results = new ConcurrentLinkedQueue<>();
      run(lossy, AddressSet.of("10.46.0.1"), Limits.defaults(), results::add).start();
      assertThat(lossy.arrivals()).hasSize(2);
      assertThat(results).singleElement().satisfies(x -> assertThat(x.fact("fqdn")).isEqualTo("plc.example"));
    }
  }

  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }
}

package org.otactive.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateTest {
  private static final InetSocketAddress DNS = new InetSocketAddress(ip("127.0.0.53"), 53);
  private final FakeTicker ticker = new FakeTicker();
  private final StopSwitch stop = new StopSwitch();

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Gate gate(Limits limits) {
    return new Gate(limits, a -> a.getHostAddress().startsWith("10.0.0."), Set.of(DNS), ticker, stop, java.time.InstantSource.system(), SendWindow.ALWAYS);
  }

  /**
   * The gate reads the wall clock in milliseconds on every check; a window that ends inside a
   * millisecond still closes at its instant, not up to a millisecond late, and asks its source again
   * only once its span has passed.
   */
  @Test
  void aWindowClosesAtItsInstantThoughTheClockIsReadInMilliseconds() throws Exception {
    java.time.Instant end = java.time.Instant.parse("2026-12-03T10:00:00.000500Z");
    java.time.Instant[] now = {java.time.Instant.parse("2026-12-03T09:59:59.999Z")};
    int[] asked = {0};
    SendWindow window = at -> {
      asked[0]++;
      return at.isBefore(end) ? end : null;
    };
    Gate g = new Gate(Limits.defaults(), a -> true, Set.of(DNS), ticker, stop, () -> now[0], window);
    g.checkOpen();
    g.checkOpen();
    assertThat(asked[0]).isEqualTo(1); // the span it gave is trusted until its last whole millisecond
    now[0] = java.time.Instant.parse("2026-12-03T10:00:00.000499Z");
    g.checkOpen(); // the end's millisecond: asked again, and still open
    assertThat(asked[0]).isEqualTo(2);
    now[0] = end;
    assertThatThrownBy(g::checkOpen)
        .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.OUTSIDE_WINDOW));
    InetAddress target = ip("10.0.0.5");
    assertThatThrownBy(() -> g.tryHoldDevice(target)).isInstanceOf(Blocked.class);
    assertThat(g.admitted()).isZero();
  }

  @Test
  void outOfScopeTargetsAreRefusedBeforeAnything() {
    Gate g = gate(Limits.defaults());
    assertThatThrownBy(() -> g.holdDevice(ip("10.0.1.1")))
        .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.OUT_OF_SCOPE));
    assertThatThrownBy(() -> g.admit(ip("10.0.1.1"), DNS))
        .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.OUT_OF_SCOPE));
    assertThat(g.admitted()).isZero();
  }

  @Test
  void onlyTheTargetOrDeclaredServersArePeers() throws Exception {
    Gate g = gate(Limits.defaults());
    InetAddress target = ip("10.0.0.5");
    try (DeviceSlot s = g.holdDevice(target)) {
      g.admit(target, DNS).close();
      g.admit(target, new InetSocketAddress(target, 135)).close();
      assertThatThrownBy(() -> g.admit(target, new InetSocketAddress(ip("10.0.0.6"), 135)))
          .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.PEER_NOT_ALLOWED));
      assertThatThrownBy(() -> g.admit(target, new InetSocketAddress(ip("127.0.0.53"), 54)))
          .isInstanceOf(Blocked.class);
    }
    assertThat(g.admitted()).isEqualTo(2);
  }

  @Test
  void noPacketWithoutTheDeviceSlot() {
    Gate g = gate(Limits.defaults());
    assertThatThrownBy(() -> g.admit(ip("10.0.0.5"), DNS)).isInstanceOf(IllegalStateException.class);
    assertThat(g.admitted()).isZero();
  }

  @Test
  void stopRefusesEverythingAfterwards() throws Exception {
    Gate g = gate(Limits.defaults());
    InetAddress target = ip("10.0.0.5");
    DeviceSlot slot = g.holdDevice(target);
    stop.stop("owner pressed stop");
    assertThatThrownBy(() -> g.admit(target, DNS))
        .isInstanceOfSatisfying(Blocked.class, b -> {
          assertThat(b.reason()).isEqualTo(Blocked.Reason.STOPPED);
          assertThat(b.getMessage()).contains("owner pressed stop");
        });
    assertThatThrownBy(() -> g.holdDevice(ip("10.0.0.6"))).isInstanceOf(Blocked.class);
    slot.close();
    assertThat(g.admitted()).isZero();
  }

  @Test
  void deadlineClosesTheGate() throws Exception {
    Gate g = gate(Limits.defaults().withDeadline(Duration.ofSeconds(10)));
    InetAddress target = ip("10.0.0.5");
    try (DeviceSlot s = g.holdDevice(target)) {
      g.admit(target, DNS).close();
      ticker.advance(Duration.ofSeconds(10).toNanos());
      assertThatThrownBy(() -> g.admit(target, DNS))
          .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.DEADLINE));
    }
  }

  @Test
  void deviceCapCountsDistinctDevices() throws Exception {
    Gate g = gate(Limits.defaults().withMaxDevices(2));
    g.holdDevice(ip("10.0.0.1")).close();
    g.holdDevice(ip("10.0.0.2")).close();
    g.holdDevice(ip("10.0.0.1")).close(); // the same device again is no new device
    assertThatThrownBy(() -> g.holdDevice(ip("10.0.0.3")))
        .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.DEVICE_CAP));
  }

  @Test
  void oneConnectionPerDevice() throws Exception {
    Gate g = gate(Limits.defaults());
    InetAddress target = ip("10.0.0.5");
    DeviceSlot first = g.holdDevice(target);
    java.util.concurrent.atomic.AtomicBoolean second = new java.util.concurrent.atomic.AtomicBoolean();
    Thread t = Thread.ofPlatform().start(() -> {
      try (DeviceSlot s = g.holdDevice(target)) {
        second.set(true);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    org.otactive.testing.Threads.awaitParked(t);
    assertThat(second.get()).isFalse();
    first.close();
    t.join(5_000);
    assertThat(second.get()).isTrue();
  }

  @Test
  void perPeerRatePacesOnTheFakeClock() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerRate(Rate.of(200)));
    InetAddress target = ip("10.0.0.5");
    long start = ticker.nanos();
    try (DeviceSlot s = g.holdDevice(target)) {
      for (int i = 0; i < 401; i++) g.admit(target, DNS).close();
    }
    // 401 packets at 200/s: a burst at once, then one every 5 ms.
    long span = (401 - RateLimiter.BURST) * 5_000_000L;
    assertThat(ticker.nanos() - start).isEqualTo(span);
    assertThat(g.admitted(DNS)).isEqualTo(401);
    assertThat(g.sendRate()).isCloseTo(400 * 1e9 / span, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void globalRateAppliesAcrossPeers() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerRate(Rate.UNLIMITED).withGlobalRate(Rate.of(10)));
    InetAddress target = ip("10.0.0.5");
    long start = ticker.nanos();
    try (DeviceSlot s = g.holdDevice(target)) {
      for (int i = 0; i < 5; i++) {
        g.admit(target, DNS).close();
        g.admit(target, new InetSocketAddress(target, 161)).close();
      }
    }
    assertThat(ticker.nanos() - start).isEqualTo((10 - RateLimiter.BURST) * 100_000_000L);
  }

  @Test
  void inFlightCapHoldsUntilAPermitCloses() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerRate(Rate.UNLIMITED).withPerPeerInFlight(2));
    InetAddress target = ip("10.0.0.5");
    DeviceSlot slot = g.holdDevice(target);
    Permit a = g.admit(target, DNS);
    Permit b = g.admit(target, DNS);
    java.util.concurrent.atomic.AtomicBoolean third = new java.util.concurrent.atomic.AtomicBoolean();
    Thread t = Thread.ofPlatform().start(() -> {
      try (Permit c = g.admit(target, DNS)) {
        third.set(true);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
    org.otactive.testing.Threads.awaitParked(t);
    assertThat(third.get()).isFalse();
    a.close();
    t.join(5_000);
    assertThat(third.get()).isTrue();
    b.close();
    slot.close();
  }

  @Test
  void aWaiterForAnInFlightSlotGivesUpOnStop() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerInFlight(1));
    InetAddress target = ip("10.0.0.5");
    DeviceSlot slot = g.holdDevice(target);
    Permit held = g.admit(target, DNS);
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    Thread t = Thread.ofPlatform().start(() -> {
      try (Permit p = g.admit(target, DNS)) {
        thrown.set(new AssertionError("admitted after stop"));
      } catch (Exception e) {
        thrown.set(e);
      }
    });
    org.otactive.testing.Threads.awaitParked(t);
    stop.stop("test");
    t.join(5_000);
    assertThat(thrown.get()).isInstanceOf(Blocked.class);
    held.close();
    slot.close();
    assertThat(g.admitted()).isEqualTo(1);
  }

  // The event loop's form of the gate: the same checks, answered without waiting.

  @Test
  void scopePeerAndSlotAreCheckedAsForAWaitingProbe() throws Exception {
    Gate g = gate(Limits.defaults());
    assertThatThrownBy(() -> g.tryHoldDevice(ip("10.0.1.1")))
        .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.OUT_OF_SCOPE));
    InetAddress target = ip("10.0.0.5");
    assertThatThrownBy(() -> g.tryAdmit(target, DNS)).isInstanceOf(IllegalStateException.class);
    try (DeviceSlot s = g.tryHoldDevice(target)) {
      assertThat(g.tryHoldDevice(target)).as("the device's one slot is taken").isNull();
      assertThatThrownBy(() -> g.tryAdmit(target, new InetSocketAddress(ip("10.0.0.6"), 53)))
          .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.PEER_NOT_ALLOWED));
      assertThat(g.tryAdmit(target, DNS)).isInstanceOf(Permit.class);
    }
    assertThat(g.tryHoldDevice(target)).isNotNull();
    assertThat(g.admitted()).isEqualTo(1);
  }

  @Test
  void theInFlightCapSaysWaitUntilAPermitCloses() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerRate(Rate.UNLIMITED).withPerPeerInFlight(2));
    InetAddress target = ip("10.0.0.5");
    g.tryHoldDevice(target);
    Permit a = (Permit) g.tryAdmit(target, DNS);
    Admission b = g.tryAdmit(target, DNS);
    assertThat(b).isInstanceOf(Permit.class);
    assertThat(g.tryAdmit(target, DNS)).isEqualTo(Admission.UNTIL_A_SLOT_FREES);
    a.close();
    assertThat(g.tryAdmit(target, DNS)).isInstanceOf(Permit.class);
    assertThat(g.admitted()).isEqualTo(3);
  }

  /** 401 packets at 200/s, asked for without waiting: the same pacing as the waiting form, on the fake clock. */
  @Test
  void theRateSaysHowLongToWait() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerRate(Rate.of(200)));
    InetAddress target = ip("10.0.0.5");
    g.tryHoldDevice(target);
    long start = ticker.nanos();
    int sent = 0;
    while (sent < 401) {
      Admission a = g.tryAdmit(target, DNS);
      if (a instanceof Permit p) {
        p.close();
        sent++;
      } else {
        Admission.Later later = (Admission.Later) a;
        assertThat(later.waitsForSlot()).isFalse();
        assertThat(later.nanos()).isPositive().isLessThanOrEqualTo(5_000_000L);
        ticker.advance(later.nanos());
      }
    }
    assertThat(ticker.nanos() - start).isEqualTo((401 - RateLimiter.BURST) * 5_000_000L);
    assertThat(g.admitted(DNS)).isEqualTo(401);
  }

  /**
   * A packet asked for at a reading of the ticker the caller took is judged at that reading: its
   * rate and the run's deadline, without the gate reading the ticker again.
   */
  @Test
  void aPacketIsJudgedAtTheReadingItWasAskedAt() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerRate(Rate.of(200)).withDeadline(Duration.ofSeconds(10)));
    InetAddress target = ip("10.0.0.5");
    g.tryHoldDevice(target);
    long start = ticker.nanos();
    for (int i = 0; i < RateLimiter.BURST; i++) ((Permit) g.tryAdmit(target, DNS, start)).close();
    assertThat(g.tryAdmit(target, DNS, start)).isEqualTo(new Admission.Later(5_000_000L));
    assertThat(g.tryAdmit(target, DNS, start + 5_000_000L)).isInstanceOf(Permit.class); // the ticker has not moved
    assertThatThrownBy(() -> g.tryAdmit(target, DNS, start + Duration.ofSeconds(10).toNanos()))
        .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.DEADLINE));
    assertThat(g.admitted(DNS)).isEqualTo(RateLimiter.BURST + 1);
  }

  /**
   * A packet refused by its peer's budget takes nothing from the global one. Global 100/s (10 ms,
   * burst 3), per peer 10/s: after three DNS packets at once the global budget is due again 10 ms
   * later; a fourth DNS packet, refused by its peer's budget, must not push that back.
   */
  @Test
  void aGlobalAndAPeerRateTakeFromBothOrNeither() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerRate(Rate.of(10)).withGlobalRate(Rate.of(100)));
    InetAddress target = ip("10.0.0.5");
    InetSocketAddress device = new InetSocketAddress(target, 161);
    g.tryHoldDevice(target);
    for (int i = 0; i < RateLimiter.BURST; i++) ((Permit) g.tryAdmit(target, DNS)).close();
    assertThat(g.tryAdmit(target, DNS)).isEqualTo(new Admission.Later(100_000_000L));
    ticker.advance(10_000_000L);
    assertThat(g.tryAdmit(target, device)).isInstanceOf(Permit.class);
    assertThat(g.tryAdmit(target, device)).isEqualTo(new Admission.Later(10_000_000L)); // the global budget now
  }

  @Test
  void afterAStopNothingIsAdmittedAndTheWaitsSayStopped() throws Exception {
    Gate g = gate(Limits.defaults().withPerPeerInFlight(1));
    InetAddress target = ip("10.0.0.5");
    g.tryHoldDevice(target);
    Permit held = (Permit) g.tryAdmit(target, DNS);
    assertThat(g.tryAdmit(target, DNS)).isEqualTo(Admission.UNTIL_A_SLOT_FREES);
    stop.stop("owner pressed stop");
    assertThatThrownBy(() -> g.tryAdmit(target, DNS))
        .isInstanceOfSatisfying(Blocked.class, b -> assertThat(b.reason()).isEqualTo(Blocked.Reason.STOPPED));
    assertThatThrownBy(() -> g.tryHoldDevice(ip("10.0.0.6"))).isInstanceOf(Blocked.class);
    held.close();
    assertThat(g.admitted()).isEqualTo(1);
  }
}

package org.otactive.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void pacesEventsOneIntervalApart() throws Exception {
    FakeTicker t = new FakeTicker();
    RateLimiter r = new RateLimiter(Rate.of(500));
    StopSwitch stop = new StopSwitch();
    List<Long> sentAt = new ArrayList<>();
    long start = t.nanos();
    for (int i = 0; i < 1000; i++) {
      assertThat(r.acquire(t, stop)).isTrue();
      sentAt.add(t.nanos() - start);
    }
    // The first two are half an interval apart (the jitter tolerance), every later pair one interval.
    assertThat(sentAt.get(1)).isEqualTo(1_000_000L);
    for (int i = 2; i < sentAt.size(); i++) {
      assertThat(sentAt.get(i) - sentAt.get(i - 1)).isEqualTo(2_000_000L);
    }
    assertThat(sentAt.get(999)).isEqualTo(998 * 2_000_000L + 1_000_000L);
  }

  @Test
  void aLateWakeUpDoesNotReleaseABurst() {
    RateLimiter r = new RateLimiter(Rate.of(100)); // 10 ms interval, 5 ms tolerance
    r.commit(0);
    // The thread meant to go at 10 ms wakes at 50 ms: it goes, but the next must wait again.
    assertThat(r.delay(50_000_000L)).isZero();
    r.commit(50_000_000L);
    assertThat(r.delay(50_000_000L)).isEqualTo(5_000_000L);
    assertThat(r.delay(55_000_000L)).isZero();
  }

  @Test
  void noWindowSeesMoreThanItsShareAndAHalf() {
    RateLimiter r = new RateLimiter(Rate.of(1000)); // 1 ms
    java.util.Random random = new java.util.Random(42);
    List<Long> admitted = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 20_000; i++) {
      now += random.nextInt(3) == 0 ? random.nextInt(3_000_000) : random.nextInt(200_000);
      long wait = r.delay(now);
      now += wait + (wait > 0 ? random.nextInt(400_000) : 0); // late wake-ups
      r.commit(now);
      admitted.add(now);
    }
    for (long window : new long[] {1_000_000L, 10_000_000L, 1_000_000_000L}) {
      int max = 0;
      for (int i = 0, j = 0; i < admitted.size(); i++) {
        while (admitted.get(i) - admitted.get(j) >= window) j++;
        max = Math.max(max, i - j + 1);
      }
      assertThat((double) max).as("window %d ns", window).isLessThanOrEqualTo(window / 1_000_000.0 + 1.5);
    }
  }

  @Test
  void storesNoBurstAcrossAQuietSpell() {
    RateLimiter r = new RateLimiter(Rate.of(100));
    r.commit(0);
    long now = TimeUnit.SECONDS.toNanos(60); // a minute of silence
    assertThat(r.delay(now)).isZero();
    r.commit(now);
    assertThat(r.delay(now)).isEqualTo(5_000_000L); // the next one waits (interval - tolerance)
    r.commit(now + 5_000_000L);
    assertThat(r.delay(now + 5_000_000L)).isEqualTo(10_000_000L);
  }

  @Test
  void unlimitedNeverWaits() {
    RateLimiter r = new RateLimiter(Rate.UNLIMITED);
    for (int i = 0; i < 10_000; i++) {
      assertThat(r.delay(0)).isZero();
      r.commit(0);
    }
  }

  @Test
  void aStopWakesAWaiterAndForbidsTheSend() throws Exception {
    StopSwitch stop = new StopSwitch();
    RateLimiter r = new RateLimiter(Rate.of(0.01)); // one event per 100 s
    Ticker real = Ticker.system();
    assertThat(r.acquire(real, stop)).isTrue();
    java.util.concurrent.atomic.AtomicBoolean result = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        result.set(r.acquire(real, stop));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    while (waiter.getState() != Thread.State.TIMED_WAITING) Thread.onSpinWait();
    long t0 = System.nanoTime();
    stop.stop("test");
    waiter.join(5_000);
    assertThat(waiter.isAlive()).isFalse();
    assertThat(result.get()).isFalse();
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }
}

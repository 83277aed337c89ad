package org.otactive.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  @Test
  void pacesEventsOneIntervalApartAfterAtMostABurst() throws Exception {
    FakeTicker t = new FakeTicker();
    RateLimiter r = new RateLimiter(Rate.of(500));
    StopSwitch stop = new StopSwitch();
    List<Long> sentAt = new ArrayList<>();
    long start = t.nanos();
    for (int i = 0; i < 1000; i++) {
      assertThat(r.acquire(t, stop)).isTrue();
      sentAt.add(t.nanos() - start);
    }
    for (int i = 0; i < RateLimiter.BURST; i++) assertThat(sentAt.get(i)).isZero();
    for (int i = RateLimiter.BURST; i < sentAt.size(); i++) {
      assertThat(sentAt.get(i) - sentAt.get(i - 1)).isEqualTo(2_000_000L);
    }
    assertThat(sentAt.get(999)).isEqualTo((1000 - RateLimiter.BURST) * 2_000_000L);
  }

  @Test
  void aLateWakeUpReleasesNoMoreThanTheBurst() {
    RateLimiter r = new RateLimiter(Rate.of(100)); // 10 ms interval
    r.commit(0);
    long late = 500_000_000L; // the next thread wakes half a second late
    int atOnce = 0;
    while (r.delay(late) == 0) {
      r.commit(late);
      atOnce++;
    }
    assertThat(atOnce).isEqualTo(RateLimiter.BURST);
    assertThat(r.delay(late)).isEqualTo(10_000_000L);
  }

  @Test
  void noWindowSeesMoreThanItsSharePlusTheBurst() {
    RateLimiter r = new RateLimiter(Rate.of(1000)); // 1 ms
    java.util.Random random = new java.util.Random(42);
    List<Long> admitted = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 20_000; i++) {
      now += random.nextInt(3) == 0 ? random.nextInt(3_000_000) : random.nextInt(200_000);
      long wait = r.delay(now);
      now += wait + (wait > 0 ? random.nextInt(4_000_000) : 0); // late wake-ups, some very late
      r.commit(now);
      admitted.add(now);
    }
    for (long window : new long[] {1_000_000L, 10_000_000L, 1_000_000_000L}) {
      int max = 0;
      for (int i = 0, j = 0; i < admitted.size(); i++) {
        while (admitted.get(i) - admitted.get(j) >= window) j++;
        max = Math.max(max, i - j + 1);
      }
      assertThat((double) max).as("window %d ns", window).isLessThanOrEqualTo(window / 1_000_000.0 + RateLimiter.BURST);
    }
  }

  @Test
  void aQuietSpellStoresNoMoreThanTheBurst() {
    RateLimiter r = new RateLimiter(Rate.of(100));
    r.commit(0);
    long now = TimeUnit.SECONDS.toNanos(60); // a minute of silence
    for (int i = 0; i < RateLimiter.BURST; i++) {
      assertThat(r.delay(now)).isZero();
      r.commit(now);
    }
    assertThat(r.delay(now)).isEqualTo(10_000_000L);
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
    for (int i = 0; i < RateLimiter.BURST; i++) assertThat(r.acquire(real, stop)).isTrue();
    java.util.concurrent.atomic.AtomicBoolean result = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread waiter = Thread.ofPlatform().start(() -> {
      try {
        result.set(r.acquire(real, stop));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    });
    org.otactive.testing.Threads.awaitParked(waiter);
    long t0 = System.nanoTime();
    stop.stop("test");
    waiter.join(5_000);
    assertThat(waiter.isAlive()).isFalse();
    assertThat(result.get()).isFalse();
    assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(1));
  }
}

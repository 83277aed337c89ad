package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerWheelTest {
  private static final long MS = 1_000_000L;

  static final class Timer extends TimerWheel.Node {
    final long deadline;
    long firedAt = -1;

    Timer(long deadline) {
      this.deadline = deadline;
    }
  }

  @Test
  void aTimerFiresOnceItsTickHasPassedNotBeforeItsDeadlineAndAtMostATickLate() {
    TimerWheel wheel = new TimerWheel(MS, 16, 0);
    Timer t = new Timer(5 * MS + 300_000);
    wheel.schedule(t, t.deadline);
    List<Timer> fired = new ArrayList<>();
    for (long now = 0; now <= 7 * MS; now += 100_000) {
      long at = now;
      wheel.expire(now, n -> {
        ((Timer) n).firedAt = at;
        fired.add((Timer) n);
      });
    }
    assertThat(fired).containsExactly(t);
    assertThat(t.firedAt).isGreaterThanOrEqualTo(t.deadline).isLessThanOrEqualTo(t.deadline + MS);
    assertThat(t.scheduled()).isFalse();
    assertThat(wheel.size()).isZero();
  }

  @Test
  void aCancelledTimerNeverFires() {
    TimerWheel wheel = new TimerWheel(MS, 16, 0);
    Timer t = new Timer(3 * MS);
    wheel.schedule(t, t.deadline);
    wheel.cancel(t);
    wheel.cancel(t); // twice is harmless
    assertThat(wheel.expire(10 * MS, n -> { throw new AssertionError("fired"); })).isZero();
  }

  /** Deadlines several turns ahead wait for their turn; a long stall fires everything due, earliest first. */
  @Test
  void randomDeadlinesFireInOrderAfterTheirDeadlineWhateverTheTurns() {
    Random random = new Random(12);
    TimerWheel wheel = new TimerWheel(MS, 64, 0);
    List<Timer> timers = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Timer t = new Timer(random.nextLong(500 * MS));
      timers.add(t);
      wheel.schedule(t, t.deadline);
    }
    List<Timer> fired = new ArrayList<>();
    long now = 0;
    while (now < 600 * MS) {
      now += random.nextInt(5) == 0 ? 150 * MS : random.nextLong(3 * MS); // sometimes a stall of over two turns
      long at = now;
      wheel.expire(now, n -> {
        ((Timer) n).firedAt = at;
        fired.add((Timer) n);
      });
    }
    assertThat(fired).hasSize(timers.size());
    for (Timer t : timers) assertThat(t.firedAt).isGreaterThanOrEqualTo(t.deadline);
    for (int i = 1; i < fired.size(); i++) {
      if (fired.get(i).firedAt == fired.get(i - 1).firedAt) {
        assertThat(fired.get(i).deadline).isGreaterThanOrEqualTo(fired.get(i - 1).deadline);
      }
    }
  }

  @Test
  void aTimerRescheduledFromItsCallbackFiresAgainLater() {
    TimerWheel wheel = new TimerWheel(MS, 8, 0);
    Timer t = new Timer(2 * MS);
    wheel.schedule(t, t.deadline);
    List<Long> firings = new ArrayList<>();
    for (long now = 0; now < 40 * MS; now += MS / 2) {
      long at = now;
      wheel.expire(now, n -> {
        firings.add(at);
        if (firings.size() < 3) wheel.schedule(n, at + 10 * MS);
      });
    }
    assertThat(firings).hasSize(3);
    assertThat(firings.get(1) - firings.get(0)).isBetween(10 * MS, 11 * MS);
  }
}

package org.otactive.safety;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Paces events to a rate, measured where they land: no window of any length sees more than its
 * share plus {@value #BURST} events.
 *
 * <p>Design: the generic cell rate algorithm (GCRA). The limiter keeps a theoretical arrival time
 * {@code tat}; an event may go when {@code now >= tat - tolerance}, and then moves
 * {@code tat = max(tat, now) + interval}. Admission is serialised under a fair lock and uses the
 * time of admission, not a slot booked in advance: a thread woken late therefore cannot release a
 * bunch of earlier-booked events at once (which a booking scheme does; a shared DNS server then
 * sees a burst of hundreds). The tolerance of a few intervals absorbs the wake-up and hand-over
 * delays of a loaded machine, which are often longer than one interval at 500/s, so the long-run
 * rate stays on target (with half an interval it fell 5 % short on the benchmark). After a quiet
 * spell no more credit than that is stored. Every wait wakes on the stop switch.
 *
 * <p>Thread-safe.
 */
public final class RateLimiter {
  /** How often a thread queued behind another looks at the stop switch. */
  private static final long LOCK_POLL_MILLIS = 5;
  /** Events that may go back to back to make up for a late wake-up. */
  public static final int BURST = 3;

  private final long intervalNanos;
  private final long toleranceNanos;
  private final ReentrantLock lock = new ReentrantLock(true);
  private long tat;
  private boolean started;

  public RateLimiter(Rate rate) {
    this.intervalNanos = rate.unlimited() ? 0 : Math.max(1, Math.round(1e9 / rate.perSecond()));
    this.toleranceNanos = intervalNanos * (BURST - 1);
  }

  /** How long an event at {@code now} must wait before it conforms (0 when it may go). Pure. */
  long delay(long now) {
    if (intervalNanos == 0 || !started) return 0;
    return Math.max(0, tat - toleranceNanos - now);
  }

  /** Records an event admitted at {@code now}. */
  void commit(long now) {
    if (intervalNanos == 0) return;
    tat = (started ? Math.max(tat, now) : now) + intervalNanos;
    started = true;
  }

  /**
   * Counts an event at {@code now} if it may go, without waiting: the form an event loop uses,
   * which does other work instead of waiting and comes back later.
   *
   * @return 0 when the event was counted, else how long to wait before asking again
   */
  public long tryAcquire(long now) {
    if (intervalNanos == 0) return 0;
    if (!lock.tryLock()) return LOCK_POLL_MILLIS * 1_000_000L / 50; // a blocking caller holds it: soon
    try {
      long wait = delay(now);
      if (wait == 0) commit(now);
      return wait;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts an event at {@code now} against both limiters if both let it go, else neither: a
   * packet that must wait for one budget takes nothing from the other.
   *
   * @return 0 when counted, else how long to wait before asking again
   */
  static long tryAcquireBoth(RateLimiter a, RateLimiter b, long now) {
    if (!a.limits()) return b.tryAcquire(now);
    if (!b.limits()) return a.tryAcquire(now);
    long soon = LOCK_POLL_MILLIS * 1_000_000L / 50;
    if (!a.lock.tryLock()) return soon;
    try {
      if (!b.lock.tryLock()) return soon;
      try {
        long wait = Math.max(a.delay(now), b.delay(now));
        if (wait == 0) {
          a.commit(now);
          b.commit(now);
        }
        return wait;
      } finally {
        b.lock.unlock();
      }
    } finally {
      a.lock.unlock();
    }
  }

  /** Whether the limiter paces at all. */
  boolean limits() {
    return intervalNanos != 0;
  }

  /**
   * Waits until an event may go and counts it.
   *
   * @return false if the stop fired first (the caller must then send nothing)
   */
  public boolean acquire(Ticker ticker, StopSwitch stop) throws InterruptedException {
    if (intervalNanos == 0) return !stop.isStopped();
    while (!lock.tryLock(LOCK_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (stop.isStopped()) return false;
    }
    try {
      long now = ticker.nanos();
      long wait = delay(now);
      while (wait > 0) {
        if (ticker.await(stop, wait)) return false;
        now = ticker.nanos();
        wait = delay(now);
      }
      if (stop.isStopped()) return false;
      commit(now);
      return true;
    } finally {
      lock.unlock();
    }
  }
}

package org.otactive.testing;

/** Waiting, in tests, for another thread to reach a wait. */
public final class Threads {
  private Threads() {}

  /** Returns once {@code t} is parked (waiting, timed or not); fails after ten seconds. */
  public static void awaitParked(Thread t) {
    long end = System.nanoTime() + 10_000_000_000L;
    while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
      if (!t.isAlive() || System.nanoTime() > end) {
        throw new AssertionError("thread " + t + " never waited (state " + t.getState() + ")");
      }
      Thread.onSpinWait();
    }
  }
}

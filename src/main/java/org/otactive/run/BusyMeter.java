package org.otactive.run;

/**
 * Whether a loop keeps its thread busy: the share of each window of time it spent waiting. A
 * datagram scan at full speed waits for almost nothing; one held back by its rate, by slow peers or
 * by timeouts waits most of the time. With hysteresis: a loop becomes busy when it waited less than
 * one share of a window and stops being busy only when it waited more than a larger one, so what
 * a busy scan's neighbours do in the meantime (a moment of CPU taken from it) does not flip it.
 * Pure: the loop reports its waits and the time, read from its own ticker.
 */
final class BusyMeter {
  private final long windowNanos;
  private final double busyBelow;
  private final double idleAbove;
  private long windowStart;
  private long waited;
  private boolean busy;

  /**
   * @param windowNanos how long each verdict looks back
   * @param busyBelow busy from a window in which the loop waited less than this share
   * @param idleAbove no longer busy from a window in which it waited more than this share
   * @param now the loop's start
   */
  BusyMeter(long windowNanos, double busyBelow, double idleAbove, long now) {
    if (windowNanos <= 0 || busyBelow <= 0 || idleAbove < busyBelow || idleAbove >= 1) {
      throw new IllegalArgumentException("bad busy meter");
    }
    this.windowNanos = windowNanos;
    this.busyBelow = busyBelow;
    this.idleAbove = idleAbove;
    this.windowStart = now;
  }

  /** The loop waited this long (for the network, a timer or a wake-up). */
  void waited(long nanos) {
    waited += nanos;
  }

  /**
   * At the end of a pass of the loop: the new verdict when a window just closed and the verdict
   * changed, else null. A pass that spans several windows counts as one window.
   */
  Boolean pass(long now) {
    long elapsed = now - windowStart;
    if (elapsed < windowNanos) return null;
    double share = (double) waited / elapsed;
    windowStart = now;
    waited = 0;
    boolean nowBusy = busy ? share <= idleAbove : share < busyBelow;
    if (nowBusy == busy) return null;
    busy = nowBusy;
    return busy;
  }

  /** The verdict of the last window closed (not busy before the first). */
  boolean busy() {
    return busy;
  }
}

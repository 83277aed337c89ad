package org.otactive.safety;

/**
 * A monotonic nanosecond clock and a way to wait on it. Rates and deadlines use it instead of the
 * wall clock, which can jump; tests drive a fake one by hand.
 */
public interface Ticker {
  long nanos();

  /**
   * Waits up to {@code nanos} or until {@code stop} fires, whichever comes first.
   *
   * @return true when the wait ended because of the stop
   */
  boolean await(StopSwitch stop, long nanos) throws InterruptedException;

  /** The system's monotonic clock. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}

package org.otactive.safety;

import java.util.concurrent.TimeUnit;

final class SystemTicker implements Ticker {
  static final SystemTicker INSTANCE = new SystemTicker();

  @Override
  public long nanos() {
    return System.nanoTime();
  }

  @Override
  public boolean await(StopSwitch stop, long nanos) throws InterruptedException {
    if (nanos <= 0) return stop.isStopped();
    return stop.latch().await(nanos, TimeUnit.NANOSECONDS);
  }
}

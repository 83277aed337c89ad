package org.otactive.safety;

import java.util.ArrayList;
import java.util.List;

/** A ticker driven by hand: waiting advances time at once (a single-threaded simulation). */
public final class FakeTicker implements Ticker {
  private long now = 1_000_000_000L;
  private final List<Long> waits = new ArrayList<>();

  @Override
  public synchronized long nanos() {
    return now;
  }

  public synchronized void advance(long nanos) {
    now += nanos;
  }

  @Override
  public synchronized boolean await(StopSwitch stop, long nanos) {
    waits.add(nanos);
    if (stop.isStopped()) return true;
    if (nanos > 0) now += nanos;
    return stop.isStopped();
  }

  public synchronized List<Long> waits() {
    return List.copyOf(waits);
  }
}

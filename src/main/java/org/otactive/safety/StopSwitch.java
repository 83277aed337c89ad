package org.otactive.safety;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stop of a run: once thrown it stays thrown. Thread-safe.
 *
 * <p>Everything that waits in the gate wakes on it, and the listeners (which abandon in-flight
 * exchanges and close connections) run on the thread that calls {@link #stop}. Listeners must not
 * block.
 */
public final class StopSwitch {
  private final CountDownLatch latch = new CountDownLatch(1);
  private final AtomicReference<String> reason = new AtomicReference<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Throws the switch; the first reason given is kept. Returns true if this call threw it. */
  public boolean stop(String why) {
    if (!reason.compareAndSet(null, why == null || why.isBlank() ? "stopped" : why)) return false;
    latch.countDown();
    for (Runnable l : listeners) {
      try {
        l.run();
      } catch (RuntimeException ignored) {
        // A listener's failure must not keep the others from running.
      }
    }
    return true;
  }

  public boolean isStopped() {
    return latch.getCount() == 0;
  }

  /** Why it was stopped, or null while it runs. */
  public String reason() {
    return reason.get();
  }

  /** Runs {@code listener} on stop, at once if already stopped. */
  public void onStop(Runnable listener) {
    listeners.add(listener);
    if (isStopped()) listener.run();
  }

  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /** Waits up to {@code timeout} for the stop; true when stopped. */
  public boolean await(java.time.Duration timeout) throws InterruptedException {
    return latch.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  CountDownLatch latch() {
    return latch;
  }
}

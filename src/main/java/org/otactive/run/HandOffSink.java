package org.otactive.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands results to another sink on a thread of its own, in batches of {@value #BATCH}: what the
 * sinks do with each result (set it aside on disk for the writer, keep it for the listing) leaves
 * the scan's thread, which on a busy scan is the one that bounds the rate. At most {@value
 * #BATCHES} batches wait; beyond that {@link #accept} waits for room. {@link #scanOver} and
 * {@link #close} hand over what is left and wait until the other sink has taken it.
 */
public final class HandOffSink implements ResultSink, AutoCloseable {
  /** Results handed on together. */
  public static final int BATCH = 256;
  static final int BATCHES = 32;

  private final ResultSink next;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private final Lane<List<TargetResult>> lane;
  private List<TargetResult> pending = new ArrayList<>(BATCH);
  private boolean closed;

  /** An empty batch whose latch the lane counts down once every batch before it went on. */
  private static final class Mark extends ArrayList<TargetResult> {
    final CountDownLatch reached = new CountDownLatch(1);
  }

  public HandOffSink(ResultSink next) {
    this.next = next;
    this.lane = new Lane<>("result-hand-off", BATCHES, this::handOn, failure);
  }

  @Override
  public synchronized void accept(TargetResult result) {
    throwFailure(); // as the other sink would have thrown on this thread
    pending.add(result);
    if (pending.size() >= BATCH) {
      lane.put(pending);
      pending = new ArrayList<>(BATCH);
    }
  }

  @Override
  public boolean congested() {
    return next.congested();
  }

  @Override
  public void scanBusy(boolean busy) {
    next.scanBusy(busy);
  }

  @Override
  public void scanOver() {
    handOverAll();
    throwFailure();
    next.scanOver();
  }

  /** Hands over what is left, waits until the other sink took it, and ends the lane's thread. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
      if (!pending.isEmpty()) lane.put(pending);
      pending = new ArrayList<>(BATCH);
    }
    lane.finish();
    throwFailure();
  }

  private void handOn(List<TargetResult> batch) {
    if (batch instanceof Mark m) {
      m.reached.countDown();
      return;
    }
    next.acceptAll(new ResultBatch(batch));
  }

  private void handOverAll() {
    Mark mark = new Mark();
    synchronized (this) {
      if (!pending.isEmpty()) lane.put(pending);
      pending = new ArrayList<>(BATCH);
      lane.put(mark);
    }
    boolean interrupted = false;
    while (true) {
      try {
        mark.reached.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the results must reach the sink before the scan is said to be over
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void throwFailure() {
    RuntimeException f = failure.get();
    if (f != null) throw f;
  }
}

package org.otactive.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Hands results to another sink on a thread of its own, in batches of {@value #BATCH}: what the
 * sinks do with each result (set it aside on disk for the writer, keep it for the listing) leaves
 * the scan's thread, which on a busy scan is the one that bounds the rate. At most {@value
 * #BATCHES} batches wait; beyond that {@link #accept} waits for room. {@link #scanOver} and
 * {@link #close} hand over what is left and wait until the other sink has taken it.
 */
public final class HandOffSink implements ResultSink, AutoCloseable {
  static final int BATCH = 256;
  static final int BATCHES = 32;

  private final ResultSink next;
  private final BlockingQueue<List<TargetResult>> queue = new ArrayBlockingQueue<>(BATCHES);
  private final Thread taker;
  private List<TargetResult> pending = new ArrayList<>(BATCH);
  private volatile RuntimeException failure;
  private boolean closed;

  /** A batch that carries a latch: the taker counts it down when every batch before it was taken. */
  private static final class Mark extends ArrayList<TargetResult> {
    final CountDownLatch reached = new CountDownLatch(1);
    final boolean last;

    Mark(boolean last) {
      this.last = last;
    }
  }

  public HandOffSink(ResultSink next) {
    this.next = next;
    this.taker = Thread.ofPlatform().daemon().name("result-hand-off").start(this::take);
  }

  @Override
  public synchronized void accept(TargetResult result) {
    RuntimeException f = failure;
    if (f != null) throw f; // as the other sink would have thrown on this thread
    pending.add(result);
    if (pending.size() >= BATCH) {
      put(pending);
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
    handOverAll(false);
    RuntimeException f = failure;
    if (f != null) throw f;
    next.scanOver();
  }

  /** Hands over what is left, waits until the other sink took it, and ends the taker's thread. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    handOverAll(true);
    RuntimeException f = failure;
    if (f != null) throw f;
  }

  private void handOverAll(boolean last) {
    Mark mark = new Mark(last);
    synchronized (this) {
      if (!pending.isEmpty()) put(pending);
      pending = new ArrayList<>(BATCH);
      put(mark);
    }
    boolean interrupted = false;
    while (true) {
      try {
        mark.reached.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the results must reach the sink before the run ends
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void put(List<TargetResult> batch) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(batch);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private void take() {
    while (true) {
      List<TargetResult> batch;
      try {
        batch = queue.take();
      } catch (InterruptedException e) {
        continue; // only close() ends this thread, once every result went on
      }
      for (TargetResult r : batch) {
        try {
          next.accept(r);
        } catch (RuntimeException e) {
          if (failure == null) failure = e;
        }
      }
      if (batch instanceof Mark m) {
        m.reached.countDown();
        if (m.last) return;
      }
    }
  }
}

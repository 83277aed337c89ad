package org.otactive.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.otactive.inventory.Change;
import org.otactive.inventory.Inventory;
import org.otactive.inventory.Observation;

/**
 * Writes results to the run log and their observations to the inventory, in batches, on a writer
 * thread of its own so the store never slows the probes. {@link #close} drains everything.
 */
public final class RecordingSink implements ResultSink, AutoCloseable {
  private static final int BATCH = 2_000;
  private static final TargetResult END = new TargetResult(null, null, null);

  private final BlockingQueue<TargetResult> queue = new LinkedBlockingQueue<>();
  private final Inventory inventory;
  private final RunLog runLog;
  private final long runId;
  private final String source;
  private final Thread writer;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  /** Values that replaced an earlier, different value (first sightings are not kept here). */
  private final List<Change> changes = new java.util.concurrent.CopyOnWriteArrayList<>();

  public RecordingSink(Inventory inventory, RunLog runLog, long runId, String source) {
    this.inventory = inventory;
    this.runLog = runLog;
    this.runId = runId;
    this.source = source;
    this.writer = Thread.ofPlatform().name("result-writer").start(this::drain);
  }

  @Override
  public void accept(TargetResult result) {
    queue.add(result);
  }

  private void drain() {
    List<TargetResult> batch = new ArrayList<>();
    boolean end = false;
    while (!end) {
      try {
        TargetResult first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) continue;
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
      } catch (InterruptedException e) {
        end = true;
      }
      if (!batch.isEmpty() && batch.get(batch.size() - 1) == END) {
        batch.remove(batch.size() - 1);
        end = true;
      }
      write(batch);
      batch.clear();
    }
  }

  private void write(List<TargetResult> batch) {
    if (batch.isEmpty()) return;
    try {
      // Observations first, then the results: a crash in between leaves targets without a result,
      // which a resumed run asks again (a repeat confirms the same values); never a result whose
      // observations were lost.
      List<Observation> observations = new ArrayList<>();
      for (TargetResult r : batch) observations.addAll(r.observations(source));
      if (!observations.isEmpty()) {
        for (Change c : inventory.record(observations)) {
          if (!c.isFirstSighting()) changes.add(c);
        }
      }
      runLog.results(runId, batch);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  /** The changes (old -> new) the written results caused so far. */
  public List<Change> changes() {
    return List.copyOf(changes);
  }

  /** Waits until every accepted result is written; rethrows the first write failure. */
  @Override
  public void close() throws InterruptedException {
    queue.add(END);
    writer.join();
    RuntimeException f = failure.get();
    if (f != null) throw f;
  }
}

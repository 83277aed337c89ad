package org.otactive.run;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.otactive.inventory.Change;
import org.otactive.inventory.Inventory;
import org.otactive.inventory.Observation;
import org.otactive.probe.Outcome;

/**
 * Writes results to the run log and their observations to the inventory, in batches, off the
 * scan's thread so the store never slows the probes: a writer thread reads the batches and makes
 * their observations, ready to record ({@link Inventory#prepare}: the devices packed); pipelined,
 * a thread records those in the inventory and another then writes the results to the run log, in
 * order ({@link Lane}), else the writer does it all. {@link #close} drains everything.
 *
 * <p>Memory stays bounded whatever the run's size, and the scan never waits for the database: up
 * to {@value #CAPACITY} results wait in memory; when the writer falls further behind, the results
 * that follow are set aside on disk ({@link ResultSpill}) and written, in order, as it catches up.
 * Should the disk refuse them, the sink says it is {@link #congested} (a run then starts no new
 * target) and {@link #accept} waits for room.
 *
 * <p>On a machine of two cores or fewer, while the scan keeps its thread busy every moment
 * ({@link #scanBusy}: a datagram scan at full speed), the writer holds back: the scan, the writer
 * and the JIT compiler would share those cores, and writing alongside cost a /14 scan more CPU
 * than it saved (bench/RESULTS.md). The results wait on disk meanwhile, up to {@value #HOLD_LIMIT}
 * of them, and are written as soon as the scan waits on the network again, or ends.
 */
public final class RecordingSink implements ResultSink, AutoCloseable {
  static final int BATCH = 2_000;
  static final int CAPACITY = 4 * BATCH;
  /** Changes kept for the caller to show; the rest are only counted (the inventory has them all). */
  static final int KEPT_CHANGES = 10_000;
  /** Results set aside beyond which the writer no longer holds back for a busy scan (disk use). */
  static final int HOLD_LIMIT = 1 << 20;
  /** How long a result waits before it looks again for room in a full queue (the disk refused it). */
  private static final long FULL_QUEUE_NAP_NANOS = 1_000_000L;
  /** How long a holding writer sleeps before it looks again, unless woken. */
  private static final long HOLD_NAP_NANOS = 50_000_000L;

  private final BlockingQueue<TargetResult> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final ResultSpill spill = new ResultSpill(BATCH);
  /** While true, results go to the spill (so they stay in order behind those already there). */
  private boolean spilling;
  private volatile boolean spillBroken;
  private volatile boolean closing;
  /** Whether the writer may hold back while the scan is busy: only with no core to spare. */
  private final boolean mayHold;
  private volatile boolean scanBusy;
  /** Times the writer looked and held back (for tests). */
  private final AtomicLong holds = new AtomicLong();
  private final Inventory inventory;
  private final RunLog runLog;
  private final long runId;
  private final String source;
  private final Thread writer;
  /** How long the writer waits for a result when nothing is queued or set aside before it looks again. */
  private final Duration idleWait;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  /**
   * The writer's pipeline, when pipelined (else both null and the writer thread does all three
   * stages): its thread reads batches (from the queue or the spill), makes their observations and
   * does the inventory's work ahead of the transaction (on a first scan of a range, every device
   * packed: the recording's largest part, bench/RESULTS.md); the inventory lane records them; the
   * run-log lane then writes the results. Each stage on a core of its own when the scan is over
   * and thousands of results wait.
   */
  private final Lane<Batch> inventoryLane;
  private final Lane<List<TargetResult>> runLogLane;
  /** Results handed to the lanes and not written to the run log yet. */
  private final AtomicLong inLanes = new AtomicLong();

  /** A batch of results and their observations made ready to record. */
  private record Batch(List<TargetResult> results, Inventory.Prepared observations) {}
  /** Values that replaced an earlier, different value (first sightings are not kept here). */
  private final List<Change> changes = new ArrayList<>();
  private final AtomicLong changeCount = new AtomicLong();

  /**
   * @param pipelined whether the inventory and the run log get threads of their own (a one-off
   *     scan, which waits for its results to be written); the service's scans leave the cores and
   *     the database to an operator's commands, an emergency stop first (bench/RESULTS.md)
   */
  public RecordingSink(Inventory inventory, RunLog runLog, long runId, String source, boolean pipelined) {
    this(inventory, runLog, runId, source, Duration.ofMillis(50), Runtime.getRuntime().availableProcessors(), pipelined);
  }

  /** @param cores the machine's cores: the writer holds back for a busy scan only with two or fewer */
  RecordingSink(Inventory inventory, RunLog runLog, long runId, String source, Duration idleWait, int cores,
      boolean pipelined) {
    this.mayHold = cores <= 2;
    this.inventory = inventory;
    this.runLog = runLog;
    this.runId = runId;
    this.source = source;
    this.idleWait = idleWait;
    this.runLogLane = pipelined ? new Lane<>("run-log-writer", 2, this::writeResults, failure) : null;
    this.inventoryLane = pipelined ? new Lane<>("inventory-writer", 2, this::record, failure) : null;
    this.writer = Thread.ofPlatform().name("result-writer").start(this::drain);
  }

  /** Put in the queue by {@link #close} so an idle writer notices at once; never written. */
  private static final TargetResult WAKE_UP = new TargetResult(java.net.InetAddress.getLoopbackAddress(),
      new Outcome.Failed("the writer's wake-up call"), Instant.EPOCH);

  @Override
  public void accept(TargetResult result) {
    synchronized (this) {
      if (!spilling && queue.offer(result)) return;
      if (setAside(s -> s.add(result))) return;
    }
    // The disk refused: wait for room in the queue, and behind the results set aside before (the
    // writer reads those back first; a result put in the queue now would overtake them).
    boolean interrupted = false;
    try {
      while (true) {
        synchronized (this) {
          if (!spilling && queue.offer(result)) return;
        }
        if (!writer.isAlive()) return; // it cannot die but by a bug; close() then says why
        LockSupport.parkNanos(this, FULL_QUEUE_NAP_NANOS);
        if (Thread.interrupted()) interrupted = true; // nothing is dropped: wait on, then say so
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  /**
   * A batch in one go: into the queue when it has room for all of it, else set aside whole in the
   * packed form the batch carries (the other sinks of a one-off scan set the same bytes aside).
   */
  @Override
  public void acceptAll(ResultBatch batch) {
    List<TargetResult> rest = batch.results();
    synchronized (this) {
      if (!spilling && queue.remainingCapacity() >= batch.size()) {
        int i = 0;
        while (i < rest.size() && queue.offer(rest.get(i))) i++;
        if (i == rest.size()) return;
        rest = rest.subList(i, rest.size()); // close()'s wake-up took the room: the rest one by one
      } else if (setAside(s -> s.addAll(batch))) {
        return;
      }
    }
    for (TargetResult r : rest) accept(r);
  }

  /**
   * Sets results aside on disk, and all that follow until the writer has read them back (so they
   * stay in order); false once the disk refused. Called with this sink's lock held.
   */
  private boolean setAside(java.util.function.Consumer<ResultSpill> add) {
    if (spillBroken) return false;
    try {
      spilling = true;
      add.accept(spill);
      return true;
    } catch (UncheckedIOException e) {
      spillBroken = true; // no room on disk: from now on the scan waits for the writer
      return false;
    }
  }

  @Override
  public boolean congested() {
    return spillBroken && queue.remainingCapacity() < BATCH;
  }

  @Override
  public void scanBusy(boolean busy) {
    scanBusy = busy;
    if (!busy) LockSupport.unpark(writer);
  }

  /** Whether the writer holds back now: a busy scan on a small machine, and room on disk. */
  private boolean holding() {
    return mayHold && scanBusy && !closing && !spillBroken && spill.size() < HOLD_LIMIT;
  }

  /** How many times the writer looked and held back for a busy scan. */
  long holds() {
    return holds.get();
  }

  /** Results accepted and not written yet. */
  public long waiting() {
    return queue.size() + spill.size() + inLanes.get();
  }

  private void drain() {
    try {
      readAndPrepare();
    } finally {
      if (inventoryLane != null) {
        inventoryLane.finish(); // it may still hand batches to the run-log lane
        runLogLane.finish();
      }
    }
  }

  private void readAndPrepare() {
    while (true) {
      if (holding()) {
        holds.incrementAndGet();
        LockSupport.parkNanos(this, HOLD_NAP_NANOS); // woken when the scan waits again, or closes
        continue;
      }
      // The queue holds results older than those set aside: the queue first, then the spill, and
      // a wait only when neither holds any (waiting on an empty queue while results sat on disk
      // cost a /14 scan four seconds, bench/RESULTS.md).
      List<TargetResult> batch = new ArrayList<>();
      queue.drainTo(batch, BATCH);
      if (batch.isEmpty()) {
        synchronized (this) {
          // Again under the lock: between the look above and here the scan may have filled the
          // queue and begun to set results aside, and those in the queue are the older ones (taking
          // the spill first wrote a run's results out of order, one run in about seventy).
          queue.drainTo(batch, BATCH);
          if (batch.isEmpty() && spilling) {
            try {
              batch = takeSetAside();
            } catch (UncheckedIOException e) {
              failure.compareAndSet(null, e);
              batch = List.of();
            }
            if (batch.isEmpty()) spilling = false;
          }
          if (batch.isEmpty() && closing && queue.isEmpty()) return;
        }
      }
      if (batch.isEmpty()) {
        try {
          TargetResult first = queue.poll(idleWait.toNanos(), TimeUnit.NANOSECONDS);
          if (first != null) {
            batch = new ArrayList<>();
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
          }
        } catch (InterruptedException e) {
          closing = true;
        }
      }
      prepare(withoutWakeUp(batch));
    }
  }

  /**
   * Up to a batch of the results set aside, read back in order. The spill holds them in the blocks
   * they came in (a one-off scan's hand-off sets aside 256 at a time): read one block a batch, a
   * /14 took a transaction and a run-log row per 256 results instead of per 2,000.
   */
  private List<TargetResult> takeSetAside() {
    List<TargetResult> first = spill.take();
    if (first.isEmpty() || first.size() >= BATCH) return first;
    List<TargetResult> batch = new ArrayList<>(BATCH + HandOffSink.BATCH);
    batch.addAll(first);
    while (batch.size() < BATCH) {
      List<TargetResult> more = spill.take();
      if (more.isEmpty()) break;
      batch.addAll(more);
    }
    return batch;
  }

  private static List<TargetResult> withoutWakeUp(List<TargetResult> batch) {
    for (TargetResult r : batch) {
      if (r == WAKE_UP) {
        List<TargetResult> out = new ArrayList<>(batch);
        out.removeIf(x -> x == WAKE_UP);
        return out;
      }
    }
    return batch;
  }

  private void prepare(List<TargetResult> batch) {
    if (batch.isEmpty()) return;
    inLanes.addAndGet(batch.size()); // still waiting while they are prepared
    Batch ready;
    try {
      List<Observation> observations = new ArrayList<>(batch.size() * 2);
      for (TargetResult r : batch) observations.addAll(r.observations(source));
      // The inventory's work ahead of its transaction, here: the inventory lane is the longer stage.
      ready = new Batch(batch, inventory.prepare(observations));
    } catch (RuntimeException e) {
      inLanes.addAndGet(-batch.size()); // neither recorded nor written to the run log
      failure.compareAndSet(null, e);
      return;
    }
    if (inventoryLane != null) {
      inventoryLane.put(ready);
      return;
    }
    try {
      record(ready);
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void record(Batch batch) {
    // Observations first, then the results: a crash in between leaves targets without a result,
    // which a resumed run asks again (a repeat confirms the same values); never a result whose
    // observations were lost. A batch whose observations failed is not written to the run log.
    try {
      if (!batch.observations().observations().isEmpty()) {
        for (Change c : inventory.record(batch.observations())) {
          if (c.isFirstSighting()) continue;
          changeCount.incrementAndGet();
          synchronized (changes) {
            if (changes.size() < KEPT_CHANGES) changes.add(c);
          }
        }
      }
    } catch (RuntimeException e) {
      inLanes.addAndGet(-batch.results().size());
      throw e;
    }
    if (runLogLane != null) runLogLane.put(batch.results());
    else writeResults(batch.results());
  }

  private void writeResults(List<TargetResult> results) {
    try {
      runLog.results(runId, results);
    } finally {
      inLanes.addAndGet(-results.size());
    }
  }

  /** The changes (old -> new) the written results caused so far: the first {@value #KEPT_CHANGES}. */
  public List<Change> changes() {
    synchronized (changes) {
      return List.copyOf(changes);
    }
  }

  /** How many changes the written results caused so far. */
  public long changeCount() {
    return changeCount.get();
  }

  /** Waits until every accepted result is written; rethrows the first write failure. */
  @Override
  public void close() throws InterruptedException {
    closing = true;
    queue.offer(WAKE_UP); // when the queue is full, the writer is busy and sees closing anyway
    LockSupport.unpark(writer); // a writer holding back for a busy scan
    try {
      writer.join(); // it finishes the lanes before it ends
    } finally {
      spill.close();
    }
    RuntimeException f = failure.get();
    if (f != null) throw f;
  }
}

package org.otactive.run;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.otactive.probe.DatagramProbe;
import org.otactive.probe.Outcome;
import org.otactive.probe.Probe;
import org.otactive.probe.Target;
import org.otactive.safety.Blocked;
import org.otactive.safety.DeviceSlot;
import org.otactive.safety.Gate;

/**
 * One run of one method over a list of targets. Building it sends nothing; {@link #start} does the
 * work, each target on a virtual thread, every packet through the gate, and returns when every
 * target has an outcome or the run was stopped. Use once.
 */
public final class ScanRun {
  /** Targets being probed at once; the gate's per-server caps bound what is in flight. */
  public static final int DEFAULT_CONCURRENCY = 512;

  private final long id;
  private final Probe probe;
  private final Iterable<InetAddress> targets;
  private final long targetCount;
  private final Gate gate;
  private final InstantSource clock;
  private final ResultSink sink;
  private final ProgressListener progress;
  private final int concurrency;
  private final AtomicBoolean started = new AtomicBoolean();

  public ScanRun(
      long id,
      Probe probe,
      Iterable<InetAddress> targets,
      long targetCount,
      Gate gate,
      InstantSource clock,
      ResultSink sink,
      ProgressListener progress,
      int concurrency) {
    this.id = id;
    this.probe = probe;
    this.targets = targets;
    this.targetCount = targetCount;
    this.gate = gate;
    this.clock = clock;
    this.sink = sink;
    this.progress = progress;
    this.concurrency = concurrency;
  }

  /** Stops the run: no packet leaves after this returns; in-flight exchanges are abandoned. */
  public void stop(String reason) {
    gate.stopSwitch().stop(reason);
  }

  public RunReport start() throws InterruptedException, IOException {
    if (!started.compareAndSet(false, true)) throw new IllegalStateException("a run starts once");
    Instant begun = clock.instant();
    Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    AtomicLong done = new AtomicLong();
    RunState state = RunState.COMPLETED;
    long unmatched = 0;
    try (Network network = new Network(gate)) {
      DatagramEngine.Outcomes outcomes = new DatagramEngine.Outcomes() {
        @Override
        public void done(InetAddress address, Outcome outcome) {
          // A target cut short by a stop, deadline or closing window is not done: it has no
          // result, so a resumed run asks it again (and only it).
          // (openOrNull first: a closing window or deadline may not have thrown the switch yet.)
          if (outcome instanceof Outcome.Blocked && (!openOrNull() || gate.stopSwitch().isStopped())) return;
          TargetResult result = new TargetResult(address, outcome, clock.instant());
          byKind.computeIfAbsent(outcome.kind(), k -> new LongAdder()).increment();
          sink.accept(result);
          progress.progress(done.incrementAndGet(), targetCount, result);
        }

        @Override
        public boolean congested() {
          return sink.congested();
        }

        @Override
        public void busy(boolean busy) {
          sink.scanBusy(busy);
        }
      };
      if (probe instanceof DatagramProbe datagrams) {
        // One thread drives every conversation; see DatagramEngine.
        DatagramEngine engine = new DatagramEngine(datagrams, gate, network, clock, targets.iterator(), gate.infrastructure(),
            concurrency, outcomes);
        engine.run();
        openOrNull(); // a passed deadline or closed window becomes the stop's reason
        unmatched = engine.unmatched();
      } else {
        crew(network, outcomes);
      }
      unmatched += network.unmatchedReplies();
      if (gate.stopSwitch().isStopped()) {
        String why = gate.stopSwitch().reason();
        state = why.startsWith(DEADLINE) ? RunState.DEADLINE_REACHED
            : why.startsWith(WINDOW_CLOSED) ? RunState.WAITING_WINDOW : RunState.STOPPED;
      }
      Map<String, Long> counts = new java.util.TreeMap<>();
      byKind.forEach((k, v) -> counts.put(k, v.sum()));
      return new RunReport(id, probe.spec().id(), state, gate.stopSwitch().reason(), begun, clock.instant(),
          targetCount, done.get(), counts, gate.admitted(), gate.sendRate(), unmatched);
    }
  }

  /**
   * A fixed crew of virtual threads, each taking the next target when done with one: no thread and
   * no slot hand-over per target, and never more targets in the air than the crew. For probes that
   * need a thread per target (TCP conversations).
   */
  private void crew(Network network, DatagramEngine.Outcomes outcomes) throws InterruptedException {
    Iterator<InetAddress> next = targets.iterator();
    List<Thread> crew = new ArrayList<>(concurrency);
    for (int i = 0; i < concurrency; i++) {
      crew.add(Thread.ofVirtual().name("probe-", i).start(() -> {
        InetAddress address;
        while (openOrNull() && (address = take(next)) != null) {
          outcomes.done(address, probeOne(new Target(address), network));
        }
      }));
    }
    for (Thread t : crew) {
      while (!t.join(Duration.ofMillis(50))) {
        openOrNull(); // turns a passed deadline into a stop so waiting probes give up
      }
    }
  }

  private static final String DEADLINE = "deadline";
  /** The stop reason prefix of a run paused by the end of its maintenance window. */
  public static final String WINDOW_CLOSED = "window closed";


  private final ReentrantLock takeLock = new ReentrantLock();

  /** The next target, or null when none is left; a lock, not synchronized, so no carrier pins. */
  private InetAddress take(Iterator<InetAddress> next) {
    takeLock.lock();
    try {
      return next.hasNext() ? next.next() : null;
    } finally {
      takeLock.unlock();
    }
  }

  /** False once stopped; a passed deadline throws the stop switch with a deadline reason. */
  private boolean openOrNull() {
    try {
      gate.checkOpen();
      return true;
    } catch (Blocked b) {
      if (b.reason() == Blocked.Reason.DEADLINE) gate.stopSwitch().stop(DEADLINE + ": " + b.getMessage());
      if (b.reason() == Blocked.Reason.OUTSIDE_WINDOW) gate.stopSwitch().stop(WINDOW_CLOSED + ": " + b.getMessage());
      return false;
    }
  }

  private Outcome probeOne(Target target, Network network) {
    RunContext context = new RunContext(target, network, clock);
    try {
      // A target the method does not apply to is told so without a packet: no device slot, and
      // it does not count against the device cap. Should the probe send anyway, the gate refuses.
      if (!probe.appliesTo(target)) return probe.probe(target, context);
      try (DeviceSlot slot = gate.holdDevice(target.address())) {
        return probe.probe(target, context);
      }
    } catch (Blocked b) {
      return new Outcome.Blocked(b.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome.Blocked("interrupted");
    } catch (RuntimeException e) {
      // A probe bug must not end the run; the target gets the error as its outcome.
      return new Outcome.ProtocolError("internal error: " + e);
    }
  }

}

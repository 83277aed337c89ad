package org.otactive.cli;

import java.io.PrintWriter;
import java.util.concurrent.LinkedBlockingQueue;
import org.otactive.common.Text;
import org.otactive.supervise.ActiveLegs;

/**
 * Writes each stop switch the service throws to its log, off the halting thread (which must not
 * wait for I/O): one line per switch, led by the wall-clock time read just before the throw, with
 * the monotonic time beside it, e.g. {@code 2026-12-02T10:00:00.123456Z otactive serve: run 3:
 * switch thrown (stop) at monotonic 81234567890123 ns: stopped by olga: pump 3 alarm}.
 */
final class SwitchLog implements AutoCloseable {
  private static final ActiveLegs.Thrown END = new ActiveLegs.Thrown(-1, null, null, 0, null);

  private final PrintWriter out;
  private final LinkedBlockingQueue<ActiveLegs.Thrown> queue = new LinkedBlockingQueue<>();
  private final Thread writer;

  SwitchLog(PrintWriter out) {
    this.out = out;
    this.writer = Thread.ofVirtual().name("switch-log").start(this::write);
  }

  /** Called on the halting thread: only queues. */
  void thrown(ActiveLegs.Thrown t) {
    queue.add(t);
  }

  static String line(ActiveLegs.Thrown t) {
    return t.at() + " otactive serve: run " + t.runId() + ": switch thrown (" + t.intent().name().toLowerCase(java.util.Locale.ROOT)
        + ") at monotonic " + t.monotonicNanos() + " ns: " + Text.printable(t.reason());
  }

  private void write() {
    try {
      for (ActiveLegs.Thrown t; (t = queue.take()) != END; ) {
        out.println(line(t));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued (the switches a shutdown throws included), then ends. */
  @Override
  public void close() {
    queue.add(END);
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

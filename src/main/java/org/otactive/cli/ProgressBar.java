package org.otactive.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.otactive.run.ProgressListener;
import org.otactive.run.TargetResult;

/** A one-line progress bar redrawn at most ten times a second, erased by {@link #finish}. */
final class ProgressBar implements ProgressListener {
  private static final long REDRAW_NANOS = 100_000_000L;
  private final PrintWriter out;
  private final long startNanos = System.nanoTime();
  private final AtomicLong lastDraw = new AtomicLong(startNanos - REDRAW_NANOS);

  ProgressBar(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void progress(long done, long total, TargetResult last) {
    long now = System.nanoTime();
    long prev = lastDraw.get();
    if ((now - prev < REDRAW_NANOS && done != total) || !lastDraw.compareAndSet(prev, now)) return;
    draw(done, total, now);
  }

  private synchronized void draw(long done, long total, long now) {
    int width = 30;
    int filled = total == 0 ? width : (int) (width * done / total);
    double secs = (now - startNanos) / 1e9;
    out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
        + String.format("  %.0f/s", secs > 0 ? done / secs : 0.0));
    out.flush();
  }

  synchronized void finish() {
    out.print("\r\033[K");
    out.flush();
  }
}

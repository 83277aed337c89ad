package org.otactive.run;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Results set aside on disk: a first-in, first-out file of packed batches ({@link ResultCodec}),
 * appended by the scan's side and read back in order. The store's writer keeps what it cannot
 * write yet in one, so the scan never waits for the database; a one-off listing keeps its results
 * in one until it prints them. The heap holds one batch at most, whatever the run's size. The file
 * is a temporary one (owner-only), emptied whenever the reader catches up and deleted on {@link
 * #close}. Thread-safe.
 */
public final class ResultSpill implements Closeable {
  private final int batch;
  private FileChannel file;
  private Path path;
  private long readAt;
  private long writeAt;
  private final List<TargetResult> pending = new ArrayList<>();
  private long count;

  /** @param batch how many results {@link #add} gathers before it writes them to the file */
  public ResultSpill(int batch) {
    this.batch = batch;
  }

  /** Results set aside and not read back yet. */
  public synchronized long size() {
    return count;
  }

  public synchronized void add(TargetResult r) {
    pending.add(r);
    count++;
    if (pending.size() >= batch) flush();
  }

  /** Sets a whole batch aside, after what was added before it, in the packed form it carries. */
  public synchronized void addAll(ResultBatch results) {
    if (results.size() == 0) return;
    if (!pending.isEmpty()) flush();
    write(results.packed());
    count += results.size();
  }

  /**
   * The oldest batch set aside, or an empty list when none is left (the file is then emptied, so
   * it never holds more than the writer's lag).
   */
  public synchronized List<TargetResult> take() {
    if (readAt == writeAt) {
      if (pending.isEmpty()) return List.of();
      List<TargetResult> out = new ArrayList<>(pending);
      pending.clear();
      count -= out.size();
      return out;
    }
    try {
      ByteBuffer len = ByteBuffer.allocate(4);
      readFully(len, readAt);
      ByteBuffer body = ByteBuffer.allocate(len.getInt(0));
      readFully(body, readAt + 4);
      readAt += 4 + body.capacity();
      if (readAt == writeAt) {
        file.truncate(0);
        readAt = 0;
        writeAt = 0;
      }
      List<TargetResult> out = ResultCodec.decode(body.array());
      count -= out.size();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read results set aside: " + e.getMessage(), e);
    }
  }

  private void readFully(ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      if (file.read(b, at + b.position()) < 0) throw new IOException("results file cut short");
    }
  }

  private void flush() {
    write(ResultCodec.encode(pending));
    pending.clear();
  }

  /** Appends one block (its length, then the bytes) to the file, made on first use. */
  private void write(byte[] body) {
    try {
      if (file == null) {
        path = Files.createTempFile("otactive-pending", ".results"); // owner-only on POSIX
        file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
      ByteBuffer b = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
      while (b.hasRemaining()) writeAt += file.write(b, writeAt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set results aside: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (file != null) file.close();
      if (path != null) Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a temporary file left behind goes with the system's temporary files
    }
    file = null;
    path = null;
  }
}

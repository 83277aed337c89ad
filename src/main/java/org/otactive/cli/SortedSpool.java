package org.otactive.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Rows of a listing to print in key order (a one-off run's results by address), however many:
 * at most {@link #CHUNK} rows are held in memory; a full chunk is sorted and written to a
 * temporary file (owner-only), and the chunks are merged when the rows are printed. A scan of a
 * million targets so prints its results sorted with a few megabytes of heap. Keeps the widest
 * cell of each column too, for a table. Thread-safe while adding.
 */
final class SortedSpool implements AutoCloseable {
  static final int CHUNK = 16_384;

  /** One row: its sort key (compared as unsigned bytes) and its cells. */
  record Row(byte[] key, String[] cells) {}

  /** What prints the rows. */
  @FunctionalInterface
  interface Printer {
    void print(Row row) throws IOException;
  }

  private static final Comparator<Row> ORDER = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

  private final int[] widths;
  private final int chunkSize;
  private List<Row> chunk = new ArrayList<>();
  private final List<Path> spills = new ArrayList<>();

  SortedSpool(int columns) {
    this(columns, CHUNK);
  }

  SortedSpool(int columns, int chunkSize) {
    this.widths = new int[columns];
    this.chunkSize = chunkSize;
  }

  synchronized void add(byte[] key, String[] cells) {
    for (int i = 0; i < widths.length && i < cells.length; i++) widths[i] = Math.max(widths[i], cells[i].length());
    chunk.add(new Row(key, cells));
    if (chunk.size() >= chunkSize) {
      try {
        spill();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the results aside: " + e.getMessage(), e);
      }
    }
  }

  /** The widest cell of each column so far. */
  synchronized int[] widths() {
    return widths.clone();
  }

  /** Files written aside so far (for tests: memory stays bounded). */
  synchronized int spilled() {
    return spills.size();
  }

  private void spill() throws IOException {
    chunk.sort(ORDER);
    Path file = Files.createTempFile("otactive-results", ".spool"); // owner-only on POSIX
    spills.add(file);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
      for (Row r : chunk) {
        out.writeShort(r.key().length);
        out.write(r.key());
        out.writeShort(r.cells().length);
        for (String c : r.cells()) {
          byte[] b = c.getBytes(StandardCharsets.UTF_8);
          out.writeInt(b.length);
          out.write(b);
        }
      }
    }
    chunk = new ArrayList<>();
  }

  /** Prints every row in key order (rows with equal keys in no particular order). */
  synchronized void print(Printer printer) throws IOException {
    chunk.sort(ORDER);
    if (spills.isEmpty()) {
      for (Row r : chunk) printer.print(r);
      return;
    }
    List<Source> sources = new ArrayList<>();
    try {
      for (Path p : spills) sources.add(new FileSource(p));
      sources.add(new ListSource(chunk));
      PriorityQueue<Source> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.head(), b.head()));
      for (Source s : sources) if (s.advance()) heads.add(s);
      while (!heads.isEmpty()) {
        Source s = heads.poll();
        printer.print(s.head());
        if (s.advance()) heads.add(s);
      }
    } finally {
      for (Source s : sources) s.close();
    }
  }

  @Override
  public synchronized void close() {
    for (Path p : spills) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // a temporary file left behind is removed with the system's temporary files
      }
    }
    spills.clear();
    chunk = new ArrayList<>();
  }

  /** A sorted run of rows being merged. */
  private interface Source extends AutoCloseable {
    boolean advance() throws IOException;

    Row head();

    @Override
    void close() throws IOException;
  }

  private static final class ListSource implements Source {
    private final List<Row> rows;
    private int next;
    private Row head;

    ListSource(List<Row> rows) {
      this.rows = rows;
    }

    @Override
    public boolean advance() {
      head = next < rows.size() ? rows.get(next++) : null;
      return head != null;
    }

    @Override
    public Row head() {
      return head;
    }

    @Override
    public void close() {}
  }

  private static final class FileSource implements Source {
    private final DataInputStream in;
    private Row head;

    FileSource(Path file) throws IOException {
      this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    }

    @Override
    public boolean advance() throws IOException {
      int keyLength;
      try {
        keyLength = in.readUnsignedShort();
      } catch (EOFException end) {
        head = null;
        return false;
      }
      byte[] key = in.readNBytes(keyLength);
      String[] cells = new String[in.readUnsignedShort()];
      for (int i = 0; i < cells.length; i++) cells[i] = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
      head = new Row(key, cells);
      return true;
    }

    @Override
    public Row head() {
      return head;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

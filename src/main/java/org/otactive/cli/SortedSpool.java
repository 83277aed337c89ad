package org.otactive.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.otactive.common.Packing;

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
    // Packed in memory and written at once; a cell equal to the one above it (a method's detail,
    // an outcome's kind: most of a scan's cells) is written as a mark and read back as that cell.
    Packing.Writer out = new Packing.Writer(chunk.size() * 64);
    String[] above = null;
    for (Row r : chunk) {
      Packing.varint(out, r.key().length);
      out.write(r.key(), 0, r.key().length);
      String[] cells = r.cells();
      Packing.varint(out, cells.length);
      for (int i = 0; i < cells.length; i++) {
        String c = cells[i];
        if (above != null && i < above.length && (c == above[i] || c.equals(above[i]))) {
          out.write(0);
        } else {
          byte[] b = c.getBytes(StandardCharsets.UTF_8);
          Packing.varint(out, b.length + 1L);
          out.write(b, 0, b.length);
        }
      }
      above = cells;
    }
    try (OutputStream o = Files.newOutputStream(file)) {
      out.writeTo(o);
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

  /** A spilled chunk read back through a buffer of its own (no lock per byte read). */
  private static final class FileSource implements Source {
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private Row head;

    FileSource(Path file) throws IOException {
      this.in = Files.newInputStream(file);
    }

    @Override
    public boolean advance() throws IOException {
      if (!available(1)) {
        head = null;
        return false;
      }
      byte[] key = bytes((int) varint());
      String[] cells = new String[(int) varint()];
      String[] above = head == null ? null : head.cells();
      for (int i = 0; i < cells.length; i++) {
        int length = (int) varint();
        if (length == 0) {
          if (above == null || i >= above.length) throw new IOException("damaged results spool: no cell above");
          cells[i] = above[i];
        } else {
          need(length - 1);
          cells[i] = new String(buf, pos, length - 1, StandardCharsets.UTF_8);
          pos += length - 1;
        }
      }
      head = new Row(key, cells);
      return true;
    }

    private long varint() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        need(1);
        int x = buf[pos++] & 0xff;
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) return v;
      }
      throw new IOException("damaged results spool: bad length");
    }

    private byte[] bytes(int n) throws IOException {
      need(n);
      pos += n;
      return Arrays.copyOfRange(buf, pos - n, pos);
    }

    private void need(int n) throws IOException {
      if (!available(n)) throw new EOFException("results spool cut short");
    }

    /** Whether {@code n} more bytes are there, reading on as needed. */
    private boolean available(int n) throws IOException {
      if (limit - pos >= n) return true;
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
      if (n > buf.length) buf = Arrays.copyOf(buf, n);
      while (limit < n) {
        int read = in.read(buf, limit, buf.length - limit);
        if (read < 0) return false;
        limit += read;
      }
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

package org.otactive.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.otactive.common.Packing;

/**
 * Items of a listing to print in key order (a one-off run's results by address), however many: at
 * most {@link #CHUNK} items are held in memory; a full chunk is sorted and written to a temporary
 * file (owner-only) in the compact form its {@link Format} gives, and the chunks are merged when
 * the items are printed. A scan of a million targets so prints its results sorted with a few
 * megabytes of heap, and what an item becomes on the page is worked out only when it is printed
 * (after a scan, not beside it). Thread-safe while adding; {@link #print} may run more than once.
 */
final class SortedSpool<T> implements AutoCloseable {
  static final int CHUNK = 16_384;

  /** One item and its sort key (compared as unsigned bytes). */
  record Row<T>(byte[] key, T item) {}

  /** What prints the items. */
  @FunctionalInterface
  interface Printer<T> {
    void print(T item) throws IOException;
  }

  /**
   * How items are written to a chunk's file and read back. A chunk is written by one {@link
   * #writer} and read by one {@link #reader}, each in order, so they may keep state (texts seen).
   */
  interface Format<T> {
    ItemWriter<T> writer();

    ItemReader<T> reader();
  }

  interface ItemWriter<T> {
    void write(Packing.Writer out, T item);
  }

  interface ItemReader<T> {
    /** @throws IllegalStateException when the bytes are damaged */
    T read(Packing.Reader in);
  }

  private static final Comparator<Row<?>> ORDER = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

  private final Format<T> format;
  private final int chunkSize;
  private List<Row<T>> chunk = new ArrayList<>();
  private final List<Path> spills = new ArrayList<>();

  SortedSpool(Format<T> format) {
    this(format, CHUNK);
  }

  SortedSpool(Format<T> format, int chunkSize) {
    this.format = format;
    this.chunkSize = chunkSize;
  }

  synchronized void add(byte[] key, T item) {
    chunk.add(new Row<>(key, item));
    if (chunk.size() >= chunkSize) {
      try {
        spill();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the results aside: " + e.getMessage(), e);
      }
    }
  }

  /** Files written aside so far (for tests: memory stays bounded). */
  synchronized int spilled() {
    return spills.size();
  }

  private void spill() throws IOException {
    chunk.sort(ORDER);
    Path file = Files.createTempFile("otactive-results", ".spool"); // owner-only on POSIX
    spills.add(file);
    // Packed in memory and written at once: per item its key and its bytes, each after its length.
    Packing.Writer out = new Packing.Writer(chunk.size() * 48);
    Packing.Writer item = new Packing.Writer(256);
    ItemWriter<T> writer = format.writer();
    for (Row<T> r : chunk) {
      Packing.varint(out, r.key().length);
      out.write(r.key(), 0, r.key().length);
      item.reset();
      writer.write(item, r.item());
      Packing.varint(out, item.size());
      out.write(item);
    }
    try (OutputStream o = Files.newOutputStream(file)) {
      out.writeTo(o);
    }
    chunk = new ArrayList<>();
  }

  /** Prints every item in key order (items with equal keys in no particular order). */
  synchronized void print(Printer<? super T> printer) throws IOException {
    chunk.sort(ORDER);
    if (spills.isEmpty()) {
      for (Row<T> r : chunk) printer.print(r.item());
      return;
    }
    List<Source<T>> sources = new ArrayList<>();
    try {
      for (Path p : spills) sources.add(new FileSource<>(p, format.reader()));
      sources.add(new ListSource<>(chunk));
      PriorityQueue<Source<T>> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.head(), b.head()));
      for (Source<T> s : sources) if (s.advance()) heads.add(s);
      while (!heads.isEmpty()) {
        Source<T> s = heads.poll();
        printer.print(s.head().item());
        if (s.advance()) heads.add(s);
      }
    } finally {
      for (Source<T> s : sources) s.close();
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

  /** A sorted run of items being merged. */
  private interface Source<T> extends AutoCloseable {
    boolean advance() throws IOException;

    Row<T> head();

    @Override
    void close() throws IOException;
  }

  private static final class ListSource<T> implements Source<T> {
    private final List<Row<T>> rows;
    private int next;
    private Row<T> head;

    ListSource(List<Row<T>> rows) {
      this.rows = rows;
    }

    @Override
    public boolean advance() {
      head = next < rows.size() ? rows.get(next++) : null;
      return head != null;
    }

    @Override
    public Row<T> head() {
      return head;
    }

    @Override
    public void close() {}
  }

  /** A spilled chunk read back through a buffer of its own (no lock per byte read). */
  private static final class FileSource<T> implements Source<T> {
    private final InputStream in;
    private final ItemReader<T> reader;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private Row<T> head;

    FileSource(Path file, ItemReader<T> reader) throws IOException {
      this.in = Files.newInputStream(file);
      this.reader = reader;
    }

    @Override
    public boolean advance() throws IOException {
      if (!available(1)) {
        head = null;
        return false;
      }
      byte[] key = bytes(length());
      byte[] item = bytes(length());
      try {
        head = new Row<>(key, reader.read(new Packing.Reader(item, "the results spool")));
      } catch (IllegalStateException e) {
        throw new IOException("damaged results spool: " + e.getMessage(), e);
      }
      return true;
    }

    /** A key's or an item's length: far below a megabyte in any spool this class writes. */
    private int length() throws IOException {
      long n = varint();
      if (n > 1 << 20) throw new IOException("damaged results spool: a length of " + n);
      return (int) n;
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
    public Row<T> head() {
      return head;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}

package org.otactive.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;

/**
 * Appends records exactly as commons-csv prints them in {@link CSVFormat#DEFAULT}, faster for
 * cells that need no quotes: a scan's listing is a quarter of a million rows of addresses and
 * host names, and commons-csv's printer looks at every character of every cell through several
 * calls (a third of a /14 command's printing time, bench/RESULTS.md). A cell that is plainly safe
 * (printable ASCII, no quote or comma, not starting with a character up to {@code #}, not
 * ending in a space) is copied as
 * it is; every other cell, the empty one included, is printed by commons-csv itself.
 */
public final class CsvRecords {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT;
  private static final String SEPARATOR = FORMAT.getRecordSeparator();

  private CsvRecords() {}

  /** Appends one record and its line end to {@code out}; a null cell is printed as commons-csv prints it. */
  public static void append(StringBuilder out, String... cells) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      if (cell != null && plain(cell)) {
        if (i > 0) out.append(',');
        out.append(cell);
      } else {
        FORMAT.print(cell, out, i == 0);
      }
    }
    out.append(SEPARATOR);
  }

  /**
   * Records printed to a writer as {@link #append(StringBuilder, String...)} makes them, gathered
   * and handed over 64 K characters at a time: each append to a {@code PrintWriter} takes its lock,
   * and commons-csv's printer took most of a listing of a quarter of a million devices (4.6 s of
   * CPU for `otactive devices --format csv` of a /14, bench/RESULTS.md).
   */
  public static final class Printer {
    private final Appendable out;
    private final StringBuilder pending = new StringBuilder(1 << 17);

    /** @param header the first record */
    public Printer(Appendable out, String... header) throws IOException {
      this.out = out;
      append(pending, header);
    }

    /** One record. */
    public void print(String... cells) throws IOException {
      append(pending, cells);
      if (pending.length() >= 1 << 16) {
        out.append(pending);
        pending.setLength(0);
      }
    }

    /** Hands over what is gathered (the caller flushes its writer). */
    public void finish() throws IOException {
      out.append(pending);
      pending.setLength(0);
    }
  }

  /**
   * Records as UTF-8 bytes, gathered before they are written to a stream: a file of a scan's
   * results is written from here, without the text being copied into a writer, widened to
   * characters and encoded back to bytes a character at a time (half of a /14 command's printing,
   * bench/RESULTS.md).
   */
  public static final class Bytes {
    private static final byte[] SEPARATOR_BYTES = SEPARATOR.getBytes(StandardCharsets.UTF_8);
    private byte[] buffer = new byte[1 << 16];
    private int size;
    /**
     * Per column, the last cell's text and what it became (its bytes, or its quoted form with the
     * comma before it): the outcome and its detail repeat row after row, as the same text.
     */
    private String[] lastText = new String[8];
    private byte[][] lastBytes = new byte[8][];
    private boolean[] lastPlain = new boolean[8];

    /** How many bytes are gathered and not written yet. */
    public int size() {
      return size;
    }

    /** Writes what is gathered to {@code out} and starts again empty. */
    public void writeTo(OutputStream out) throws IOException {
      out.write(buffer, 0, size);
      size = 0;
    }

    @Override
    public String toString() {
      return new String(buffer, 0, size, StandardCharsets.UTF_8);
    }

    private void put(byte[] b) {
      if (size + b.length > buffer.length) buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, size + b.length));
      System.arraycopy(b, 0, buffer, size, b.length);
      size += b.length;
    }

    private void put(byte b) {
      if (size == buffer.length) buffer = Arrays.copyOf(buffer, 2 * buffer.length);
      buffer[size++] = b;
    }
  }

  /**
   * Appends one record and its line end to {@code out} as UTF-8: the bytes of the text {@link
   * #append(StringBuilder, String...)} appends.
   */
  public static void append(Bytes out, String... cells) throws IOException {
    if (cells.length > out.lastText.length) {
      out.lastText = Arrays.copyOf(out.lastText, cells.length);
      out.lastBytes = Arrays.copyOf(out.lastBytes, cells.length);
      out.lastPlain = Arrays.copyOf(out.lastPlain, cells.length);
    }
    for (int i = 0; i < cells.length; i++) {
      String text = cells[i];
      byte[] cell;
      boolean plain;
      if (text == out.lastText[i]) { // the very same text as above it: known already
        cell = out.lastBytes[i];
        plain = out.lastPlain[i];
      } else {
        // An ASCII text's UTF-8 bytes are a copy of the text's own bytes: no look at each character.
        cell = text.getBytes(StandardCharsets.UTF_8);
        plain = plain(cell);
        if (!plain) {
          StringBuilder quoted = new StringBuilder(cell.length + 8);
          FORMAT.print(text, quoted, i == 0);
          cell = quoted.toString().getBytes(StandardCharsets.UTF_8);
        }
        out.lastText[i] = text;
        out.lastBytes[i] = cell;
        out.lastPlain[i] = plain;
      }
      if (plain && i > 0) out.put((byte) ',');
      out.put(cell);
    }
    out.put(Bytes.SEPARATOR_BYTES);
  }

  /** {@link #plain(String)} of a text's UTF-8 bytes (any byte of a character past ASCII is negative). */
  static boolean plain(byte[] cell) {
    int n = cell.length;
    if (n == 0 || cell[0] <= '#' || cell[n - 1] <= ' ') return false;
    for (byte b : cell) {
      if (b < ' ' || b == 0x7f || b == '"' || b == ',') return false;
    }
    return true;
  }

  /** Whether commons-csv prints {@code cell} unquoted as it is (a conservative look: false may still be). */
  static boolean plain(String cell) {
    int n = cell.length();
    if (n == 0 || cell.charAt(0) <= '#' || cell.charAt(n - 1) <= ' ') return false;
    for (int i = 0; i < n; i++) {
      char c = cell.charAt(i);
      if (c < ' ' || c >= 0x7f || c == '"' || c == ',') return false;
    }
    return true;
  }
}

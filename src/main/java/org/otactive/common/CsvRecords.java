package org.otactive.common;

import java.io.IOException;
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

  /** Appends one record and its line end to {@code out}. */
  public static void append(StringBuilder out, String... cells) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      if (plain(cell)) {
        if (i > 0) out.append(',');
        out.append(cell);
      } else {
        FORMAT.print(cell, out, i == 0);
      }
    }
    out.append(SEPARATOR);
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

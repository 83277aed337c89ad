package org.otactive.cli;

import java.io.PrintWriter;
import java.util.List;

/** Plain-text tables with columns padded to their widest cell. */
final class Tables {
  private Tables() {}

  static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) width[i] = header.get(i).length();
    for (List<String> row : rows) {
      for (int i = 0; i < width.length; i++) width[i] = Math.max(width[i], cell(row, i).length());
    }
    printRow(out, header, width);
    for (List<String> row : rows) printRow(out, row, width);
    out.flush();
  }

  private static String cell(List<String> row, int i) {
    String s = i < row.size() ? row.get(i) : "";
    return s == null ? "" : s;
  }

  /** One row padded to {@code width}: a table printed a row at a time, its widths known beforehand. */
  static void printRow(PrintWriter out, List<String> row, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < width.length; i++) {
      String c = cell(row, i);
      sb.append(c);
      if (i < width.length - 1) sb.append(" ".repeat(width[i] - c.length() + 2));
    }
    out.println(sb.toString().stripTrailing());
  }
}

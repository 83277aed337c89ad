package org.otactive.supervise;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.probe.SettingTable;
import org.otactive.probe.TableRow;
import org.otactive.common.CsvDialect;

/**
 * A setting table as CSV: exactly its headers (in any order when read, in the table's order when
 * written), one row per line; read separated by commas, semicolons or tabs as its header line is,
 * written with commas. Reading keeps each row's line number, so a bad row is named by it.
 * The command line and the console read and write tables with it alike.
 */
public final class TableCsv {
  private TableCsv() {}

  /** Rows read from a file, each with the line it starts on. */
  public record Read(List<TableRow> rows, List<Integer> lines) {}

  /**
   * Reads {@code text} (a file named {@code file}) as rows of {@code table}.
   *
   * @throws BadInputException naming the file, the line and the bad header or field count
   */
  public static Read read(SettingTable table, String text, String file) {
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    // a spreadsheet in a locale with a decimal comma saves its "CSV" with semicolons
    CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(CsvDialect.delimiter(
            CsvDialect.firstLine(body))).setHeader().setSkipHeaderRecord(true)
        .setIgnoreSurroundingSpaces(true).setAllowMissingColumnNames(true).get();
    try (CSVParser parser = CSVParser.builder().setReader(new StringReader(body)).setFormat(format).get()) {
      List<String> headers = parser.getHeaderNames();
      if (headers.isEmpty()) throw new BadInputException(file + " is empty: the first line names the columns "
          + String.join(",", table.headers()));
      Set<String> seen = new HashSet<>();
      for (String h : headers) {
        if (table.column(h).isEmpty()) {
          throw new BadInputException(file + " line 1: unknown column '" + Text.printable(h) + "' (the columns are "
              + String.join(",", table.headers()) + ")");
        }
        if (!seen.add(h)) throw new BadInputException(file + " line 1: the column " + h + " is named twice");
      }
      for (String h : table.headers()) {
        if (!seen.contains(h)) throw new BadInputException(file + " line 1: the column " + h + " is missing (the columns are "
            + String.join(",", table.headers()) + ")");
      }
      List<TableRow> rows = new ArrayList<>();
      List<Integer> lines = new ArrayList<>();
      for (CSVRecord r : parser) {
        int line = lineOf(body, r.getCharacterPosition());
        if (r.size() != headers.size()) {
          throw new BadInputException(file + " line " + line + ": " + r.size() + " fields, the header names " + headers.size());
        }
        Map<String, String> cells = new LinkedHashMap<>();
        for (String h : table.headers()) cells.put(h, r.get(h));
        rows.add(new TableRow(cells));
        lines.add(line);
      }
      return new Read(rows, lines);
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      if (e instanceof BadInputException b) throw b;
      throw new BadInputException(file + " is not CSV: " + Text.firstLine(e.getMessage()));
    }
  }

  /**
   * The 1-based line a record starts on. The parser gives where it began reading the record, which
   * is before the blank lines it skipped; they are skipped here too.
   */
  private static int lineOf(String text, long position) {
    int start = (int) Math.min(position, text.length());
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) start++;
    int line = 1;
    for (int i = 0; i < start; i++) if (text.charAt(i) == '\n') line++;
    return line;
  }

  /** Writes rows under the table's headers, in its column order. */
  public static void write(SettingTable table, List<TableRow> rows, java.io.Writer out) throws IOException {
    CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(table.headers().toArray(String[]::new)).get());
    for (TableRow r : rows) {
      List<String> cells = new ArrayList<>();
      for (String h : table.headers()) cells.add(r.cell(h));
      csv.printRecord(cells);
    }
    csv.flush();
  }
}

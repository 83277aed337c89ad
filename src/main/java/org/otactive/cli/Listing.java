package org.otactive.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.otactive.common.CsvRecords;
import picocli.CommandLine.Option;

/**
 * Every listing of the command line in the three forms it offers: a table for people, CSV and JSON
 * for programs. Columns are named once, in lower case with dashes ({@code next-start}): the CSV
 * header and the JSON keys use the name, the table its upper-case form ({@code NEXT START}).
 */
final class Listing {
  /** The {@code --format} option, mixed into every command that lists. */
  static final class Format {
    @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
        description = "Output format (default ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.TABLE;
  }

  private Listing() {}

  static ObjectMapper json() {
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
  }

  static void print(PrintWriter out, OutputFormat format, List<String> columns, List<List<String>> rows) throws IOException {
    switch (format) {
      case TABLE -> Tables.print(out, columns.stream().map(c -> c.toUpperCase(Locale.ROOT).replace('-', ' ')).toList(), rows);
      case CSV -> {
        CsvRecords.Printer csv = new CsvRecords.Printer(out, columns.toArray(String[]::new));
        for (List<String> row : rows) csv.print(row.toArray(String[]::new));
        csv.finish();
      }
      case JSON -> {
        List<Map<String, String>> list = new ArrayList<>();
        for (List<String> row : rows) {
          Map<String, String> m = new LinkedHashMap<>();
          for (int i = 0; i < columns.size(); i++) m.put(columns.get(i), i < row.size() ? row.get(i) : null);
          list.add(m);
        }
        json().writeValue(out, list);
        out.println();
      }
    }
    out.flush();
  }
}

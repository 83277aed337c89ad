package org.otactive.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a {@link SettingTable}: its cells by header. A cell not given reads as empty. Values
 * are kept as typed (secrets included: never print a row whole). Immutable.
 */
public record TableRow(Map<String, String> cells) {
  public TableRow {
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    cells.forEach((k, v) -> copy.put(k, v == null ? "" : v));
    cells = Collections.unmodifiableMap(copy);
  }

  /** A row of {@code table} from its cells in column order. */
  public static TableRow of(SettingTable table, String... cells) {
    if (cells.length != table.columns().size()) {
      throw new IllegalArgumentException(table.name() + " has " + table.columns().size() + " columns, not " + cells.length);
    }
    LinkedHashMap<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < cells.length; i++) m.put(table.columns().get(i).header(), cells[i]);
    return new TableRow(m);
  }

  /** The cell under {@code header}, or "" when the row has none. */
  public String cell(String header) {
    return cells.getOrDefault(header, "");
  }

  /** This row with one cell replaced. */
  public TableRow with(String header, String value) {
    LinkedHashMap<String, String> m = new LinkedHashMap<>(cells);
    m.put(header, value);
    return new TableRow(m);
  }

  /** The headers only: a row may hold a secret, and a row printed by mistake must not show it. */
  @Override
  public String toString() {
    return "TableRow" + cells.keySet();
  }

  /** The cells of the table's key columns: what identifies the row across imports. */
  public List<String> key(SettingTable table) {
    List<String> out = new ArrayList<>();
    for (String k : table.key()) out.add(cell(k));
    return out;
  }
}

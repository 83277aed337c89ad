package org.otactive.probe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table of settings a method keeps per site beside its options: rows of cells under fixed column
 * headers, such as Windows Endpoint Monitoring's scan ranges ({@code FROM, TO, USER, PASSWORD,
 * DISABLE}). The one definition becomes the command line's {@code otactive METHOD NAME
 * import|export|list --site S} (CSV with exactly these headers), the store's rows and the
 * console's table; nothing above {@code probe} knows what a table means.
 *
 * <p>Every table follows the same rules, whatever the method:
 *
 * <ul>
 *   <li>An import replaces the whole table, all or nothing; the method checks the rows first
 *       ({@link Method#checkRows}), and a bad row is named by its line.
 *   <li>The cells of the {@link #key} columns together identify a row across imports; two rows of
 *       one table may not share them.
 *   <li>A secret column's cells are sealed in the secret store; listings show only whether each is
 *       set, and exports leave them empty unless an admin asks with a reason (audited).
 *   <li>An empty secret cell in an import keeps the secret stored for the row with the same key, so
 *       an exported file imports back unchanged. A required column's cell may not be empty (a
 *       required secret's may, when a stored one is kept that way).
 * </ul>
 *
 * <p>Immutable.
 *
 * @param name a lower-case word, the command's name: {@code ranges}
 * @param description one sentence: what a row means
 * @param columns the columns, in the order files and listings show them
 * @param key the headers whose cells identify a row
 */
public record SettingTable(String name, String description, List<Column> columns, List<String> key) {
  /** The most rows one table holds. */
  public static final int MAX_ROWS = 10_000;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z][A-Za-z0-9_ -]{0,31}");

  /**
   * One column.
   *
   * @param header the exact CSV header, e.g. {@code FROM}
   * @param description one sentence of help: what the cell holds, e.g. an example
   * @param required whether a row needs a non-empty cell here
   * @param secret whether the cell is a secret (a password)
   */
  public record Column(String header, String description, boolean required, boolean secret) {
    public Column {
      Objects.requireNonNull(description, "description");
      if (header == null || !HEADER.matcher(header).matches()) throw new IllegalArgumentException("bad header: " + header);
    }
  }

  public SettingTable {
    Objects.requireNonNull(description, "description");
    if (name == null || !NAME.matcher(name).matches()) throw new IllegalArgumentException("bad table name: " + name);
    columns = List.copyOf(columns);
    key = List.copyOf(key);
    Set<String> headers = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (Column c : columns) {
      if (!headers.add(c.header())) throw new IllegalArgumentException(name + ": column " + c.header() + " twice");
      if (c.secret()) secrets.add(c.header());
    }
    if (key.isEmpty() || !headers.containsAll(key)) throw new IllegalArgumentException(name + ": key " + key + " is not among the columns");
    for (String k : key) {
      if (secrets.contains(k)) throw new IllegalArgumentException(name + ": a secret column cannot be part of the key");
    }
  }

  /** The headers, in column order. */
  public List<String> headers() {
    List<String> out = new ArrayList<>();
    for (Column c : columns) out.add(c.header());
    return out;
  }

  public Optional<Column> column(String header) {
    return columns.stream().filter(c -> c.header().equals(header)).findFirst();
  }

  /** Whether any column is secret. */
  public boolean hasSecrets() {
    return columns.stream().anyMatch(Column::secret);
  }
}

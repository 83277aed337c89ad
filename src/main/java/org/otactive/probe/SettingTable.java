package org.otactive.probe;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table of settings as people see and edit it: rows of cells under fixed column headers. The one
 * way a method declares a table, whatever holds its rows:
 *
 * <ul>
 *   <li><b>Kept per site</b> ({@link #kept}): rows stored beside the method's options, such as
 *       Windows Endpoint Monitoring's scan ranges ({@code FROM, TO, USER, PASSWORD, DISABLE}). The
 *       definition becomes the command line's {@code otactive METHOD NAME import|export|list --site
 *       S} (CSV with exactly these headers), the store's rows, and the console's table with import
 *       and export.
 *   <li><b>Held in a repeatable option</b> ({@link #inOption}): each value of the option is one
 *       row, split into cells and joined back by {@link OptionRows} (reverse DNS's servers as
 *       address, port, labels and subnets). The joined text is validated by {@link
 *       Method#configure} like any typed value, so such a table adds no second grammar.
 * </ul>
 *
 * <p>Rules of kept tables, whatever the method:
 *
 * <ul>
 *   <li>An import replaces the whole table, all or nothing; the method checks the rows first
 *       ({@link Method#checkRows}), and a bad row is named by its line.
 *   <li>The cells of the {@link #key} columns together identify a row across imports; two rows of
 *       one table may not share them.
 *   <li>A secret column's cells are sealed in the secret store; listings, pages and API answers
 *       show only whether each is set, and exports leave them empty unless an admin asks with a
 *       reason (audited).
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
 * @param key the headers whose cells identify a row (empty for a table held in an option)
 * @param heldIn how the rows are held in an option, or null for a table kept per site
 */
public record SettingTable(String name, String description, List<Column> columns, List<String> key, OptionRows heldIn) {
  /** The most rows one table holds. */
  public static final int MAX_ROWS = 10_000;
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");
  private static final Pattern HEADER = Pattern.compile("[A-Za-z][A-Za-z0-9_ -]{0,31}");

  /**
   * How the rows of a table held in a repeatable option are that option's values. Implementations
   * are pure and thread-safe; {@link #split} of a value that does not read gives the whole text in
   * the first column rather than failing (the stored value is shown as it is).
   */
  public interface OptionRows {
    /** The option whose values are the rows. */
    String option();

    /** One value's cells by header (a missing cell is empty). */
    Map<String, String> split(String value);

    /** The value of one row; empty when every cell is empty (the row is dropped). */
    String join(Map<String, String> cells);
  }

  /**
   * One column.
   *
   * @param header the exact CSV header and the cell's key, e.g. {@code FROM}
   * @param label the heading people read (the header unless given)
   * @param description one sentence of help: what the cell holds
   * @param example an example value, shown in an empty cell (may be empty)
   * @param required whether a row needs a non-empty cell here
   * @param secret whether the cell is a secret (a password): shown only as set or not set
   */
  public record Column(String header, String label, String description, String example, boolean required,
      boolean secret) {
    public Column {
      Objects.requireNonNull(description, "description");
      if (header == null || !HEADER.matcher(header).matches()) throw new IllegalArgumentException("bad header: " + header);
      label = label == null || label.isBlank() ? header : label;
      example = example == null ? "" : example;
    }

    /** A column headed by its header. */
    public Column(String header, String description, boolean required, boolean secret) {
      this(header, header, description, "", required, secret);
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
    if (heldIn == null && (key.isEmpty() || !headers.containsAll(key))) {
      throw new IllegalArgumentException(name + ": key " + key + " is not among the columns");
    }
    for (String k : key) {
      if (secrets.contains(k)) throw new IllegalArgumentException(name + ": a secret column cannot be part of the key");
    }
    // An option's value is one text: a secret cell in it would be neither sealed nor hidden.
    if (heldIn != null && !secrets.isEmpty()) throw new IllegalArgumentException(name + ": a table held in an option has no secret column");
  }

  /** A table kept per site, its rows identified by the {@code key} columns. */
  public static SettingTable kept(String name, String description, List<Column> columns, List<String> key) {
    return new SettingTable(name, description, columns, key, null);
  }

  /** A table whose rows are the values of a repeatable option; named after the option. */
  public static SettingTable inOption(String description, List<Column> columns, OptionRows rows) {
    return new SettingTable(rows.option(), description, columns, List.of(), rows);
  }

  /** Whether its rows are kept per site (imported, exported, listed); false when held in an option. */
  public boolean isKept() {
    return heldIn == null;
  }

  /** How its rows are held in an option, when they are. */
  public Optional<OptionRows> option() {
    return Optional.ofNullable(heldIn);
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

  /** The tables of {@code m} kept per site. */
  public static List<SettingTable> keptBy(Method m) {
    return m.tables().stream().filter(SettingTable::isKept).toList();
  }
}

package org.otactive.probe;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the values of one repeatable option are shown and edited as the rows of a table (the console
 * shows reverse DNS's servers as address, port, labels and subnets): its columns, and how one value
 * splits into cells and joins back. The joined text is what the option holds, validated by {@link
 * Method#configure} like any typed value, so a table adds no second grammar to check.
 *
 * <p>Implementations are pure and thread-safe; {@link #split} of a value that does not read gives
 * the whole text in the first column rather than failing (the stored value is shown as it is).
 */
public interface OptionTable {
  /** The option whose values are the rows. */
  String option();

  /** The columns, in order. */
  List<Column> columns();

  /** One value's cells by column name (a missing cell is empty). */
  Map<String, String> split(String value);

  /** The value of one row; empty when every cell is empty (the row is dropped). */
  String join(Map<String, String> cells);

  /**
   * A column of the table.
   *
   * @param name the cell's key (a form field {@code OPTION.NAME})
   * @param label the heading people read
   * @param placeholder an example value, shown in an empty cell
   */
  record Column(String name, String label, String placeholder) {
    public Column {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(label, "label");
      placeholder = placeholder == null ? "" : placeholder;
    }
  }
}

package org.otactive.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a free-form query to one target ({@link Configured#query}) gave: the rows as a table, how
 * long it took and what it cost, or why it failed, in plain words.
 *
 * @param ok whether the target answered the query (the rows may still be empty)
 * @param columns the column names, in order
 * @param rows one list of cells per row, as long as {@code columns}; a cell is null (no value), a
 *     {@code String}, or a {@code List<String>} (an array value); text is already sanitised
 * @param elapsed from the first packet to the end
 * @param cost what it cost on the wire, e.g. {@code 2 connections, 7 round trips}
 * @param detail plain words: why it failed, or what went wrong after the answer (empty when nothing)
 */
public record QueryAnswer(boolean ok, List<String> columns, List<List<Object>> rows, Duration elapsed, String cost,
    String detail) {
  public QueryAnswer {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) throw new IllegalArgumentException("a row of " + row.size() + " cells, not " + columns.size());
      for (Object cell : row) {
        if (cell != null && !(cell instanceof String) && !(cell instanceof List<?>)) {
          throw new IllegalArgumentException("a cell is " + cell.getClass().getSimpleName() + ", not text or a list");
        }
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
    Objects.requireNonNull(elapsed, "elapsed");
    cost = cost == null ? "" : cost;
    detail = detail == null ? "" : detail;
  }

  /** A query that failed: no rows, and why. */
  public static QueryAnswer failed(Duration elapsed, String cost, String why) {
    return new QueryAnswer(false, List.of(), List.of(), elapsed, cost, why);
  }
}

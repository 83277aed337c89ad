package org.otactive.probe;

import org.otactive.common.BadInputException;

/**
 * A row of a {@link SettingTable} that cannot be accepted: which row (counted from 0 in the rows
 * given) and what is wrong with it, in one line naming the bad value. Whoever read the rows from a
 * file turns the row into its line number.
 */
public final class BadRowException extends BadInputException {
  private final int row;
  private final String problem;

  public BadRowException(int row, String problem) {
    super("row " + (row + 1) + ": " + problem);
    this.row = row;
    this.problem = problem;
  }

  /** The row's index among the rows given, from 0. */
  public int row() {
    return row;
  }

  /** What is wrong, without the row's position. */
  public String problem() {
    return problem;
  }
}

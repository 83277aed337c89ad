package org.otactive.safety;

/**
 * A rate limit in events per second, or unlimited.
 *
 * @param perSecond events per second; {@code 0} means unlimited
 */
public record Rate(double perSecond) {
  public static final Rate UNLIMITED = new Rate(0);

  public Rate {
    if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be positive: " + perSecond);
    }
  }

  public static Rate of(double perSecond) {
    return new Rate(perSecond);
  }

  /**
   * Reads a rate as typed: a number of events per second ({@code 0 < n <= 1000000}) or
   * {@code unlimited}.
   *
   * @throws org.otactive.common.BadInputException naming {@code what} and the text otherwise
   */
  public static Rate parse(String text, String what) {
    String s = text == null ? "" : text.strip();
    if (s.equalsIgnoreCase("unlimited")) return UNLIMITED;
    try {
      double d = Double.parseDouble(s);
      if (d > 0 && d <= 1_000_000) return of(d);
    } catch (NumberFormatException ignored) {
      // one error message below
    }
    throw new org.otactive.common.BadInputException(what + " must be a number per second (0 < N <= 1000000) or 'unlimited': '"
        + org.otactive.common.Text.printable(text) + "'");
  }

  /** The form {@link #parse} reads back: {@code unlimited} or the number, without a needless {@code .0}. */
  public String text() {
    if (unlimited()) return "unlimited";
    return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
  }

  public boolean unlimited() {
    return perSecond == 0;
  }

  @Override
  public String toString() {
    return unlimited() ? "unlimited" : perSecond + "/s";
  }
}

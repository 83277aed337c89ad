package org.otactive.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of every option that takes a duration: one or more whole numbers each
 * with a unit, largest first: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 3h}, {@code 7d},
 * {@code 2h30m}. Pure.
 */
public final class DurationText {
  private static final Pattern FORM = Pattern.compile(
      "(?:(\\d{1,5})d)?(?:(\\d{1,7})h)?(?:(\\d{1,9})m(?!s))?(?:(\\d{1,10})s)?(?:(\\d{1,12})ms)?");
  private static final String EXAMPLES = "e.g. 500ms, 90s, 15m, 3h, 7d or 2h30m";

  private DurationText() {}

  /**
   * Parses the short form; {@code what} names the value in the error message.
   *
   * @throws BadInputException naming the text when it is not a positive duration of this grammar
   */
  public static Duration parse(String text, String what) {
    String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    Matcher m = FORM.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new BadInputException("bad " + what + ": '" + Text.printable(text) + "' (" + EXAMPLES + ")");
    }
    Duration d = Duration.ZERO;
    if (m.group(1) != null) d = d.plusDays(Long.parseLong(m.group(1)));
    if (m.group(2) != null) d = d.plusHours(Long.parseLong(m.group(2)));
    if (m.group(3) != null) d = d.plusMinutes(Long.parseLong(m.group(3)));
    if (m.group(4) != null) d = d.plusSeconds(Long.parseLong(m.group(4)));
    if (m.group(5) != null) d = d.plusMillis(Long.parseLong(m.group(5)));
    if (d.isZero()) throw new BadInputException("bad " + what + ": '" + Text.printable(text) + "' (must be more than 0)");
    return d;
  }

  /**
   * The short form {@link #parse} reads back: whole days as days ({@code 2d}), anything else in
   * hours and smaller units ({@code 25h}, {@code 2h30m}, {@code 90s} reads as {@code 1m30s}).
   */
  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    StringBuilder sb = new StringBuilder();
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
    long[] sizes = {3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        sb.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return sb.toString();
  }
}

package org.otactive.schedule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.otactive.scope.BadInputException;

/** Reads and writes the short duration form users type: {@code 90m}, {@code 3h}, {@code 1d}, {@code 2h30m}. */
final class Durations {
  private static final Pattern FORM =
      Pattern.compile("(?:(\\d{1,4})d)?(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?");

  private Durations() {}

  /** Parses the short form; {@code what} names the value in the error message. */
  static Duration parse(String text, String what) {
    String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    Matcher m = FORM.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new BadInputException("bad " + what + ": '" + printable(text)
          + "' (write e.g. 90m, 3h, 1d or 2h30m)");
    }
    Duration d = Duration.ZERO;
    if (m.group(1) != null) d = d.plusDays(Long.parseLong(m.group(1)));
    if (m.group(2) != null) d = d.plusHours(Long.parseLong(m.group(2)));
    if (m.group(3) != null) d = d.plusMinutes(Long.parseLong(m.group(3)));
    return d;
  }

  /** The short form of a whole number of minutes, e.g. {@code 2h30m}, {@code 36h} or {@code 2d}. */
  static String format(Duration d) {
    long minutes = d.toMinutes();
    if (minutes > 0 && minutes % 1440 == 0) return minutes / 1440 + "d";
    long h = minutes / 60;
    long m = minutes % 60;
    if (h == 0) return m + "m";
    return m == 0 ? h + "h" : h + "h" + m + "m";
  }

  /** A value fit for a one-line message: control characters replaced, long text cut. */
  static String printable(Object value) {
    if (value == null) return "null";
    String s = value.toString().replaceAll("\\p{Cntrl}", "?");
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}

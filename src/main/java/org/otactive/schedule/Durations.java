package org.otactive.schedule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.otactive.scope.AddressSet;
import org.otactive.scope.BadInputException;

/** Short durations as people write them in a window or schedule: 90m, 3h, 1d, 2h30m. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(?:(\\d{1,4})d)?(?:(\\d{1,5})h)?(?:(\\d{1,6})m)?");

  private Durations() {}

  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (t.isEmpty() || !m.matches()) {
      throw new BadInputException("not a duration: '" + AddressSet.printable(text) + "' (e.g. 90m, 3h, 2h30m, 1d)");
    }
    Duration d = Duration.ZERO;
    if (m.group(1) != null) d = d.plusDays(Long.parseLong(m.group(1)));
    if (m.group(2) != null) d = d.plusHours(Long.parseLong(m.group(2)));
    if (m.group(3) != null) d = d.plusMinutes(Long.parseLong(m.group(3)));
    return d;
  }

  /** The short form {@link #parse} reads back: 2h30m, 1d, 45m. */
  public static String format(Duration d) {
    StringBuilder b = new StringBuilder();
    long minutes = d.toMinutes();
    if (minutes >= 1440 && minutes % 1440 == 0) return minutes / 1440 + "d";
    if (minutes >= 60) b.append(minutes / 60).append('h');
    if (minutes % 60 != 0 || b.isEmpty()) b.append(minutes % 60).append('m');
    return b.toString();
  }
}

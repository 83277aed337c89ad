package org.otactive.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.otactive.safety.Rate;
import picocli.CommandLine;

/** Parsers for option values; each error names the bad value. */
final class Converters {
  private Converters() {}

  static final class RateConverter implements CommandLine.ITypeConverter<Rate> {
    @Override
    public Rate convert(String value) {
      if (value.equalsIgnoreCase("unlimited")) return Rate.UNLIMITED;
      try {
        double d = Double.parseDouble(value);
        if (d > 0 && d <= 1_000_000) return Rate.of(d);
      } catch (NumberFormatException ignored) {
        // one error message below
      }
      throw new CommandLine.TypeConversionException(
          "rate must be a number of queries per second (0 < QPS <= 1000000) or 'unlimited': '" + value + "'");
    }
  }

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Matcher m = SHORT.matcher(value.strip());
      try {
        Duration d;
        if (m.matches()) {
          long n = Long.parseLong(m.group(1));
          d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
          };
        } else {
          d = Duration.parse(value.strip());
        }
        if (!d.isNegative() && !d.isZero()) return d;
      } catch (DateTimeParseException | NumberFormatException | ArithmeticException ignored) {
        // one error message below
      }
      throw new CommandLine.TypeConversionException(
          "not a duration: '" + value + "' (e.g. 500ms, 90s, 30m, 2h)");
    }
  }
}

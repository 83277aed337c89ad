package org.otactive.cli;

import java.time.Duration;
import org.otactive.common.DurationText;
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

  /** Durations in the one grammar of {@link DurationText}. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return DurationText.parse(value, "duration");
      } catch (org.otactive.common.BadInputException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}

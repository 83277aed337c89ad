package org.otactive.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar, and the one sanitiser. */
class DurationTextTest {
  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S", "90s,PT1M30S", "15m,PT15M", "3h,PT3H", "7d,PT168H", "2h30m,PT2H30M", "1d2h,PT26H",
      "1m30s,PT1M30S", " 6H ,PT6H"})
  void readsEveryUnitAndCombinationsLargestFirst(String text, String iso) {
    assertThat(DurationText.parse(text, "x")).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0s", "soon", "3 hours", "PT3H", "30m2h", "-5m", "1.5h", "5", "h", "3hh"})
  void refusesAnythingElseNamingTheValue(String text) {
    assertThatThrownBy(() -> DurationText.parse(text, "--deadline")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("--deadline").hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "90s", "15m", "3h", "2d", "2h30m", "25h", "1h0m1s"})
  void formatReadsBack(String text) {
    Duration d = DurationText.parse(text, "x");
    assertThat(DurationText.parse(DurationText.format(d), "x")).isEqualTo(d);
  }

  @Test
  void formatKeepsWholeDaysAndOtherwiseHours() {
    assertThat(DurationText.format(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(DurationText.format(Duration.ofHours(25))).isEqualTo("25h");
    assertThat(DurationText.format(Duration.ofMinutes(150))).isEqualTo("2h30m");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
  }

  @Test
  void theSanitiserNeutralisesControlCharacters() {
    assertThat(Text.printable("a\u001b[2Jb\nc")).isEqualTo("a?[2Jb?c");
    assertThat(Text.printable("x".repeat(100))).hasSize(Text.MAX_ECHO + 3).endsWith("...");
    assertThat(Text.printable(null)).isEqualTo("null");
    assertThat(Text.safe("line 1\nline\u00072\t\u009b")).isEqualTo("line 1\nline\\0072\t\\155");
    assertThat(Text.firstLine("first\u0007 line\nsecond")).isEqualTo("first? line");
  }
}

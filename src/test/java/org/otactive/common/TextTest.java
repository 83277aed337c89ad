package org.otactive.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextTest {
  @ParameterizedTest
  @CsvSource({"0, packet, 0 packets", "1, packet, 1 packet", "2, TCP connection, 2 TCP connections",
      "1, device, 1 device", "-1, device, -1 devices", "1000000, observation, 1000000 observations"})
  void aCountTakesItsNounInTheSingularOnlyForOne(long n, String noun, String expected) {
    assertThat(Text.count(n, noun)).isEqualTo(expected);
  }
}

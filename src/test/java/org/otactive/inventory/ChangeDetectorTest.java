package org.otactive.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private static Observation obs(String value, Instant at) {
    return new Observation("10.0.0.1", "hostname", value, "rdns", "", at);
  }

  @Test
  void firstValueIsAChangeFromNothing() {
    var d = ChangeDetector.decide(null, obs("plc-1", T0));
    assertThat(d).isInstanceOfSatisfying(ChangeDetector.NewValue.class, n -> {
      assertThat(n.change().oldValue()).isNull();
      assertThat(n.change().newValue()).isEqualTo("plc-1");
      assertThat(n.change().isFirstSighting()).isTrue();
    });
  }

  @Test
  void sameValueOnlyConfirms() {
    var latest = new AttributeValue("hostname", "plc-1", "rdns", "", T0, T0);
    assertThat(ChangeDetector.decide(latest, obs("plc-1", T0.plusSeconds(60)))).isInstanceOf(ChangeDetector.Confirm.class);
  }

  @Test
  void newValueReportsOldToNew() {
    var latest = new AttributeValue("hostname", "plc-1", "rdns", "", T0, T0);
    assertThat(ChangeDetector.decide(latest, obs("plc-1b", T0.plusSeconds(60))))
        .isInstanceOfSatisfying(ChangeDetector.NewValue.class, n -> {
          assertThat(n.change().oldValue()).isEqualTo("plc-1");
          assertThat(n.change().newValue()).isEqualTo("plc-1b");
        });
  }

  @Test
  void anOlderObservationDoesNotOverwriteANewerValue() {
    var latest = new AttributeValue("hostname", "plc-1", "rdns", "", T0, T0);
    assertThat(ChangeDetector.decide(latest, obs("old-name", T0.minusSeconds(60)))).isInstanceOf(ChangeDetector.Late.class);
  }
}

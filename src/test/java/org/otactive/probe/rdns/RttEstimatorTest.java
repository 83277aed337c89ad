package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The arithmetic of RFC 6298 section 2 on known samples. */
class RttEstimatorTest {
  private static RttEstimator wide() {
    return new RttEstimator(Duration.ofSeconds(1), Duration.ofNanos(1), Duration.ofSeconds(60));
  }

  @Test
  void firstSampleSetsSrttAndHalfVariance() {
    RttEstimator e = wide();
    assertThat(e.rto()).isEqualTo(Duration.ofSeconds(1));
    e.sample(Duration.ofMillis(100).toNanos());
    // SRTT = R, RTTVAR = R/2, RTO = SRTT + 4*RTTVAR = 300 ms
    assertThat(e.srtt()).isEqualTo(Duration.ofMillis(100));
    assertThat(e.rto()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void laterSamplesSmooth() {
    RttEstimator e = wide();
    e.sample(Duration.ofMillis(100).toNanos());
    e.sample(Duration.ofMillis(200).toNanos());
    // RTTVAR = 3/4*50 + 1/4*|100-200| = 62.5 ms; SRTT = 7/8*100 + 1/8*200 = 112.5 ms
    assertThat(e.srtt()).isEqualTo(Duration.ofNanos(112_500_000));
    assertThat(e.rto()).isEqualTo(Duration.ofNanos(112_500_000 + 4 * 62_500_000));
  }

  @Test
  void timeoutsBackOffAndAreClamped() {
    RttEstimator e = new RttEstimator(Duration.ofMillis(400), Duration.ofMillis(50), Duration.ofSeconds(3));
    e.timedOut();
    assertThat(e.rto()).isEqualTo(Duration.ofMillis(800));
    e.timedOut();
    e.timedOut();
    assertThat(e.rto()).isEqualTo(Duration.ofSeconds(3));
    e.sample(Duration.ofMillis(1).toNanos());
    assertThat(e.rto()).isEqualTo(Duration.ofMillis(50));
  }
}

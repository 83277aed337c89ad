package org.otactive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** Failed logins per name and per address, on a clock driven by hand. */
class LoginLimiterTest {
  private Instant now = Instant.parse("2026-03-01T10:00:00Z");
  private final InstantSource clock = () -> now;
  private final LoginLimiter limiter = new LoginLimiter(clock, 3, 5, Duration.ofMinutes(15));

  @Test
  void aNameIsBlockedAfterItsLimitUntilTheOldestFailureLeavesTheWindow() {
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.blocked("Vic", "192.0.2.1")).isEmpty();
      limiter.failed("Vic", "192.0.2.1");
      now = now.plusSeconds(60);
    }
    // Names are compared without case or surrounding space, and from any address.
    assertThat(limiter.blocked(" vic", "192.0.2.99")).contains(Duration.ofMinutes(12));
    now = now.plus(Duration.ofMinutes(12));
    assertThat(limiter.blocked("vic", "192.0.2.99")).isEmpty();
  }

  @Test
  void anAddressIsBlockedAfterItsLimitWhateverTheNames() {
    for (int i = 0; i < 5; i++) limiter.failed("name" + i, "192.0.2.7");
    assertThat(limiter.blocked("olga", "192.0.2.7")).contains(Duration.ofMinutes(15));
    assertThat(limiter.blocked("olga", "192.0.2.8")).isEmpty();
  }

  @Test
  void aSuccessClearsTheNamesFailuresButNotTheAddresss() {
    limiter.failed("olga", "192.0.2.7");
    limiter.failed("olga", "192.0.2.7");
    limiter.succeeded("olga");
    limiter.failed("olga", "192.0.2.7");
    limiter.failed("olga", "192.0.2.7");
    assertThat(limiter.blocked("olga", "192.0.2.8")).isEmpty();
    limiter.failed("x", "192.0.2.7");
    assertThat(limiter.blocked("olga", "192.0.2.7")).isPresent();
  }
}

package org.otactive.safety;

import java.time.Duration;
import java.util.Objects;

/**
 * The safety budget of one run.
 *
 * @param globalRate packets per second over the whole run
 * @param perPeerRate packets per second to any one peer (a DNS server is shared infrastructure)
 * @param perPeerInFlight exchanges awaiting an answer from one peer at once
 * @param maxDevices distinct devices the run may touch
 * @param deadline how long the run may send, counted from the gate's creation
 */
public record Limits(
    Rate globalRate, Rate perPeerRate, int perPeerInFlight, int maxDevices, Duration deadline) {
  public static final int DEFAULT_MAX_DEVICES = 65_536;
  public static final Duration DEFAULT_DEADLINE = Duration.ofHours(2);

  public Limits {
    Objects.requireNonNull(globalRate, "globalRate");
    Objects.requireNonNull(perPeerRate, "perPeerRate");
    Objects.requireNonNull(deadline, "deadline");
    if (perPeerInFlight < 1) throw new IllegalArgumentException("perPeerInFlight < 1");
    if (maxDevices < 1) throw new IllegalArgumentException("maxDevices < 1");
    if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("deadline <= 0");
  }

  /** Defaults for reverse DNS: 200 queries/s and 100 in flight per server. */
  public static Limits defaults() {
    return new Limits(Rate.UNLIMITED, Rate.of(200), 100, DEFAULT_MAX_DEVICES, DEFAULT_DEADLINE);
  }

  public Limits withPerPeerRate(Rate rate) {
    return new Limits(globalRate, rate, perPeerInFlight, maxDevices, deadline);
  }

  public Limits withGlobalRate(Rate rate) {
    return new Limits(rate, perPeerRate, perPeerInFlight, maxDevices, deadline);
  }

  public Limits withPerPeerInFlight(int n) {
    return new Limits(globalRate, perPeerRate, n, maxDevices, deadline);
  }

  public Limits withMaxDevices(int n) {
    return new Limits(globalRate, perPeerRate, perPeerInFlight, n, deadline);
  }

  public Limits withDeadline(Duration d) {
    return new Limits(globalRate, perPeerRate, perPeerInFlight, maxDevices, d);
  }
}

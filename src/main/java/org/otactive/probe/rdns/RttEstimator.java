package org.otactive.probe.rdns;

import java.time.Duration;

/**
 * The retransmission timeout for one server, from its measured round trips (RFC 6298).
 *
 * <p>SRTT and RTTVAR follow the RFC's smoothing (alpha 1/8, beta 1/4); RTO = SRTT + 4·RTTVAR,
 * clamped to [min, max]. Each timeout doubles the RTO (back-off) until the next sample. Samples
 * come only from queries answered on their first send (Karn's rule), since a reply to a
 * retransmitted query cannot be matched to one send. The RFC's 1 s floor is meant for the
 * Internet; a DNS server on the plant LAN answers in a millisecond, so the floor here is lower.
 * Thread-safe.
 */
public final class RttEstimator {
  private final long minNanos;
  private final long maxNanos;
  private long srtt = -1;
  private long rttvar;
  private long rto;

  public RttEstimator(Duration initial, Duration min, Duration max) {
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
    this.rto = clamp(initial.toNanos());
  }

  public static RttEstimator forLan() {
    return new RttEstimator(Duration.ofMillis(400), Duration.ofMillis(50), Duration.ofSeconds(3));
  }

  public synchronized void sample(long rttNanos) {
    if (srtt < 0) {
      srtt = rttNanos;
      rttvar = rttNanos / 2;
    } else {
      rttvar = (3 * rttvar + Math.abs(srtt - rttNanos)) / 4;
      srtt = (7 * srtt + rttNanos) / 8;
    }
    rto = clamp(srtt + 4 * rttvar);
  }

  public synchronized void timedOut() {
    rto = clamp(rto * 2);
  }

  public synchronized Duration rto() {
    return Duration.ofNanos(rto);
  }

  /** {@link #rto} in nanoseconds. */
  public synchronized long rtoNanos() {
    return rto;
  }

  /** The smoothed round trip, or null before the first sample. */
  public synchronized Duration srtt() {
    return srtt < 0 ? null : Duration.ofNanos(srtt);
  }

  private long clamp(long nanos) {
    return Math.max(minNanos, Math.min(maxNanos, nanos));
  }
}

package org.otactive.probe;

import java.util.Objects;
import org.otactive.safety.Rate;

/**
 * The traffic budget a method's settings ask for, which the run's gate enforces.
 *
 * @param perPeerRate packets per second to any one peer (a shared DNS server, or one device)
 * @param perPeerInFlight exchanges awaiting an answer from one peer at once
 * @param concurrency targets worked on at once; more only queue at the gate, fewer leave peers idle
 */
public record Budget(Rate perPeerRate, int perPeerInFlight, int concurrency) {
  public Budget {
    Objects.requireNonNull(perPeerRate, "perPeerRate");
    if (perPeerInFlight < 1) throw new IllegalArgumentException("perPeerInFlight < 1");
    if (concurrency < 1) throw new IllegalArgumentException("concurrency < 1");
  }
}

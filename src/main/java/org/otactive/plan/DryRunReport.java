package org.otactive.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.otactive.probe.Budget;
import org.otactive.probe.ProbeSpec;

/**
 * What a run of one method on one site would do, worked out without sending anything: the
 * addresses it would touch, the servers it would ask, packets and TCP connections per device and in
 * total, the budget that applies and how long it takes at that budget, when it would run, and what
 * is left out and why.
 *
 * @param state the method's state on the site ({@code enabled, only-gaps}, {@code disabled})
 * @param scope how many addresses the site's scope holds
 * @param targets the addresses it would send about, as runs ({@code 10.0.0.1-10.0.0.9})
 * @param targetCount how many
 * @param excluded addresses of the scope it would send nothing about, with why
 * @param peers the servers it would ask, with how many targets each would be asked about
 * @param typical how long at the budget when every answer comes first time; empty when the budget
 *     sets no bound (an unlimited rate: then answers pace it)
 * @param worst the same with every retransmission and fallback
 * @param windows the next maintenance windows (at most three)
 * @param when plain lines: whether and when it would run (switch, stop, enabled, schedule, fit)
 */
public record DryRunReport(String site, String method, String displayName, String state, ProbeSpec spec, Budget budget,
    long scope, List<String> targets, long targetCount, List<Excluded> excluded, List<PeerLoad> peers,
    Optional<Duration> typical, Optional<Duration> worst, List<Window> windows, List<String> when) {
  public DryRunReport {
    targets = List.copyOf(targets);
    excluded = List.copyOf(excluded);
    peers = List.copyOf(peers);
    windows = List.copyOf(windows);
    when = List.copyOf(when);
  }

  /** Addresses of the scope left out, and why. */
  public record Excluded(String addresses, long count, String why) {}

  /**
   * A server the run would ask.
   *
   * @param first targets it is asked about first (every answer first time)
   * @param serves targets it may be asked about (when the servers before it fail)
   */
  public record PeerLoad(String endpoint, String role, long first, long serves) {}

  /** One maintenance window ahead (or open now). */
  public record Window(Instant start, Instant end) {}

  public long packets() {
    return targetCount * spec.packetsPerTarget();
  }

  public long maxPackets() {
    return targetCount * spec.maxPacketsPerTarget();
  }

  public long connections() {
    return targetCount * spec.connectionsPerTarget();
  }

  public long maxConnections() {
    return targetCount * spec.maxConnectionsPerTarget();
  }
}

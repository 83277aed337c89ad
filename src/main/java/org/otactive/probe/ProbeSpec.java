package org.otactive.probe;

import java.util.Objects;

/**
 * What a method is and what it sends, known before anything is sent.
 *
 * @param id short method name used in provenance and on the CLI, e.g. {@code rdns}
 * @param protocol the protocol it speaks, e.g. {@code DNS}
 * @param defaultPort the port it talks to by default
 * @param impact what its traffic means for the devices
 * @param packetsPerTarget packets sent per target when every answer comes first time
 * @param maxPacketsPerTarget packets sent per target at worst (every retransmission, every fallback)
 * @param connectionsPerTarget TCP connections opened per target when every answer comes first time
 * @param maxConnectionsPerTarget TCP connections opened per target at worst
 * @param sends one sentence a planner can show: what goes where
 */
public record ProbeSpec(
    String id,
    String protocol,
    int defaultPort,
    Impact impact,
    int packetsPerTarget,
    int maxPacketsPerTarget,
    int connectionsPerTarget,
    int maxConnectionsPerTarget,
    String sends) {
  public ProbeSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(impact, "impact");
    if (packetsPerTarget < 0 || maxPacketsPerTarget < packetsPerTarget) {
      throw new IllegalArgumentException("packet counts");
    }
    if (connectionsPerTarget < 0 || maxConnectionsPerTarget < connectionsPerTarget) {
      throw new IllegalArgumentException("connection counts");
    }
  }
}

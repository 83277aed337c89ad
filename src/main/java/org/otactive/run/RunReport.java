package org.otactive.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What a run did.
 *
 * @param targets targets planned
 * @param done targets with an outcome
 * @param byKind outcomes counted by {@code Outcome.kind()}
 * @param packets packets the gate let through
 * @param sendRate packets per second from the first packet to the last
 * @param unmatchedReplies datagrams that answered no request of ours (late, spoofed, garbage)
 */
public record RunReport(
    long runId,
    String method,
    RunState state,
    String stopReason,
    Instant started,
    Instant ended,
    long targets,
    long done,
    Map<String, Long> byKind,
    long packets,
    double sendRate,
    long unmatchedReplies) {
  public RunReport {
    byKind = Map.copyOf(byKind);
  }

  public Duration elapsed() {
    return Duration.between(started, ended);
  }

  public long count(String kind) {
    return byKind.getOrDefault(kind, 0L);
  }
}

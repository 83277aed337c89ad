package org.otactive.probe.wmi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.wmi.wmio.WmiObject;

/**
 * One WQL query against one host, start to end: the staging test a user runs before a scan (and
 * what {@code otactive wmi query} prints). Every packet goes through the context's gate.
 */
public final class WmiClient {
  private WmiClient() {}

  /**
   * A query's answer: the objects in the order the host sent them, what it cost, how long it took,
   * and what went wrong after the answer (a release the host refused), in plain words.
   */
  public record QueryResult(List<WmiObject> objects, WmiSession.Stats stats, Duration elapsed, List<String> warnings) {
    public QueryResult {
      objects = List.copyOf(objects);
      Objects.requireNonNull(stats, "stats");
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Logs on to the host, runs {@code wql} and releases everything.
   *
   * @throws WmiException why it failed, in plain words, at which stage
   */
  public static QueryResult query(ProbeContext context, WmiSettings settings, String wql)
      throws WmiException, InterruptedException {
    Instant start = context.clock().instant();
    List<WmiObject> objects;
    WmiSession session = WmiSession.open(context, settings);
    try {
      objects = session.query(wql);
    } catch (WmiException | RuntimeException e) {
      try {
        session.close();
      } catch (WmiException ignored) {
        // the query's failure is the one to report
      }
      throw e;
    }
    List<String> warnings = new java.util.ArrayList<>();
    try {
      session.close();
    } catch (WmiException e) {
      if (e.reason() == WmiException.Reason.BLOCKED) throw e;
      warnings.add(e.getMessage());
    }
    return new QueryResult(objects, session.stats(), Duration.between(start, context.clock().instant()), warnings);
  }
}

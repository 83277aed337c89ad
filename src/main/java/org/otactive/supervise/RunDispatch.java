package org.otactive.supervise;

import java.time.Instant;

/**
 * Hands runs and schedules to the persistent scheduler. Writing works from any process on the
 * database; executing happens in {@code otactive serve}.
 */
public interface RunDispatch {
  /** Executes (or resumes) run {@code runId} at {@code at}. */
  void dispatch(long runId, Instant at);

  /** Makes the schedule of {@code method} on {@code site} fire next at {@code at} (replacing any plan). */
  void plan(String site, String method, Instant at);

  /** Removes the schedule's plan, if any. */
  void unplan(String site, String method);
}

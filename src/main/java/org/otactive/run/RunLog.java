package org.otactive.run;

import java.time.Instant;
import java.util.List;

/** The record of runs and their per-target results. Implemented by the store. Thread-safe. */
public interface RunLog {
  /** Records a run as started and returns its id. */
  long begin(String method, String parameters, long targets, Instant started);

  void results(long runId, List<TargetResult> results);

  void end(RunReport report);
}

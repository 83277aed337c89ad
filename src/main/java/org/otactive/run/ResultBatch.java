package org.otactive.run;

import java.util.List;

/**
 * Results handed on together (by {@link HandOffSink}), with their packed form ({@link
 * ResultCodec#encode}) made once, when a sink first asks for it, for every sink that sets them
 * aside on disk: a full-speed scan's results are packed once, not once per sink.
 */
public final class ResultBatch {
  private final List<TargetResult> results;
  private byte[] packed;

  /** @param results not to be changed afterwards (the batch keeps them as they are) */
  public ResultBatch(List<TargetResult> results) {
    this.results = results;
  }

  public List<TargetResult> results() {
    return results;
  }

  public int size() {
    return results.size();
  }

  /** The results as one block of {@link ResultCodec#encode}, made on first use. */
  public synchronized byte[] packed() {
    if (packed == null) packed = ResultCodec.encode(results);
    return packed;
  }
}

package org.otactive.run;

/**
 * Where a run's results go as they come. Called from many threads at once; must not block for
 * long (hand work to a writer thread instead).
 */
public interface ResultSink {
  void accept(TargetResult result);

  /**
   * Several results at once, in order. A sink that sets results aside on disk takes their packed
   * form from the batch, made once for every sink; by default each is {@link #accept}ed.
   */
  default void acceptAll(ResultBatch batch) {
    for (TargetResult r : batch.results()) accept(r);
  }

  /**
   * Whether results come faster than they are written: a run then starts no new target until the
   * writer catches up, so memory stays bounded whatever the run's size. Cheap; called often.
   */
  default boolean congested() {
    return false;
  }

  /**
   * The scan says whether it keeps its thread busy every moment (a datagram scan at full speed)
   * or waits on the network part of the time; false again when it is over. A sink may hold back
   * work that would take the CPU from a busy scan. Called on each change, from the scan's thread.
   */
  default void scanBusy(boolean busy) {}

  /**
   * Every result of the scan has been accepted (it is over, stopped or not); what the run still
   * writes to the store comes after. A sink may start what it does with the whole set now, such
   * as a listing printed while the store catches up.
   */
  default void scanOver() {}

  ResultSink NONE = r -> {};

  /** Both sinks, in order; congested when either is. */
  static ResultSink both(ResultSink first, ResultSink second) {
    if (first == NONE) return second;
    if (second == NONE) return first;
    return new ResultSink() {
      @Override
      public void accept(TargetResult result) {
        first.accept(result);
        second.accept(result);
      }

      @Override
      public void acceptAll(ResultBatch batch) {
        first.acceptAll(batch);
        second.acceptAll(batch);
      }

      @Override
      public boolean congested() {
        return first.congested() || second.congested();
      }

      @Override
      public void scanBusy(boolean busy) {
        first.scanBusy(busy);
        second.scanBusy(busy);
      }

      @Override
      public void scanOver() {
        first.scanOver();
        second.scanOver();
      }
    };
  }
}

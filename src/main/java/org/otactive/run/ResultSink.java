package org.otactive.run;

/**
 * Where a run's results go as they come. Called from many threads at once; must not block for
 * long (hand work to a writer thread instead).
 */
public interface ResultSink {
  void accept(TargetResult result);

  ResultSink NONE = r -> {};
}

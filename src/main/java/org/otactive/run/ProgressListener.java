package org.otactive.run;

/** Told after each target's outcome. Called from many threads; must be cheap and not block. */
@FunctionalInterface
public interface ProgressListener {
  void progress(long done, long total, TargetResult last);

  ProgressListener NONE = (d, t, r) -> {};
}

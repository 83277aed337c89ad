package org.otactive.probe;

/**
 * An active monitoring method.
 *
 * <p>Contract: {@link #spec} and {@link #appliesTo} are pure and send nothing. {@link #probe} talks
 * to the network only through the context it is given, is called from many virtual threads at once
 * (implementations are thread-safe), and returns an outcome for every target: it does not throw for
 * anything a device or server does.
 */
public interface Probe {
  ProbeSpec spec();

  /** Whether the method has anything to ask about this target; sends nothing. */
  boolean appliesTo(Target target);

  Outcome probe(Target target, ProbeContext context) throws InterruptedException;
}

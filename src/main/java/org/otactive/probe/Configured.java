package org.otactive.probe;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.otactive.scope.AddressSet;

/**
 * A method with validated settings: everything a run, the planner and the Test action need.
 * Immutable; the probe it makes may keep state of its own (round-trip estimates) for one run.
 */
public interface Configured {
  Method method();

  /** The settings as typed (secret values included: never print them; see {@link OptionValues#only}). */
  OptionValues values();

  /** The infrastructure it asks (empty when it talks to the targets themselves). */
  List<Peer> peers();

  /** What it sends per target, known before anything is sent. */
  ProbeSpec spec();

  /** The budget its settings ask the gate for. */
  Budget budget();

  /** A fresh probe for one run (or one test). */
  Probe probe();

  /**
   * The Test action: one question about {@code target}, through {@code context} (whose gate lets
   * only this target and the method's peers through), with the raw answer, timing and plain words
   * for what went wrong; one report per peer asked.
   */
  List<TestReport> test(InetAddress target, ProbeContext context) throws InterruptedException;

  /**
   * The addresses of a site's scope that its runs ask: the whole scope unless the settings narrow
   * it (WEM asks only its enabled scan ranges). Never more than {@code siteScope}. Sends nothing.
   */
  default AddressSet targets(AddressSet siteScope) {
    return siteScope;
  }

  /**
   * Its free-form question ({@link Method#queryCommand}): runs {@code text} against {@code target}
   * through {@code context} (whose gate lets only this target through) and returns the rows, or why
   * it failed, in plain words. Must not throw for anything the target does.
   *
   * @throws UnsupportedOperationException when the method has no query command
   */
  default QueryAnswer query(InetAddress target, String text, ProbeContext context) throws InterruptedException {
    throw new UnsupportedOperationException(method().id() + " has no query command");
  }

  /** The endpoints of {@link #peers}: where the gate lets a run send besides the targets. */
  default Set<java.net.InetSocketAddress> peerEndpoints() {
    return peers().stream().map(Peer::endpoint).collect(Collectors.toUnmodifiableSet());
  }
}

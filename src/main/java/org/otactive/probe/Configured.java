package org.otactive.probe;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  /**
   * Refuses a {@link #query} text that plainly is not one of the method's language (WQL: not a data
   * query), before anything is recorded or sent. Pure. By default every text passes.
   *
   * @throws org.otactive.common.BadInputException naming the text and what was expected
   */
  default void checkQuery(String text) {}

  /** The endpoints of {@link #peers}: where the gate lets a run send besides the targets. */
  default Set<java.net.InetSocketAddress> peerEndpoints() {
    return peers().stream().map(Peer::endpoint).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Why a run would send nothing about {@code target} with these settings (reverse DNS: no DNS
   * server serves it), or empty when it would ask. Pure; sends nothing. By default the probe's
   * {@link Probe#appliesTo}.
   */
  default Optional<String> whyNotAsked(InetAddress target) {
    return probe().appliesTo(new Target(target)) ? Optional.empty() : Optional.of(method().id() + " does not apply to it");
  }

  /**
   * How its traffic must get through the network, for the network-access check. By default: one
   * question to each peer (over TCP when the method opens connections, else UDP), and when it talks
   * to the targets themselves and opens TCP connections, a connect to its default port on them.
   * Methods should say exactly, as reverse DNS does.
   */
  default List<Access> access() {
    ProbeSpec s = spec();
    Access.Transport transport = s.maxConnectionsPerTarget() > 0 && s.maxPacketsPerTarget() <= s.maxConnectionsPerTarget()
        ? Access.Transport.TCP : Access.Transport.UDP;
    List<Access> out = new ArrayList<>();
    for (Peer p : peers()) out.add(Access.ask(p, transport, p.endpoint().getPort(), s.protocol() + " to the " + p.role()));
    if (s.impact() != Impact.INFRASTRUCTURE_ONLY && s.connectionsPerTarget() > 0) {
      out.add(Access.connectTargets(s.defaultPort(), s.protocol()));
    }
    return out;
  }

  /**
   * The network-access check of one {@link Access} of kind {@link Access.Check#ASK} (or
   * {@link Access.Check#DYNAMIC}): one question through {@code context}, whose target is the
   * address asked about (for a peer: an address of the site the peer serves; for the targets: the
   * sampled target itself). Returns {@link Outcome.Ok} when the far end answered usefully, {@link
   * Outcome.NoAnswer} when nothing came back, another outcome for an answer with an error (which
   * still proves the path), {@link Outcome.NotApplicable} when it cannot be checked.
   *
   * <p>By default: the Test action, ok when one of its reports is; a dynamic port is not checked.
   */
  default Outcome ask(Access access, ProbeContext context) throws InterruptedException {
    if (access.check() == Access.Check.DYNAMIC) {
      return new Outcome.NotApplicable(access.purpose() + ": the port is learned at run time and not checked in advance");
    }
    List<TestReport> reports = test(context.target().address(), context);
    String words = reports.stream().flatMap(r -> r.fields().stream()).filter(f -> f.label().equals("verdict"))
        .map(TestReport.Field::value).collect(Collectors.joining("; "));
    return reports.stream().anyMatch(TestReport::ok) ? new Outcome.Ok(List.of(), words) : new Outcome.NoAnswer(words);
  }
}

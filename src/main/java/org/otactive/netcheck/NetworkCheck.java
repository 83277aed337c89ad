package org.otactive.netcheck;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.otactive.common.Text;
import org.otactive.probe.Access;
import org.otactive.probe.Configured;
import org.otactive.probe.Impact;
import org.otactive.probe.Outcome;
import org.otactive.probe.Peer;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.StreamConnection;
import org.otactive.safety.Blocked;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;

/**
 * The network-access check of one method on one site: which interface and gateway carry its
 * traffic (to its peers, and to the site's subnets when it talks to the devices), then each of the
 * method's declared {@link Access}es tried once: one question or one TCP connect, closed at once,
 * through the {@link Sender} (a gate whose scope is the site and whose peers are the method's).
 * Nothing is sent where there is no route. For what fails it names the missing firewall rule.
 */
public final class NetworkCheck {
  /** How long a connect waits. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** The way to the network of one check; the caller makes it from a gate. */
  @FunctionalInterface
  public interface Sender {
    /**
     * Runs {@code action} with a context for {@code target} (its device slot held), through the
     * gate: returns {@link Outcome.Blocked} when the gate refuses, nothing sent.
     */
    Outcome send(InetAddress target, Action action) throws InterruptedException;
  }

  /** What is sent for one access. */
  @FunctionalInterface
  public interface Action {
    Outcome run(ProbeContext context) throws InterruptedException;
  }

  private final Site site;
  private final String method;
  private final Configured configured;
  private final RouteTable routes;
  private final Map<InetAddress, Route> routeCache = new LinkedHashMap<>();

  public NetworkCheck(Site site, Configured configured, RouteTable routes) {
    this.site = site;
    this.method = configured.method().id();
    this.configured = configured;
    this.routes = routes;
  }

  /** Whether the method's traffic goes to the devices themselves (then the site's subnets need routes). */
  public boolean talksToTargets() {
    return configured.spec().impact() != Impact.INFRASTRUCTURE_ONLY || configured.access().stream().anyMatch(Access::toTargets);
  }

  /** The routes only: sends nothing. */
  public List<Finding> routes() {
    List<Finding> out = new ArrayList<>();
    if (talksToTargets()) {
      for (RouteMap.Piece p : RouteMap.of(site.ranges(), routes)) {
        out.add(routeFinding(p.addresses(), p.route()));
      }
    }
    for (InetSocketAddress peer : peers()) out.add(routeFinding(Addresses.canonical(peer.getAddress()), route(peer.getAddress())));
    return out;
  }

  private List<InetSocketAddress> peers() {
    return configured.peers().stream().map(Peer::endpoint).distinct().toList();
  }

  private Finding routeFinding(String to, Route r) {
    return r.routed()
        ? new Finding(site.name(), method, "route", to, r.describe(), Finding.OK, "", "")
        : new Finding(site.name(), method, "route", to, r.describe(), "no route", r.problem(),
            "add a route from this host to " + to);
  }

  private Route route(InetAddress a) {
    return routeCache.computeIfAbsent(a, routes::lookup);
  }

  /**
   * Tries every declared access once (for the targets: once per sample), through {@code sender}.
   *
   * @param samples devices of the site to try the targets' accesses on (few; spread over its subnets)
   * @param sendsAllowed null when sending is allowed, else why not (active monitoring off, site
   *     stopped): then every access is reported as not sent
   */
  public List<Finding> accesses(List<InetAddress> samples, String sendsAllowed, Sender sender) throws InterruptedException {
    List<Finding> out = new ArrayList<>();
    for (Access access : configured.access()) {
      if (access.toTargets()) {
        if (samples.isEmpty()) {
          out.add(new Finding(site.name(), method, checkName(access), "the site's devices", "", "not checked",
              "no device of the site to try: import passive knowledge first (otactive passive import)", ""));
        }
        for (InetAddress sample : samples) out.add(tryOne(access, sample, sample, sendsAllowed, sender));
      } else {
        InetAddress peer = access.peer().endpoint().getAddress();
        Optional<InetAddress> about = firstServed(access.peer());
        if (about.isEmpty()) {
          out.add(new Finding(site.name(), method, checkName(access), endpoint(peer, access), route(peer).describe(),
              "not checked", "it serves no address of the site", ""));
          continue;
        }
        out.add(tryOne(access, peer, about.get(), sendsAllowed, sender));
      }
    }
    return out;
  }

  private Optional<InetAddress> firstServed(Peer peer) {
    AddressSet served = peer.serves().isEmpty() ? site.ranges() : site.ranges().minus(site.ranges().minus(peer.serves()));
    var it = served.iterator();
    return it.hasNext() ? Optional.of(it.next()) : Optional.empty();
  }

  private static String checkName(Access a) {
    return a.portText() + " " + a.check().name().toLowerCase(java.util.Locale.ROOT) + " (" + a.purpose() + ")";
  }

  private static String endpoint(InetAddress host, Access a) {
    String h = Addresses.canonical(host);
    if (h.contains(":")) h = "[" + h + "]";
    return a.port() == 0 ? h : h + ":" + a.port();
  }

  /** One access to {@code host} ({@code about} is the target the gate and the question concern). */
  private Finding tryOne(Access access, InetAddress host, InetAddress about, String sendsAllowed, Sender sender)
      throws InterruptedException {
    Route r = route(host);
    String to = endpoint(host, access);
    String check = checkName(access);
    if (!r.routed()) return new Finding(site.name(), method, check, to, r.describe(), "not sent", "no route", "");
    if (sendsAllowed != null) return new Finding(site.name(), method, check, to, r.describe(), "not sent", sendsAllowed, "");
    Outcome o = switch (access.check()) {
      case CONNECT -> sender.send(about, ctx -> connect(ctx, new InetSocketAddress(host, access.port())));
      case ASK, DYNAMIC -> sender.send(about, ctx -> configured.ask(access, ctx));
    };
    return finding(access, check, to, host, r, o);
  }

  private Finding finding(Access access, String check, String to, InetAddress host, Route r, Outcome o) {
    String from = r.source() != null ? r.source() : "this host";
    String dest = access.toTargets() ? subnetOf(host) : Addresses.canonical(host);
    String rule = "allow " + (access.port() == 0 ? access.transport().word() : access.portText()) + " from " + from + " to " + dest
        + (access.port() == 0 ? " on the ports it names at run time" : "");
    String result;
    String fix = "";
    switch (o) {
      case Outcome.Ok ok -> result = Finding.OK;
      case Outcome.NoAnswer n -> {
        result = "no answer";
        fix = rule;
      }
      case Outcome.Refused ref when access.check() == Access.Check.CONNECT -> {
        result = "refused";
        fix = rule + ", or start the service there (a reset: nothing listens, or a firewall rejects)";
      }
      case Outcome.Refused ref -> {
        result = "refused";
        fix = "let " + from + " ask it in its own configuration (it answers, but refuses us)";
      }
      case Outcome.Blocked b -> result = "not sent";
      case Outcome.NotApplicable n -> {
        result = "not checked";
        if (access.check() == Access.Check.DYNAMIC) fix = rule;
      }
      default -> result = "error answer";
    }
    return new Finding(site.name(), method, check, to, r.describe(), result, Text.safe(o.detail()), fix);
  }

  /** The site's range holding {@code a}, as CIDR blocks where exact: what a firewall rule names. */
  private String subnetOf(InetAddress a) {
    for (String spec : site.ranges().specs()) {
      var range = AddressSet.parseRange(spec);
      if (AddressSet.of(spec).contains(a)) return RouteMap.text(range);
    }
    return Addresses.canonical(a);
  }

  /** One TCP connect through the gate, closed at once; nothing is written. */
  static Outcome connect(ProbeContext ctx, InetSocketAddress to, Duration timeout) throws InterruptedException {
    String where = Addresses.canonical(to.getAddress()) + ":" + to.getPort();
    Instant start = ctx.clock().instant();
    try (StreamConnection c = ctx.connect(to, timeout)) {
      long ms = Duration.between(start, ctx.clock().instant()).toMillis();
      return new Outcome.Ok(List.of(), "connected to " + where + " in " + ms + " ms; closed at once");
    } catch (Blocked b) {
      return new Outcome.Blocked(b.getMessage());
    } catch (ConnectException e) {
      return new Outcome.Refused(where + " reset the connection: nothing listens there, or a firewall rejects it");
    } catch (SocketTimeoutException e) {
      return new Outcome.NoAnswer("no answer from " + where + " within " + timeout.toMillis() + " ms: dropped on the way?");
    } catch (NoRouteToHostException e) {
      return new Outcome.NoAnswer(where + " is unreachable (" + Text.safe(e.getMessage()) + ")");
    } catch (IOException e) {
      return new Outcome.ProtocolError("connect to " + where + " failed: " + Text.safe(e.getMessage()));
    }
  }

  static Outcome connect(ProbeContext ctx, InetSocketAddress to) throws InterruptedException {
    return connect(ctx, to, CONNECT_TIMEOUT);
  }
}

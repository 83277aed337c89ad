package org.otactive.supervise;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.common.BadInputException;
import org.otactive.netcheck.Finding;
import org.otactive.netcheck.NetworkCheck;
import org.otactive.netcheck.RouteTable;
import org.otactive.plan.AddressPlan;
import org.otactive.plan.GapPlanner;
import org.otactive.plan.Knowledge;
import org.otactive.plan.SiteMethod;
import org.otactive.probe.Outcome;
import org.otactive.run.RunState;
import org.otactive.run.Tester;
import org.otactive.safety.Blocked;
import org.otactive.safety.StopSwitch;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;
import org.otactive.store.JdbcRunLog;

/**
 * The network-access check ({@code otactive netcheck}) under supervision: who may (a site's
 * controllers; all sites: admins), routes always (they send nothing), and the sends only while
 * active monitoring is on and the site is not stopped. Each method's sends are a run of trigger
 * {@code netcheck}, audited, watched like any run (a stop ends them), through a gate whose scope
 * is the site and whose peers are the method's: one question or one connect per access, closed
 * at once. Windows do not apply (as for a Test action: a few packets, asked for by a person).
 */
public final class NetChecks {
  /** How long one method's sends may take at most. */
  public static final Duration DEADLINE = Duration.ofMinutes(2);
  /** Most devices tried per method and access. */
  public static final int MAX_SAMPLE = 100;

  private final Supervisor supervisor;
  private final LegRunner legs;

  NetChecks(Supervisor supervisor, LegRunner legs) {
    this.supervisor = supervisor;
    this.legs = legs;
  }

  /**
   * Checks one site (or every site, when {@code site} is null) for its enabled methods, or for
   * {@code method} alone (configured, enabled or not).
   *
   * @param sample devices tried per access to the devices themselves (1..{@value #MAX_SAMPLE})
   * @param stop the caller's switch (Ctrl-C): throwing it ends the sends
   */
  public List<Finding> check(String actor, String site, String method, int sample, RouteTable routes, StopSwitch stop)
      throws InterruptedException {
    if (sample < 1 || sample > MAX_SAMPLE) throw new BadInputException("--sample out of range: " + sample + " (1.." + MAX_SAMPLE + ")");
    List<Site> sites;
    if (site != null) {
      sites = List.of(supervisor.site(site));
      supervisor.controller(actor, site, "check network access");
    } else {
      supervisor.admin(actor, "check network access of every site");
      sites = supervisor.sites().list();
      if (sites.isEmpty()) throw new BadInputException("there is no site yet (otactive site add NAME ...)");
    }
    if (method != null) supervisor.method(method);
    List<Finding> out = new ArrayList<>();
    for (Site s : sites) {
      List<SiteMethod> chosen = supervisor.planning().methods(s.name()).stream()
          .filter(m -> m.isConfigured() && (method != null ? m.id().equals(method) : m.enabled())).toList();
      if (chosen.isEmpty()) {
        if (method != null && site != null) {
          throw new BadInputException(method + " is not configured on site " + s.name() + " (otactive method set " + method
              + " --site " + s.name() + " ...)");
        }
        out.add(new Finding(s.name(), method == null ? "-" : method, "methods", "", "", "not checked",
            method == null ? "no method is enabled on the site" : method + " is not configured on the site", ""));
        continue;
      }
      for (SiteMethod m : chosen) out.addAll(checkOne(actor, s, m, sample, routes, stop));
    }
    return out;
  }

  private List<Finding> checkOne(String actor, Site site, SiteMethod m, int sample, RouteTable routes, StopSwitch stop)
      throws InterruptedException {
    NetworkCheck check = new NetworkCheck(site, m.configured(), routes);
    List<Finding> out = new ArrayList<>(check.routes());
    List<InetAddress> samples = check.talksToTargets() ? samples(site, m, sample) : List.of();
    String held = held(site);
    if (held != null || stop.isStopped()) {
      out.addAll(check.accesses(samples, held != null ? held : "stopped: " + stop.reason(), null));
      return out;
    }
    Instant now = supervisor.clock().instant();
    long runId = supervisor.changeAndRecord(() -> {
      long id = supervisor.runs().begin(m.id(), "netcheck site=" + site.name() + " samples=" + samples.stream()
          .map(Addresses::canonical).toList(), samples.size() + m.configured().peers().size(), JdbcRunLog.NETCHECK, actor, false, now);
      supervisor.record(actor, "netcheck", "run " + id + " site " + site.name() + " method " + m.id(), "",
          m.configured().access().size() + " access(es), " + samples.size() + " device(s) sampled");
      return id;
    });
    // A switch of its own (the gate's is thrown when the check is over), thrown by the caller's.
    StopSwitch own = new StopSwitch();
    Runnable relay = () -> own.stop(stop.reason());
    stop.onStop(relay);
    List<Finding> sent;
    try {
      sent = legs.once(new LegRunner.Watch(runId, java.util.Set.of(site.name()), m.id(), false), site.ranges()::contains,
          m.configured(), samples.size() + m.configured().peers().size() + 1, DEADLINE, own,
          gate -> check.accesses(samples, null, (target, action) -> {
            try {
              return Tester.test(gate, target, supervisor.clock(), action::run);
            } catch (Blocked b) {
              return new Outcome.Blocked(b.getMessage());
            }
          }));
    } catch (Blocked b) {
      sent = List.of(); // once() itself sends nothing; a refusal comes back per access as Blocked
    } finally {
      stop.removeListener(relay);
    }
    boolean stopped = LegRunner.stoppedBeforeItsEnd(own);
    supervisor.runs().transition(runId, Supervisor.UNFINISHED, stopped ? RunState.STOPPED : RunState.COMPLETED,
        stopped ? own.reason() : null, supervisor.clock().instant());
    out.addAll(sent);
    return out;
  }

  /** Why nothing may be sent on the site now, or null. */
  private String held(Site site) {
    if (!supervisor.monitoringOn()) return "active monitoring is off (an admin turns it on); only routes were checked";
    return supervisor.store().siteStop(site.name()).map(st -> "site " + site.name() + " is stopped (" + st.reason() + ")")
        .orElse(null);
  }

  /**
   * Up to {@code n} devices of the inventory in the site that the method would ask (worth asking
   * and usable there), taken in turn from each of the site's ranges so every subnet is tried early.
   */
  private List<InetAddress> samples(Site site, SiteMethod m, int n) {
    Knowledge k = supervisor.planning().knowledge(site);
    GapPlanner planner = supervisor.planning().planner(site.name());
    Map<String, List<InetAddress>> byRange = new LinkedHashMap<>();
    for (String spec : site.ranges().specs()) {
      List<InetAddress> list = new ArrayList<>();
      for (InetAddress a : AddressSet.of(spec)) {
        if (!k.isDevice(a)) continue;
        AddressPlan p = planner.plan(a);
        if (p.gaps().containsKey(m.id()) && !p.unavailable().containsKey(m.id())) list.add(a);
        if (list.size() >= n) break;
      }
      byRange.put(spec, list);
    }
    List<InetAddress> out = new ArrayList<>();
    for (int i = 0; out.size() < n; i++) {
      boolean any = false;
      for (List<InetAddress> list : byRange.values()) {
        if (i < list.size() && out.size() < n) {
          out.add(list.get(i));
          any = true;
        }
      }
      if (!any) break;
    }
    return out;
  }
}

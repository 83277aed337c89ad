package org.otactive.supervise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.common.BadInputException;
import org.otactive.inventory.Inventory;
import org.otactive.plan.Coverage;
import org.otactive.plan.CoverageReport;
import org.otactive.plan.DryRun;
import org.otactive.plan.DryRunReport;
import org.otactive.plan.GapPlanner;
import org.otactive.plan.Knowledge;
import org.otactive.plan.SiteMethod;
import org.otactive.probe.Method;
import org.otactive.scope.Site;
import org.otactive.store.JdbcSupervision.MethodSetting;

/**
 * Planning before packets, for a site: its methods as configured there, what the inventory knows
 * about its scope, the coverage report, the minimal plan that {@code only-gaps} runs follow, and
 * dry runs. Everything here reads the store and sends nothing; any known user may look.
 */
public final class Planning {
  private final Supervisor supervisor;
  private final Inventory inventory;

  Planning(Supervisor supervisor, Inventory inventory) {
    this.supervisor = supervisor;
    this.inventory = inventory;
  }

  /** Every registered method as the site has it, in registry order (settings read with their secrets). */
  public List<SiteMethod> methods(String site) {
    Map<String, MethodSetting> rows = new LinkedHashMap<>();
    for (MethodSetting m : supervisor.store().methods(site)) rows.put(m.method(), m);
    List<SiteMethod> out = new ArrayList<>();
    for (Method m : supervisor.registry().all()) {
      MethodSetting row = rows.get(m.id());
      out.add(row == null ? SiteMethod.notConfigured(m)
          : new SiteMethod(m, supervisor.methodSettings().configured(row), row.enabled(), row.onlyGaps()));
    }
    return out;
  }

  /** What the inventory knows about the site's scope. */
  public Knowledge knowledge(Site site) {
    return Knowledge.of(inventory::eachDevice, site.ranges());
  }

  /** The minimal plan of a site, address by address. */
  public GapPlanner planner(String site) {
    Site s = supervisor.site(site);
    Knowledge k = knowledge(s);
    return new GapPlanner(methods(site), k::about);
  }

  /** The coverage report of a site (any known user). */
  public CoverageReport coverage(String actor, String site) {
    supervisor.user(actor);
    Site whole = supervisor.site(site);
    // What its runs may touch: less what other sites excluded, as the runs and the dry run leave out.
    Site s = new Site(whole.name(), whole.zone(), supervisor.reachable(whole), whole.excluded());
    Knowledge k = knowledge(s);
    return Coverage.of(s, new GapPlanner(methods(site), k::about), k);
  }

  /**
   * Dry runs of the site's configured methods, or of {@code method} alone (any known user).
   *
   * @throws BadInputException when the method is unknown or not configured on the site, or none is
   */
  public List<DryRunReport> dryRuns(String actor, String site, String method) {
    supervisor.user(actor);
    Site s = supervisor.site(site);
    if (method != null) supervisor.method(method);
    List<SiteMethod> all = methods(site);
    Knowledge k = knowledge(s);
    GapPlanner planner = new GapPlanner(all, k::about);
    List<String> refusals = new ArrayList<>();
    if (!supervisor.monitoringOn()) refusals.add("active monitoring is off: nothing is sent until an admin switches it on");
    supervisor.store().siteStop(site).ifPresent(st -> refusals.add("site " + site + " is stopped (" + st.reason()
        + "): nothing runs until an owner re-arms it"));
    var now = supervisor.clock().instant();
    var windows = supervisor.windows(site);
    List<Site> sites = supervisor.sites().list();
    List<DryRunReport> out = new ArrayList<>();
    for (SiteMethod m : all) {
      if (method != null && !m.id().equals(method)) continue;
      if (!m.isConfigured()) {
        if (method == null) continue;
        throw new BadInputException(method + " is not configured on site " + site + " (otactive method set " + method
            + " --site " + site + " ...)");
      }
      MethodSetting row = supervisor.store().method(site, m.id()).orElseThrow();
      out.add(DryRun.of(m, planner, new DryRun.Context(s, windows, supervisor.schedule(row), now, refusals, sites)));
    }
    if (out.isEmpty()) {
      throw new BadInputException("no method is configured on site " + site + " (otactive method set METHOD --site " + site
          + " ...)");
    }
    return out;
  }
}

package org.otactive.plan;

import java.util.List;
import org.otactive.scope.Site;

/**
 * Coverage of a site: for every device in scope what is known and from where, the gaps each method
 * could fill and a verdict; the addresses nothing is known about, grouped in runs; the minimal plan
 * as (method, addresses) rows; and the addresses no method can help with.
 *
 * @param addresses how many addresses the site's scope holds
 * @param devices the inventory's devices in scope, in address order
 * @param unknown the other addresses of the scope, in runs that share a verdict
 * @param plan the minimal plan: per method (registry order), runs of addresses it asks, with what it fills there
 * @param helpless runs of addresses where some method would learn something but none can ask
 * @param unnecessary how many addresses need no active query
 */
public record CoverageReport(Site site, List<SiteMethod> methods, long addresses, List<AddressPlan> devices,
    List<Group> unknown, List<PlanRow> plan, List<Group> helpless, long unnecessary) {
  public CoverageReport {
    methods = List.copyOf(methods);
    devices = List.copyOf(devices);
    unknown = List.copyOf(unknown);
    plan = List.copyOf(plan);
    helpless = List.copyOf(helpless);
  }

  /** Consecutive addresses that share a verdict. */
  public record Group(String addresses, long count, String gaps, String verdict) {}

  /**
   * One row of the minimal plan: consecutive addresses one method asks, and what it fills there.
   *
   * @param devices how many of them are devices of the inventory (the rest: nothing known)
   */
  public record PlanRow(String method, String addresses, long count, String fills, long devices) {}

  /** How many (method, address) pairs the minimal plan asks. */
  public long pairs() {
    return plan.stream().mapToLong(PlanRow::count).sum();
  }

  /** How many addresses no method can help with. */
  public long helplessCount() {
    return helpless.stream().mapToLong(Group::count).sum();
  }
}

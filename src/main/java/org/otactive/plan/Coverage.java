package org.otactive.plan;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.scope.Site;

/** Builds a site's {@link CoverageReport}: one walk over its scope through a {@link GapPlanner}. Sends nothing. */
public final class Coverage {
  private Coverage() {}

  public static CoverageReport of(Site site, GapPlanner planner, Knowledge knowledge) {
    Knowledge.checkWalkable(site);
    List<AddressPlan> devices = new ArrayList<>();
    AddressRuns<List<String>> unknown = new AddressRuns<>();
    AddressRuns<String> helpless = new AddressRuns<>();
    Map<String, AddressRuns<String>> plan = new LinkedHashMap<>();
    for (SiteMethod m : planner.methods()) plan.put(m.id(), new AddressRuns<>());
    long addresses = 0;
    long unnecessary = 0;
    for (InetAddress a : site.ranges()) {
      addresses++;
      AddressPlan p = planner.plan(a);
      boolean device = knowledge.isDevice(a);
      if (device) {
        devices.add(p);
      } else {
        List<String> label = List.of(p.gapsText(), p.verdict());
        unknown.add(a, label);
      }
      if (p.unnecessary()) unnecessary++;
      if (p.helpless()) helpless.add(a, p.verdict());
      for (String m : p.cover()) plan.get(m).add(a, String.join(", ", p.gaps().get(m)), device);
    }
    List<CoverageReport.Group> unknownGroups = new ArrayList<>();
    for (var r : unknown.runs()) unknownGroups.add(new CoverageReport.Group(r.spec(), r.count(), r.label().get(0), r.label().get(1)));
    List<CoverageReport.Group> helplessGroups = new ArrayList<>();
    for (var r : helpless.runs()) {
      helplessGroups.add(new CoverageReport.Group(r.spec(), r.count(), "", r.label()));
    }
    List<CoverageReport.PlanRow> rows = new ArrayList<>();
    for (var e : plan.entrySet()) {
      for (var r : e.getValue().runs()) {
        rows.add(new CoverageReport.PlanRow(e.getKey(), r.spec(), r.count(), r.label(), r.marked()));
      }
    }
    return new CoverageReport(site, planner.methods(), addresses, devices, unknownGroups, rows, helplessGroups, unnecessary);
  }
}

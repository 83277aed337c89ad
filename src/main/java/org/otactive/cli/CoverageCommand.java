package org.otactive.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.plan.AddressPlan;
import org.otactive.plan.CoverageReport;
import org.otactive.plan.SiteMethod;
import org.otactive.scope.Addresses;
import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otactive coverage --site S [--plan]}: what is known, the gaps, and the minimal plan. Sends nothing. */
@Command(name = "coverage", mixinStandardHelpOptions = true,
    description = {"Coverage of a site: for every device in scope what is known and from where, the gaps each method"
        + " could fill, and a verdict; the addresses nothing is known about, in runs.",
        "With --plan: the minimal plan, the (method, addresses) rows that fill the gaps, and the addresses no method can"
            + " help with. Sends nothing."})
final class CoverageCommand extends Supervised {
  @Option(names = "--site", required = true, paramLabel = "NAME") String site;
  @Option(names = "--plan", description = "Show the minimal plan instead of the coverage per device.") boolean plan;
  @Mixin Listing.Format format;

  @Override
  int execute(Services s) throws Exception {
    CoverageReport r = s.supervisor().planning().coverage(actor(), site);
    if (plan) printPlan(r);
    else printCoverage(r);
    summary(r, err());
    return 0;
  }

  private void printCoverage(CoverageReport r) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    for (AddressPlan p : r.devices()) {
      rows.add(List.of(Addresses.canonical(p.address()), "1", known(p), p.gapsText(), p.verdict()));
    }
    for (CoverageReport.Group g : r.unknown()) {
      rows.add(List.of(g.addresses(), String.valueOf(g.count()), "nothing", g.gaps(), g.verdict()));
    }
    Addresses.sortByAddress(rows, row -> first(row.get(0)));
    Listing.print(out(), format.format, List.of("addresses", "count", "known", "gaps", "verdict"), rows);
  }

  private static String first(String spec) {
    int dash = spec.indexOf('-');
    return dash < 0 ? spec : spec.substring(0, dash);
  }

  /** {@code hostname=hmi-7 (passive); mac=00:1b:... (passive)}: each attribute with its sources. */
  static String known(AddressPlan p) {
    List<String> parts = new ArrayList<>();
    for (String a : p.known().attributes()) {
      Map<String, List<String>> bySource = new LinkedHashMap<>();
      for (String source : p.known().sources(a)) {
        bySource.computeIfAbsent(p.known().values().get(a).get(source), v -> new ArrayList<>()).add(source);
      }
      List<String> vs = new ArrayList<>();
      bySource.forEach((v, sources) -> vs.add(v + " (" + String.join(", ", sources) + ")"));
      parts.add(a + "=" + String.join(" | ", vs));
    }
    return parts.isEmpty() ? "nothing" : String.join("; ", parts);
  }

  private void printPlan(CoverageReport r) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    for (CoverageReport.PlanRow p : r.plan()) {
      rows.add(List.of(p.method(), p.addresses(), String.valueOf(p.count()), String.valueOf(p.devices()), p.fills(), ""));
    }
    for (CoverageReport.Group g : r.helpless()) {
      rows.add(List.of("-", g.addresses(), String.valueOf(g.count()), "", "", g.verdict()));
    }
    Listing.print(out(), format.format, List.of("method", "addresses", "count", "devices", "fills", "why-not"), rows);
  }

  static void summary(CoverageReport r, PrintWriter err) {
    List<String> states = new ArrayList<>();
    for (SiteMethod m : r.methods()) states.add(m.id() + " (" + m.state() + ")");
    err.printf("coverage of site %s: %d addresses, %d devices known; %d need no active query; minimal plan: %d"
        + " (method, address) pairs; %d addresses no method can help with. Methods: %s%n", r.site().name(), r.addresses(),
        r.devices().size(), r.unnecessary(), r.pairs(), r.helplessCount(), String.join(", ", states));
    err.flush();
  }
}

package org.otactive.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.common.DurationText;
import org.otactive.common.Text;
import org.otactive.plan.DryRunReport;
import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code otactive plan --site S [--method M]}: the dry run. Sends nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
    description = {"Dry run of a site's methods (or one): the addresses each would touch, the servers it would ask,"
        + " packets and TCP connections per device and in total, the budget and how long it takes at it, when it"
        + " would run, and what is left out and why. Sends nothing."})
final class PlanCommand extends Supervised {
  @Option(names = "--site", required = true, paramLabel = "NAME") String site;
  @Option(names = "--method", paramLabel = "METHOD", description = "Only this method (configured on the site, enabled or not).")
  String method;
  @Mixin Listing.Format format;

  @Override
  int execute(Services s) throws Exception {
    List<DryRunReport> reports = s.supervisor().planning().dryRuns(actor(), site, method);
    switch (format.format) {
      case TABLE -> reports.forEach(r -> text(r, out()));
      case CSV -> {
        List<List<String>> rows = new ArrayList<>();
        for (DryRunReport r : reports) {
          rows.add(List.of(r.site(), r.method(), r.state(), String.valueOf(r.targetCount()), String.join(",", r.targets()),
              String.valueOf(r.spec().packetsPerTarget()), String.valueOf(r.spec().maxPacketsPerTarget()),
              String.valueOf(r.spec().connectionsPerTarget()), String.valueOf(r.spec().maxConnectionsPerTarget()),
              String.valueOf(r.packets()), String.valueOf(r.maxPackets()), String.valueOf(r.connections()),
              String.valueOf(r.maxConnections()), r.budget().perPeerRate().text(), String.valueOf(r.budget().perPeerInFlight()),
              r.typical().map(DurationText::format).orElse(""), r.worst().map(DurationText::format).orElse(""),
              String.valueOf(r.excluded().stream().mapToLong(DryRunReport.Excluded::count).sum())));
        }
        Listing.print(out(), format.format, List.of("site", "method", "state", "targets", "addresses", "packets-per-device",
            "max-packets-per-device", "connections-per-device", "max-connections-per-device", "packets", "max-packets",
            "connections", "max-connections", "rate-per-peer", "in-flight-per-peer", "duration", "max-duration",
            "excluded"), rows);
      }
      case JSON -> {
        List<Map<String, Object>> json = new ArrayList<>();
        for (DryRunReport r : reports) json.add(json(r));
        Listing.json().writeValue(out(), json);
        out().println();
        out().flush();
      }
    }
    err().println("plan: nothing was sent");
    return 0;
  }

  private static Map<String, Object> json(DryRunReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("site", r.site());
    m.put("method", r.method());
    m.put("state", r.state());
    m.put("impact", r.spec().impact().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    m.put("sends", r.spec().sends());
    m.put("scope", r.scope());
    m.put("targets", r.targetCount());
    m.put("addresses", r.targets());
    m.put("peers", r.peers());
    m.put("perDevice", Map.of("packets", r.spec().packetsPerTarget(), "maxPackets", r.spec().maxPacketsPerTarget(),
        "connections", r.spec().connectionsPerTarget(), "maxConnections", r.spec().maxConnectionsPerTarget()));
    m.put("total", Map.of("packets", r.packets(), "maxPackets", r.maxPackets(), "connections", r.connections(),
        "maxConnections", r.maxConnections()));
    m.put("budget", Map.of("ratePerPeer", r.budget().perPeerRate().text(), "inFlightPerPeer", r.budget().perPeerInFlight(),
        "concurrency", r.budget().concurrency()));
    m.put("duration", r.typical().map(DurationText::format).orElse(null));
    m.put("maxDuration", r.worst().map(DurationText::format).orElse(null));
    m.put("windows", r.windows().stream().map(w -> Map.of("start", w.start().toString(), "end", w.end().toString())).toList());
    m.put("excluded", r.excluded());
    m.put("when", r.when());
    return m;
  }

  static void text(DryRunReport r, PrintWriter out) {
    out.println(r.method() + " on site " + r.site() + " (" + r.displayName() + ", " + r.state() + ")");
    out.println("  sends:      " + r.spec().sends() + " [" + r.spec().impact().name().toLowerCase(java.util.Locale.ROOT)
        .replace('_', '-') + "]");
    out.println("  addresses:  " + r.targetCount() + " of " + r.scope() + " in scope" + (r.targets().isEmpty() ? ""
        : ": " + abbreviate(r.targets())));
    for (DryRunReport.PeerLoad p : r.peers()) {
      out.println("  asks:       " + p.role() + " " + p.endpoint() + ": first for " + p.first() + " addresses, may be asked about "
          + p.serves());
    }
    out.println("  per device: " + Text.count(r.spec().packetsPerTarget(), "packet") + " (at worst "
        + r.spec().maxPacketsPerTarget() + "), " + Text.count(r.spec().connectionsPerTarget(), "TCP connection")
        + " (at worst " + r.spec().maxConnectionsPerTarget() + ")");
    out.println("  in total:   " + Text.count(r.packets(), "packet") + " (at worst " + r.maxPackets() + "), "
        + Text.count(r.connections(), "TCP connection") + " (at worst " + r.maxConnections() + ")");
    out.printf("  budget:     %s packets/s and %d in flight per %s, %d devices at once%n", r.budget().perPeerRate().text(),
        r.budget().perPeerInFlight(), r.peers().isEmpty() ? "device" : "server", r.budget().concurrency());
    for (DryRunReport.Excluded e : r.excluded()) {
      out.println("  excluded:   " + e.addresses() + " (" + e.count() + "): " + e.why());
    }
    for (String w : r.when()) out.println("  when:       " + w);
    out.println();
    out.flush();
  }

  private static String abbreviate(List<String> runs) {
    if (runs.size() <= 8) return String.join(",", runs);
    return String.join(",", runs.subList(0, 8)) + ",... (" + runs.size() + " runs)";
  }
}

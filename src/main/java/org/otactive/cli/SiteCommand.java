package org.otactive.cli;

import java.util.ArrayList;
import java.util.List;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.JdbcSupervision;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive site}: plant sites, their zone, ranges and owners. */
@Command(name = "site", mixinStandardHelpOptions = true, description = "Sites: time zone, address ranges, owners.",
    subcommands = {SiteCommand.Add.class, SiteCommand.ListSites.class, SiteCommand.Show.class})
final class SiteCommand {
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or change a site (admins).")
  static final class Add extends Supervised {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--zone", required = true, paramLabel = "ZONE", description = "Time zone of its windows, e.g. Europe/Berlin.") String zone;
    @Option(names = "--ranges", required = true, split = ",", paramLabel = "RANGE", description = "Addresses active monitoring may touch.") List<String> ranges;
    @Option(names = "--exclude", split = ",", paramLabel = "RANGE", description = "Addresses never to touch.") List<String> exclude = new ArrayList<>();
    @Option(names = "--owner", paramLabel = "USER", description = "An owner of the site (repeatable).") List<String> owners = new ArrayList<>();
    @Option(names = "--reason", paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      Site site = new Site(name, Site.zone(zone), AddressSet.of(ranges, exclude));
      s.supervisor().saveSite(actor(), site, owners, reason);
      out().println("site " + site.name() + " (" + site.zone().getId() + "): " + site.ranges().size() + " addresses");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List sites.")
  static final class ListSites extends Supervised {
    @Override
    int execute(Services s) {
      Supervisor sup = s.supervisor();
      List<List<String>> rows = new ArrayList<>();
      for (Site site : sup.sites().list()) {
        rows.add(List.of(site.name(), site.zone().getId(), site.ranges().toString(),
            String.join(",", sup.store().owners(site.name())),
            sup.store().siteStop(site.name()).map(st -> "stopped").orElse("armed")));
      }
      Tables.print(out(), List.of("SITE", "ZONE", "RANGES", "OWNERS", "STATE"), rows);
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One site with its windows and methods.")
  static final class Show extends Supervised {
    @Parameters(paramLabel = "NAME") String name;

    @Override
    int execute(Services s) {
      Supervisor sup = s.supervisor();
      Site site = sup.site(name);
      var o = out();
      o.println("site:     " + site.name());
      o.println("zone:     " + site.zone().getId());
      o.println("ranges:   " + site.ranges() + " (" + site.ranges().size() + " addresses)");
      o.println("owners:   " + String.join(", ", sup.store().owners(name)));
      o.println("state:    " + sup.store().siteStop(name)
          .map(st -> "stopped by " + st.by() + " at " + st.at() + ": " + st.reason()).orElse("armed"));
      var now = sup.clock().instant();
      var w = sup.windows(name);
      java.util.function.Function<java.time.Instant, String> local =
          i -> i.atZone(site.zone()).toLocalDateTime() + " " + site.zone().getId();
      o.println("window:   " + (w.isOpen(now) ? "open until " + w.openUntil(now).map(local).orElse("?")
          : "closed; next opens " + w.nextOpen(now).map(local).orElse("never (no window ahead)")));
      for (JdbcSupervision.StoredWindow sw : sup.store().windows(name)) {
        o.println("  window " + sw.id() + ": " + WindowCommand.describe(sw.definition(), site.zone()) + " [" + sw.source() + "]");
      }
      for (JdbcSupervision.MethodSetting m : sup.store().methods(name)) {
        o.println("method:   " + m.method() + " " + (m.enabled() ? "enabled" : "disabled")
            + "; schedule " + (m.schedule() == null ? "none" : m.schedule()) + "; settings " + m.settings());
      }
      return 0;
    }
  }
}

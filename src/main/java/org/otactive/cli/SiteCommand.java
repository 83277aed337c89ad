package org.otactive.cli;

import java.util.ArrayList;
import java.util.List;
import org.otactive.common.Text;
import org.otactive.scope.Site;
import org.otactive.store.JdbcSupervision;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive site}: plant sites, their zone, ranges and owners. */
@Command(name = "site", mixinStandardHelpOptions = true, description = "Sites: time zone, address ranges, owners.",
    subcommands = {SiteCommand.Add.class, SiteCommand.SetSite.class, SiteCommand.ListSites.class, SiteCommand.Show.class})
final class SiteCommand {
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a site (admins). A name that exists is refused: change a site with `site set`.")
  static final class Add extends Supervised {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--zone", required = true, paramLabel = "ZONE", description = "Time zone of its windows, e.g. Europe/Berlin.") String zone;
    @Option(names = "--ranges", required = true, split = ",", paramLabel = "RANGE", description = "Addresses active monitoring may touch.") List<String> ranges;
    @Option(names = "--exclude", split = ",", paramLabel = "RANGE", description = "Addresses never to touch.") List<String> exclude = new ArrayList<>();
    @Option(names = "--owner", paramLabel = "USER", description = "An owner of the site (repeatable).") List<String> owners = new ArrayList<>();
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      Site site = Site.of(name, Site.zone(zone), ranges, exclude);
      s.supervisor().addSite(actor(), site, owners, reason);
      out().println("site " + site.name() + " (" + site.zone().getId() + "): " + site.ranges().size() + " addresses");
      return 0;
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Change a site's zone, scope or owners (admins); prints which addresses are added and removed.",
          "--ranges replaces the included ranges; --exclude takes addresses out of the (new or current) scope: never to"
              + " touch, by any run, one-off scan or Test action. With --ranges, the site's exclusions are the --exclude"
              + " given (the old ones no longer hold); without, they are added to them."})
  static final class SetSite extends Supervised {
    @Parameters(paramLabel = "NAME") String name;
    @Option(names = "--zone", paramLabel = "ZONE") String zone;
    @Option(names = "--ranges", split = ",", paramLabel = "RANGE") List<String> ranges;
    @Option(names = "--exclude", split = ",", paramLabel = "RANGE") List<String> exclude = new ArrayList<>();
    @Option(names = "--owner", paramLabel = "USER", description = "Add an owner (repeatable).") List<String> owners = new ArrayList<>();
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      Supervisor.SiteChange change = s.supervisor().changeSite(actor(), name, zone, ranges, exclude, owners, reason);
      out().println("site " + name + ": " + change.describe() + "; now " + change.after().ranges() + " ("
          + change.after().ranges().size() + " addresses)");
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List sites.")
  static final class ListSites extends Supervised {
    @Mixin Listing.Format format;

    @Override
    int execute(Services s) throws Exception {
      Supervisor sup = s.supervisor();
      List<List<String>> rows = new ArrayList<>();
      for (Site site : sup.sites().list()) {
        rows.add(List.of(site.name(), site.zone().getId(), site.ranges().toString(),
            String.join(",", sup.store().owners(site.name())),
            sup.store().siteStop(site.name()).map(st -> "stopped").orElse("armed")));
      }
      Listing.print(out(), format.format, List.of("site", "zone", "ranges", "owners", "state"), rows);
      return 0;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One site with its windows and methods.")
  static final class Show extends Supervised {
    @Parameters(paramLabel = "NAME") String name;
    @Mixin Listing.Format format;

    @Override
    int execute(Services s) throws Exception {
      Supervisor sup = s.supervisor();
      Site site = sup.site(name);
      var now = sup.clock().instant();
      var w = sup.windows(name);
      java.util.function.Function<java.time.Instant, String> local =
          i -> i.atZone(site.zone()).toLocalDateTime() + " " + site.zone().getId();
      List<List<String>> rows = new ArrayList<>();
      rows.add(List.of("site", site.name()));
      rows.add(List.of("zone", site.zone().getId()));
      rows.add(List.of("ranges", site.ranges() + " (" + site.ranges().size() + " addresses)"));
      if (!site.excluded().isEmpty()) {
        rows.add(List.of("excluded", site.excluded() + " (" + Text.count(site.excluded().size(), "address", "addresses")
            + ", never touched)"));
      }
      rows.add(List.of("owners", String.join(", ", sup.store().owners(name))));
      rows.add(List.of("state", sup.store().siteStop(name)
          .map(st -> "stopped by " + st.by() + " at " + st.at() + ": " + st.reason()).orElse("armed")));
      rows.add(List.of("window", w.isOpen(now) ? "open until " + w.openUntil(now).map(local).orElse("?")
          : "closed; next opens " + w.nextOpen(now).map(local).orElse("never (no window ahead)")));
      for (JdbcSupervision.StoredWindow sw : sup.store().windows(name)) {
        rows.add(List.of("window " + sw.id(), WindowCommand.describe(sw.definition(), site.zone()) + " [" + sw.source() + "]"));
      }
      for (JdbcSupervision.MethodSetting m : sup.store().methods(name)) {
        rows.add(List.of("method " + m.method(), (m.enabled() ? "enabled" : "disabled") + "; schedule "
            + (m.schedule() == null ? "none" : m.schedule()) + "; settings " + sup.methodSettings().describe(m)));
      }
      if (format.format == OutputFormat.TABLE) {
        // Labels padded to one column, as `site show` has always printed them ("owners:   olga").
        for (List<String> row : rows) {
          String label = row.get(0) + ":";
          out().println(label + " ".repeat(Math.max(1, 10 - label.length())) + row.get(1));
        }
      } else {
        Listing.print(out(), format.format, List.of("field", "value"), rows);
      }
      return 0;
    }
  }
}

package org.otactive.cli;

import java.util.ArrayList;
import java.util.List;
import org.otactive.schedule.Planner;
import org.otactive.schedule.RunSchedule;
import org.otactive.scope.Site;
import org.otactive.store.JdbcSupervision;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code otactive schedule}: when each method runs on each site. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
    description = "Schedules: every N hours or at set times; a run due outside a window waits for the next one.",
    subcommands = {ScheduleCommand.Set.class, ScheduleCommand.ListSchedules.class})
final class ScheduleCommand {
  static final class When {
    @Option(names = "--every", paramLabel = "DURATION", description = "Fixed interval, e.g. 6h.") String every;
    @Option(names = "--at", paramLabel = "HH:MM[,HH:MM...]", description = "Times of day (24-hour clock, site's zone).") String at;
    @Option(names = "--none", description = "No schedule (runs only when started by hand).") boolean none;
  }

  @Command(name = "set", mixinStandardHelpOptions = true, description = "Set the schedule of a method on a site.")
  static final class Set extends Supervised {
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--method", required = true, paramLabel = "METHOD") String method;
    @ArgGroup(exclusive = true, multiplicity = "1") When when;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      String spec = when.none ? null : when.every != null ? "every " + when.every : "at " + when.at;
      RunSchedule r = s.supervisor().setSchedule(actor(), site, method, spec, reason);
      out().println(method + " on " + site + ": " + (r == null ? "no schedule" : r.spec()));
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List schedules with the next start.")
  static final class ListSchedules extends Supervised {
    @picocli.CommandLine.Mixin Listing.Format format;

    @Override
    int execute(Services s) throws Exception {
      Supervisor sup = s.supervisor();
      List<List<String>> rows = new ArrayList<>();
      for (JdbcSupervision.MethodSetting m : sup.store().methods(null)) {
        Site site = sup.site(m.site());
        String next = "-";
        var sched = sup.schedule(m);
        if (sched.isPresent() && m.enabled()) {
          next = Planner.nextStart(sched.get(), sup.windows(m.site()), site.zone(), sup.clock().instant())
              .map(i -> i.atZone(site.zone()).toLocalDateTime().toString()).orElse("never (no window ahead)");
        }
        rows.add(List.of(m.site(), m.method(), m.enabled() ? "enabled" : "disabled",
            sched.map(RunSchedule::spec).orElse("none"), next));
      }
      Listing.print(out(), format.format, List.of("site", "method", "state", "schedule", "next-start-site-time"), rows);
      return 0;
    }
  }
}

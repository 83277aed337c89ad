package org.otactive.cli;

import org.otactive.supervise.Services;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code otactive stop}: the stop button. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = {"Stop a run, a site or everything: no packet leaves after this returns; results are kept.",
        "A stopped site stays stopped, across restarts, until an owner re-arms it."})
final class StopCommand extends Supervised {
  static final class What {
    @Option(names = "--run", paramLabel = "ID") Long run;
    @Option(names = "--site", paramLabel = "NAME") String site;
    @Option(names = "--all") boolean all;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") What what;
  @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

  @Override
  int execute(Services s) {
    if (what.run != null) {
      s.supervisor().stopRun(actor(), what.run, reason);
      out().println("run " + what.run + " stopped");
    } else if (what.site != null) {
      int n = s.supervisor().stopSite(actor(), what.site, reason);
      out().println("site " + what.site + " stopped (" + n + " run(s) stopped); re-arm with: otactive rearm --site " + what.site);
    } else {
      int n = s.supervisor().stopAll(actor(), reason);
      out().println("all sites stopped (" + n + " run(s) stopped)");
    }
    return 0;
  }
}

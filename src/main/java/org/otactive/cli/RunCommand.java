package org.otactive.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive run}: supervised runs. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Supervised runs: start, status, pause, resume.",
    subcommands = {RunCommand.Start.class, RunCommand.Status.class, RunCommand.Pause.class, RunCommand.Resume.class})
final class RunCommand {
  @Command(name = "start", mixinStandardHelpOptions = true,
      description = {"Queue a run of a method over a site's ranges; `otactive serve` executes it.",
          "Outside the site's windows it waits for the next one, unless --outside-window is confirmed."})
  static final class Start extends Supervised {
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--method", required = true, paramLabel = "METHOD") String method;
    @Option(names = "--outside-window", description = "Confirm sending outside the maintenance windows (audited).")
    boolean outsideWindow;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      Supervisor.Started st = s.supervisor().startRun(actor(), site, method, outsideWindow, reason);
      boolean now = !st.opensAt().isAfter(s.supervisor().clock().instant());
      out().println("run " + st.runId() + " queued" + (now ? "" : "; it waits for the window opening at " + st.opensAt()));
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Runs, newest first, or one run.")
  static final class Status extends Supervised {
    @Parameters(paramLabel = "ID", arity = "0..1") Long id;
    @Option(names = "--limit", defaultValue = "20", paramLabel = "N") int limit;
    @picocli.CommandLine.Mixin Listing.Format format;

    @Override
    int execute(Services s) throws Exception {
      List<StoredRun> runs = id != null ? List.of(s.supervisor().run(id)) : s.supervisor().runs().runs(EnumSet.noneOf(org.otactive.run.RunState.class), limit);
      List<List<String>> rows = new ArrayList<>();
      for (StoredRun r : runs) {
        rows.add(List.of(Long.toString(r.id()), r.method(), r.site() == null ? "-" : r.site(), r.state(),
            r.keepsResults() ? r.done() + "/" + r.targets() : "-", Long.toString(r.packets()), r.trigger(), r.requestedBy() == null ? "-" : r.requestedBy(),
            r.stopReason() == null ? "" : r.stopReason()));
      }
      Listing.print(out(), format.format, List.of("id", "method", "site", "state", "done", "packets", "trigger", "by", "reason"), rows);
      return 0;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a run (no packet after this returns; results kept).")
  static final class Pause extends Supervised {
    @Parameters(paramLabel = "ID") long id;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      s.supervisor().pause(actor(), id, reason);
      out().println("run " + id + " paused");
      return 0;
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused run where it stopped.")
  static final class Resume extends Supervised {
    @Parameters(paramLabel = "ID") long id;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      s.supervisor().resume(actor(), id, reason);
      out().println("run " + id + " resumed");
      return 0;
    }
  }
}

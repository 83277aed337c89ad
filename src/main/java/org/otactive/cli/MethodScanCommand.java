package org.otactive.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.otactive.probe.Method;
import org.otactive.supervise.ResultsReport;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code otactive METHOD scan|results --site S}: a supervised scan of a site by one method, and
 * that method's results report for the site. One class for every method: the columns of the report
 * come from the method ({@code Method.report}).
 */
final class MethodScanCommand {
  private MethodScanCommand() {}

  static CommandLine scan(Method method) {
    CommandLine cl = new CommandLine(new Scan(method));
    cl.getCommandSpec().name("scan");
    cl.getCommandSpec().usageMessage().description("Scan a site with " + method.displayName()
        + " now or in its next maintenance window (`otactive serve` executes it); one " + method.id()
        + " run goes at a time in the whole installation, a later one waits.",
        "--now: start now or not at all (refused while the site's window is closed, unless --outside-window)."
            + " --no-wait: refused while another " + method.id() + " run is going, naming it.");
    return cl;
  }

  static CommandLine results(Method method) {
    CommandLine cl = new CommandLine(new Results(method));
    cl.getCommandSpec().name("results");
    cl.getCommandSpec().usageMessage().description("The results of the site's " + method.displayName()
        + " scans: one row per address, its latest outcome and what the inventory holds ("
        + String.join(", ", method.report().stream().map(org.otactive.probe.ReportColumn::header).toList()) + ").");
    return cl;
  }

  @Command(mixinStandardHelpOptions = true)
  static final class Scan extends Supervised {
    private final Method method;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--now", description = "Start now, or be refused when the site's window is closed (no waiting for the next).")
    boolean now;
    @Option(names = "--no-wait", description = "Be refused while another run of the method is going, instead of waiting for it.")
    boolean noWait;
    @Option(names = "--outside-window", description = "Confirm sending outside the site's maintenance windows (audited).")
    boolean outsideWindow;
    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded in the audit log).")
    String reason;

    Scan(Method method) {
      this.method = method;
    }

    @Override
    int execute(Services s) {
      Supervisor sup = s.supervisor();
      var ahead = sup.going(method.id());
      Supervisor.Started st = sup.startRun(actor(), site, method.id(), new Supervisor.Start(outsideWindow, now, noWait), reason);
      var run = sup.run(st.runId());
      boolean inWindow = !st.opensAt().isAfter(sup.clock().instant());
      String when = ahead.isPresent() ? "it waits for run " + ahead.get().id()
          + (ahead.get().site() == null ? "" : " on site " + ahead.get().site()) + " to end"
          : inWindow ? "it starts now" : "it waits for the window opening at " + st.opensAt();
      out().println(method.id() + " run " + st.runId() + " queued on site " + site + ": " + run.targets() + " address(es); "
          + when + " (otactive run status " + st.runId() + "; otactive " + method.id() + " results --site " + site + ")");
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true)
  static final class Results extends Supervised {
    private final Method method;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (CSV unless --format says otherwise).") Path file;
    @Option(names = "--format", paramLabel = "table|csv|json",
        description = "Output format (default: csv with --out, else table).")
    OutputFormat format;

    Results(Method method) {
      this.method = method;
    }

    @Override
    int execute(Services s) throws Exception {
      Path target = file == null ? null : main().cwd.resolve(file);
      Outputs.checkWritable(target);
      ResultsReport.Report r = s.results().of(actor(), site, method.id());
      OutputFormat f = format != null ? format : target != null ? OutputFormat.CSV : OutputFormat.TABLE;
      try (PrintWriter w = Outputs.open(target, out())) {
        Listing.print(w, f, r.headers(), r.rows());
      }
      if (target != null) err().println(r.rows().size() + " row(s) written to " + file);
      return 0;
    }
  }
}

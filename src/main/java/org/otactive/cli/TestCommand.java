package org.otactive.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;
import org.otactive.common.BadInputException;
import org.otactive.probe.Configured;
import org.otactive.probe.Method;
import org.otactive.probe.OptionValues;
import org.otactive.probe.TestReport;
import org.otactive.scope.Addresses;
import org.otactive.store.JdbcSupervision.MethodSetting;
import org.otactive.supervise.LegRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code otactive test METHOD TARGET [options]}: the staging test of any registered method, one
 * query against one target through the method's Test action, with the raw answer, timing and what
 * went wrong in plain words. The settings are the options given, or a site's stored settings
 * ({@code --site}) with the options given on top. Admins only; audited and recorded as a run of
 * trigger {@code test}; stops reach it, windows do not. {@code otactive METHOD --test ADDRESS} is
 * the same action.
 */
final class TestCommand {
  private TestCommand() {}

  /** {@code otactive test}: one subcommand per registered method, added by {@link Main}. */
  @Command(name = "test", mixinStandardHelpOptions = true,
      description = {"Staging test: one query of a method against one target: test METHOD TARGET [options] [--site S].",
          "Admins only; audited; stops apply, maintenance windows do not."})
  static final class Group extends MethodGroup {}

  /** {@code otactive test METHOD}: the method's options, from its descriptor. */
  @Command(mixinStandardHelpOptions = true)
  static final class Of implements Callable<Integer> {
    private final Method method;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "TARGET", description = "The address to ask about (a staging device first).")
    String target;

    @Option(names = "--site", paramLabel = "NAME",
        description = "Use this site's stored settings of the method (options given here replace theirs).")
    String site;

    private Of(Method method) {
      this.method = method;
    }

    static CommandLine commandLine(Method method) {
      return MethodOptions.command(new Of(method), method, method.displayName() + ": one query about TARGET, with the raw"
          + " answer, timing and what went wrong. Options as for `otactive method set " + method.id() + "`.");
    }

    @Override
    public Integer call() throws Exception {
      Main main = (Main) spec.root().userObject();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      InetAddress address = Addresses.parse(target);
      OptionValues given = MethodOptions.given(spec.commandLine().getParseResult(), method, main.env);
      // Without a site the settings are checked before anything is opened or sent.
      Configured plain = site == null ? method.configure(given) : null;
      return LocalSends.run(main, err, (services, stop) -> {
        Configured configured = plain;
        if (configured == null) {
          services.supervisor().site(site);
          MethodSetting row = services.supervisor().store().method(site, method.id()).orElseThrow(() -> new BadInputException(
              method.id() + " is not configured on site " + site + " (give its options here, or: otactive method set "
                  + method.id() + " --site " + site + " ...)"));
          configured = method.configure(services.supervisor().methodSettings().values(row).with(given));
        }
        long start = System.nanoTime();
        List<TestReport> reports = services.oneOff().test(main.actor(), configured, address, stop);
        long ms = (System.nanoTime() - start) / 1_000_000;
        boolean ok = print(reports, out);
        long good = reports.stream().filter(TestReport::ok).count();
        out.println("test of " + method.id() + " about " + Addresses.canonical(address) + ": " + good + " of " + reports.size()
            + " answered usefully, in " + ms + " ms" + (LegRunner.stoppedBeforeItsEnd(stop) ? "; stopped: " + stop.reason() : ""));
        out.flush();
        return ok ? 0 : Main.EXIT_FAILED;
      });
    }
  }

  /** Prints the reports, a blank line after each; returns whether every one is ok. */
  static boolean print(List<TestReport> reports, PrintWriter out) {
    boolean allOk = !reports.isEmpty();
    for (TestReport t : reports) {
      allOk &= t.ok();
      int width = t.fields().stream().mapToInt(f -> f.label().length()).max().orElse(0) + 2;
      for (TestReport.Field f : t.fields()) {
        List<String> lines = f.value().lines().toList();
        if (lines.size() <= 1) {
          out.println(pad(f.label() + ":", width) + f.value());
        } else {
          out.println(f.label() + ":");
          lines.forEach(l -> out.println("  " + l));
        }
      }
      out.println();
    }
    out.flush();
    return allOk;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(1, width - s.length()));
  }
}

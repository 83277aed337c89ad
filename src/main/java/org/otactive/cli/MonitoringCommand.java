package org.otactive.cli;

import org.otactive.common.BadInputException;
import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive monitoring}: the global switch. */
@Command(name = "monitoring", mixinStandardHelpOptions = true,
    description = {"The global active monitoring switch (off on a fresh install): on, off, or no argument to show it.",
        "Off stops every run at once."})
final class MonitoringCommand extends Supervised {
  @Parameters(paramLabel = "on|off", arity = "0..1") String state;
  @Option(names = "--reason", paramLabel = "TEXT") String reason;

  @Override
  int execute(Services s) {
    if (state == null) {
      if (reason != null) throw new BadInputException("--reason goes with on or off");
      out().println("active monitoring is " + (s.supervisor().monitoringOn() ? "on" : "off"));
      return 0;
    }
    boolean on = switch (state.toLowerCase(java.util.Locale.ROOT)) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new BadInputException("monitoring takes on or off, not '" + state + "'");
    };
    if (reason == null) throw new BadInputException("a reason is required to switch active monitoring (--reason TEXT)");
    int stopped = s.supervisor().setMonitoring(actor(), on, reason);
    out().println("active monitoring is " + (on ? "on" : "off") + (on ? "" : " (" + stopped + " run(s) stopped)"));
    return 0;
  }
}

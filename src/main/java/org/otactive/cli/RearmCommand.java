package org.otactive.cli;

import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code otactive rearm}: lets a stopped site run again. */
@Command(name = "rearm", mixinStandardHelpOptions = true, description = "Re-arm a stopped site (its stopped runs stay stopped).")
final class RearmCommand extends Supervised {
  @Option(names = "--site", required = true, paramLabel = "NAME") String site;
  @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

  @Override
  int execute(Services s) {
    s.supervisor().rearm(actor(), site, reason);
    out().println("site " + site + " re-armed");
    return 0;
  }
}

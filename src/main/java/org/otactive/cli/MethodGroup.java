package org.otactive.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command whose subcommands are the registered methods ({@code method set METHOD}, {@code test
 * METHOD}), added by {@link Main} from the registry: given no method, it names them.
 */
abstract class MethodGroup implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a method: " + String.join(", ", spec.subcommands().keySet()));
  }
}

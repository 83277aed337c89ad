package org.otactive.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.otactive.supervise.Services;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works through the supervisor, as the acting user ({@code --as}). */
abstract class Supervised implements Callable<Integer> {
  @Spec CommandSpec spec;

  Main main() {
    return (Main) spec.root().userObject();
  }

  String actor() {
    return main().actor();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  @Override
  public final Integer call() throws Exception {
    int code = main().withServices(this::execute);
    out().flush();
    err().flush();
    return code;
  }

  abstract int execute(Services services) throws Exception;
}

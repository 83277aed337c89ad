package org.otactive.cli;

import java.io.PrintWriter;
import org.otactive.scope.BadInputException;
import org.otactive.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code otactive} command line. */
@Command(
    name = "otactive",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Supervised active monitoring of OT networks.",
    subcommands = {ServeCommand.class, RdnsCommand.class, DevicesCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad input (nothing sent, nothing changed), 3 run stopped."})
public final class Main {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_STOPPED = 3;

  @Option(names = "--db", paramLabel = "JDBC-URL", scope = CommandLine.ScopeType.INHERIT,
      description = "Database (default: ${DEFAULT-VALUE}, an H2 file under ./data).")
  String db = org.otactive.store.Database.DEFAULT_URL;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code (tests call this in-process). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("otactive: " + oneLine(ex.getMessage()));
      return EXIT_BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof BadInputException) {
        err.println("otactive: " + oneLine(ex.getMessage()));
        return EXIT_BAD_INPUT;
      }
      if (ex instanceof StoreException) {
        err.println("otactive: " + oneLine(ex.getMessage()));
        return EXIT_FAILED;
      }
      throw ex;
    });
    return cl.execute(args);
  }

  static String oneLine(String message) {
    if (message == null) return "error";
    String s = message.strip().lines().findFirst().orElse("");
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"otactive " + (v == null ? "development build" : v)};
    }
  }
}

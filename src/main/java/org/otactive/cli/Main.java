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
    subcommands = {ServeCommand.class, RdnsCommand.class, DevicesCommand.class, UserCommand.class, SiteCommand.class,
        WindowCommand.class, MethodCommand.class, ScheduleCommand.class, RunCommand.class, StopCommand.class,
        RearmCommand.class, MonitoringCommand.class, AuditCommand.class, PassiveCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad input (nothing sent, nothing changed), 3 run stopped,"
        + " 4 not allowed for this user (nothing changed)."})
public final class Main {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_STOPPED = 3;
  public static final int EXIT_DENIED = 4;

  @Option(names = "--as", paramLabel = "USER", scope = CommandLine.ScopeType.INHERIT,
      description = "Act as this otactive user (default: $OTACTIVE_USER, else the login name).")
  String actor = defaultActor();

  /** Set when the command runs inside {@code otactive serve}: its database and running services. */
  org.otactive.supervise.Services services;

  /** The directory relative file names are read from (the caller's, when forwarded to the service). */
  java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();

  static String defaultActor() {
    String env = System.getenv("OTACTIVE_USER");
    return env != null && !env.isBlank() ? env : System.getProperty("user.name", "unknown");
  }

  /** Work that needs the supervision services. */
  interface ServicesWork {
    int run(org.otactive.supervise.Services services) throws Exception;
  }

  /** Runs {@code work} on the service's own parts when inside it, else on the database opened here. */
  int withServices(ServicesWork work) throws Exception {
    if (services != null) return work.run(services);
    try (org.otactive.store.Database database = org.otactive.store.Database.open(db)) {
      return work.run(new org.otactive.supervise.Services(database, java.time.Clock.systemUTC(),
          org.otactive.safety.Ticker.system()));
    }
  }

  @Option(names = "--db", paramLabel = "JDBC-URL", scope = CommandLine.ScopeType.INHERIT,
      description = "Database (default: ${DEFAULT-VALUE}, an H2 file under ./data).")
  String db = org.otactive.store.Database.DEFAULT_URL;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code (tests call this in-process). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    java.util.Optional<Integer> forwarded = ControlSocket.forward(args, out, err);
    if (forwarded.isPresent()) return forwarded.get();
    return commandLine(new Main(), out, err).execute(args);
  }

  /** Runs a command sent by a caller to the running service, as {@code actor}, on its parts. */
  static int runInside(String[] args, String actor, java.nio.file.Path cwd, org.otactive.supervise.Services services,
      PrintWriter out, PrintWriter err) {
    Main main = new Main();
    main.services = services;
    main.forcedActor = actor;
    main.cwd = cwd;
    return commandLine(main, out, err).execute(args);
  }

  /** Set by the service: who sent the command (their --as was resolved on their side). */
  String forcedActor;

  String actor() {
    return forcedActor != null ? forcedActor : actor;
  }

  private static CommandLine commandLine(Main main, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(main);
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
      if (ex instanceof org.otactive.supervise.Denied) {
        err.println("otactive: " + oneLine(ex.getMessage()));
        return EXIT_DENIED;
      }
      if (ex instanceof StoreException) {
        err.println("otactive: " + oneLine(ex.getMessage()));
        return EXIT_FAILED;
      }
      throw ex;
    });
    return cl;
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

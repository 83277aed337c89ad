package org.otactive.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.methods.BuiltInMethods;
import org.otactive.probe.Method;
import org.otactive.probe.MethodRegistry;
import org.otactive.probe.SettingTable;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.store.DatabaseUrls;
import org.otactive.store.StoreException;
import org.otactive.supervise.Denied;
import org.otactive.supervise.Refused;
import org.otactive.supervise.Services;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code otactive} command line. Each registered method adds its one-off command ({@code
 * otactive rdns …}) and its {@code method set} options, built from its descriptor.
 */
@Command(
    name = "otactive",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Supervised active monitoring of OT networks.",
    footer = {"", "Exit codes: 0 done, 1 failed, 2 bad input (nothing sent, nothing changed), 3 run stopped"
        + " (130 on Ctrl-C), 4 not allowed for this user (nothing changed), 5 refused by supervision: active"
        + " monitoring off, site stopped, method disabled or outside every window (nothing sent)."})
public final class Main {
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_BAD_INPUT = 2;
  public static final int EXIT_STOPPED = 3;
  public static final int EXIT_DENIED = 4;
  public static final int EXIT_REFUSED = 5;

  /** The built-in commands, in the order help lists them (the methods' follow). */
  private static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, DevicesCommand.class, UserCommand.class,
      SiteCommand.class, WindowCommand.class, MethodCommand.class, ScheduleCommand.class, RunCommand.class,
      StopCommand.class, RearmCommand.class, MonitoringCommand.class, AuditCommand.class, SecretsCommand.class,
      PassiveCommand.class, CoverageCommand.class, PlanCommand.class, TestCommand.Group.class, NetcheckCommand.class,
      CommandLine.HelpCommand.class);

  @Option(names = "--as", paramLabel = "USER", scope = CommandLine.ScopeType.INHERIT,
      description = "The otactive user this command acts as on this host (default: $OTACTIVE_USER, else the login"
          + " name). It names who acts in the audit log; it is not a login.")
  String actor = defaultActor();

  @Option(names = "--db", paramLabel = "JDBC-URL", scope = CommandLine.ScopeType.INHERIT,
      description = "Database (default: ${DEFAULT-VALUE}, an H2 file under ./data).")
  String db = DatabaseUrls.DEFAULT;

  @Option(names = "--key-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
      description = "The key that encrypts stored secrets (default: $OTACTIVE_KEY_FILE, else beside an embedded"
          + " database, created on first use; a PostgreSQL store needs it given).")
  Path keyFile = Optional.ofNullable(System.getenv("OTACTIVE_KEY_FILE")).filter(s -> !s.isBlank()).map(Path::of).orElse(null);

  /** The methods this command line offers. */
  MethodRegistry registry = BuiltInMethods.registry();

  /** Set when the command runs inside {@code otactive serve}: its database and running services. */
  Services services;

  /** The directory relative file names are read from (the caller's, when forwarded to the service). */
  Path cwd = Path.of("").toAbsolutePath();

  /** The environment secret options are read from (the caller's, when forwarded to the service). */
  Map<String, String> env = System.getenv();

  /** Set by the service: who sent the command (their --as was resolved on their side). */
  String forcedActor;

  static String defaultActor() {
    return ControlClient.defaultActor();
  }

  String actor() {
    return forcedActor != null ? forcedActor : actor;
  }

  /** Work that needs the supervision services. */
  interface ServicesWork {
    int run(Services services) throws Exception;
  }

  /** The database opened while the command line was parsed, if it was (see {@link EarlyStore}). */
  EarlyStore early = EarlyStore.NONE;

  /** The database this command uses: the one opened early when there is one, else opened now. */
  Database openDatabase(Duration lockWait, java.util.function.BooleanSupplier stopWaiting) {
    Database opened = early.take(db);
    return opened != null ? opened : Database.open(db, lockWait, stopWaiting);
  }

  /** Set when the database turned out to be held by a service that takes commands: run it there. */
  boolean heldByService;

  /** Runs {@code work} on the service's own parts when inside it, else on the database opened here. */
  int withServices(ServicesWork work) throws Exception {
    if (services != null) return work.run(services);
    Database database;
    try {
      // A service that started after this command looked for its socket holds the file now:
      // hand the command to it rather than wait for a database it will not let go.
      database = openDatabase(Database.LOCK_WAIT, () -> ControlClient.answers(db));
    } catch (Database.HeldElsewhere held) {
      heldByService = true;
      return EXIT_FAILED;
    }
    try (database) {
      return work.run(services(database));
    }
  }

  /** The services of this command line on a database it opened. */
  Services services(Database database) {
    Path key = keyFile == null ? null : cwd.resolve(keyFile);
    return new Services(database, registry, key, Clock.systemUTC(), Ticker.system());
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code (tests call this in-process). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    // A command for the running service goes there before the methods and the parser are loaded.
    Map<String, String> env = System.getenv();
    // (The methods' own commands, `wem scan`, are looked up with the registry below.)
    Optional<Integer> forwarded = ControlClient.forward(args, out, err, env, pair -> false);
    if (forwarded.isPresent()) return forwarded.get();
    return run(args, out, err, BuiltInMethods.registry(), env);
  }

  /**
   * Runs the command line with the given methods and environment (a test registers a method of
   * its own and hands secrets over as a caller's environment would).
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err, MethodRegistry registry, Map<String, String> env) {
    Set<String> pairs = forwardedPairs(registry);
    Optional<Integer> forwarded = ControlClient.forward(args, out, err, env, pairs::contains);
    if (forwarded.isPresent()) return forwarded.get();
    return runHere(args, out, err, registry, env);
  }

  private static int runHere(String[] args, PrintWriter out, PrintWriter err, MethodRegistry registry, Map<String, String> env) {
    Optional<Integer> forwarded;
    Main main = new Main();
    main.registry = registry;
    main.env = env;
    String word = commandWord(args);
    main.early = word != null && known(word, registry) ? EarlyStore.start(args, word) : EarlyStore.NONE;
    int code;
    try {
      code = commandLine(main, out, err, args).execute(args);
    } finally {
      main.early.close();
    }
    if (main.heldByService) {
      forwarded = ControlClient.forward(args, out, err, env, forwardedPairs(registry)::contains);
      if (forwarded.isPresent()) return forwarded.get();
      err.println("otactive: the database is held by a service that did not take the command");
    }
    return code;
  }

  /**
   * The commands of the registered methods that run inside a service holding the database, as
   * {@code "WORD SUBCOMMAND"}: each method's {@code scan}, {@code results} and tables, and query
   * commands ({@code wmi query}). A method's one-off run ({@code otactive rdns TARGETS}) holds the
   * database itself.
   */
  static Set<String> forwardedPairs(MethodRegistry registry) {
    Set<String> out = new java.util.HashSet<>();
    for (Method m : registry.all()) {
      out.add(m.id() + " scan");
      out.add(m.id() + " results");
      for (SettingTable t : SettingTable.keptBy(m)) out.add(m.id() + " " + t.name());
      m.queryCommand().ifPresent(q -> out.add(q.name() + " query"));
    }
    return out;
  }

  /** Runs a command sent by a caller to the running service, as {@code actor}, on its parts. */
  static int runInside(String[] args, String actor, Path cwd, Map<String, String> env, Services services,
      PrintWriter out, PrintWriter err) {
    Main main = new Main();
    main.services = services;
    main.registry = services.supervisor().registry();
    main.forcedActor = actor;
    main.cwd = cwd;
    main.env = env;
    return commandLine(main, out, err, args).execute(args);
  }

  /** The whole command line, every command built (for help, and tests). */
  static CommandLine commandLine(Main main, PrintWriter out, PrintWriter err) {
    return commandLine(main, out, err, null);
  }

  /**
   * The command line for {@code args}: only the command they name is built, every command when
   * they name none, ask for help or name an unknown one (so the error lists them). Building every
   * command's model costs a short-lived process about a third of its start-up (bench/RESULTS.md).
   */
  static CommandLine commandLine(Main main, PrintWriter out, PrintWriter err, String[] args) {
    String word = args == null ? null : commandWord(args);
    boolean all = word == null || !known(word, main.registry);
    CommandLine cl = new CommandLine(main);
    for (Class<?> c : COMMANDS) {
      if (all || c.getAnnotation(Command.class).name().equals(word)) cl.addSubcommand(c);
    }
    CommandLine method = cl.getSubcommands().get("method");
    CommandLine test = cl.getSubcommands().get("test");
    for (Method m : main.registry.all()) {
      if (method != null) method.getSubcommands().get("set").addSubcommand(m.id(), MethodCommand.Set.commandLine(m));
      if (test != null) test.addSubcommand(m.id(), TestCommand.Of.commandLine(m));
      if (all || m.id().equals(word)) {
        CommandLine oneOff = OneOffCommand.commandLine(m);
        oneOff.addSubcommand("scan", MethodScanCommand.scan(m));
        oneOff.addSubcommand("results", MethodScanCommand.results(m));
        for (SettingTable t : SettingTable.keptBy(m)) oneOff.addSubcommand(t.name(), MethodTableCommand.group(m, t));
        cl.addSubcommand(m.id(), oneOff);
      }
      m.queryCommand().filter(q -> all || q.name().equals(word))
          .ifPresent(q -> cl.addSubcommand(q.name(), MethodQueryCommand.group(m, q)));
    }
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("otactive: " + Text.firstLine(ex.getMessage()));
      return EXIT_BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      int code = switch (ex) {
        case BadInputException b -> EXIT_BAD_INPUT;
        case Denied d -> EXIT_DENIED;
        case Refused r -> EXIT_REFUSED;
        case StoreException s -> EXIT_FAILED;
        default -> -1;
      };
      if (code < 0) throw ex;
      err.println("otactive: " + Text.firstLine(ex.getMessage()));
      return code;
    });
    return cl;
  }

  /** The first word of {@code args} that is not an option or the value of a global one: the command. */
  static String commandWord(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--db") || a.equals("--as") || a.equals("--key-file")) {
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return null;
  }

  /** Whether {@code word} names a command other than help. */
  private static boolean known(String word, MethodRegistry registry) {
    if (word.equals("help")) return false;
    for (Class<?> c : COMMANDS) if (c.getAnnotation(Command.class).name().equals(word)) return true;
    for (Method m : registry.all()) {
      if (m.id().equals(word) || m.queryCommand().map(q -> q.name().equals(word)).orElse(false)) return true;
    }
    return false;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"otactive " + (v == null ? "development build" : v)};
    }
  }
}

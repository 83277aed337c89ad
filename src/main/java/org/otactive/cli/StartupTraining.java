package org.otactive.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.otactive.methods.BuiltInMethods;
import org.otactive.methods.TrainingScan;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.run.HandOffSink;
import org.otactive.run.RecordingSink;
import org.otactive.run.ResultBatch;
import org.otactive.run.ResultSink;
import org.otactive.run.TargetResult;
import org.otactive.safety.Ticker;
import org.otactive.store.Database;
import org.otactive.supervise.Services;

/**
 * The work {@code ./otactive} has the JVM watch once, on first use, to build its start-up cache
 * (JDK 25's AOT cache, or class data sharing on older JDKs): the classes and the hot methods of
 * the command line, the command socket on both of its ends, the store, and a scan's per-target
 * path. It works on a throw-away database in a temporary folder and sends nothing on any
 * network: replies are made up in memory and fed to the probe, and commands reach the stand-in
 * service through a Unix socket in that folder. Not a user command.
 */
public final class StartupTraining {
  private static final PrintWriter NOWHERE = new PrintWriter(Writer.nullWriter());

  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("otactive-training");
    try {
      train(dir);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }

  private static void train(Path dir) throws Exception {
    String db = "jdbc:h2:file:" + dir.resolve("db");
    String me = Main.defaultActor();
    String[][] local = {
        {"--help"}, {"--version"}, {"rdns", "--help"},
        {"user", "add", me, "--role", "admin", "--reason", "training"},
        {"monitoring", "on", "--reason", "training"},
        {"site", "add", "plant", "--zone", "Europe/Berlin", "--ranges", "10.61.0.0/16", "--reason", "training"},
        {"window", "add", "--site", "plant", "--cron", "0 2 * * SUN", "--duration", "3h", "--reason", "training"},
        {"method", "set", "rdns", "--site", "plant", "--dns-server", "127.0.0.1:53", "--reason", "training"},
        {"run", "status"}, {"site", "show", "plant"}, {"devices"}, {"audit"},
    };
    for (String[] a : local) command(db, a);
    loadOwnClasses();
    try (Database database = Database.open(db)) {
      Services services = new Services(database, BuiltInMethods.registry(), null, Clock.systemUTC(), Ticker.system());
      scanPath(services);
      // The service's end and the client's end of the command socket, as `otactive serve` and a
      // command typed beside it use them.
      Path socketPath = ControlClient.pathFor(db).orElseThrow();
      ControlSocket socket = ControlSocket.listen(socketPath);
      try {
        socket.ready(services);
        String[][] forwarded = {
            {"run", "status"}, {"site", "show", "plant"}, {"devices"}, {"devices", "--format", "json"},
            {"stop", "--site", "plant", "--reason", "training"}, {"rearm", "--site", "plant", "--reason", "training"},
            {"run", "status", "--format", "csv"},
        };
        for (int round = 0; round < 3; round++) {
          for (String[] a : forwarded) command(db, a);
        }
      } finally {
        socket.close();
      }
    }
  }

  /**
   * Loads (without initialising) every class of otactive's own packages, so the cache holds those
   * no training step reaches without sending: a method's client code (WMI's codecs and transport)
   * is then mapped rather than read from the jar and verified when a command first runs it.
   */
  static void loadOwnClasses() throws IOException {
    ClassLoader loader = StartupTraining.class.getClassLoader();
    java.net.URI source;
    try {
      source = StartupTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI();
    } catch (java.net.URISyntaxException e) {
      return; // no location to list: the cache holds only what the steps above loaded
    }
    Path where = Path.of(source);
    List<String> names = new java.util.ArrayList<>();
    if (Files.isDirectory(where)) {
      try (Stream<Path> files = Files.walk(where.resolve("org/otactive"))) {
        files.map(p -> where.relativize(p).toString()).forEach(names::add);
      }
    } else {
      try (java.util.jar.JarFile jar = new java.util.jar.JarFile(where.toFile())) {
        jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.startsWith("org/otactive/")).forEach(names::add);
      }
    }
    for (String n : names) {
      if (!n.endsWith(".class") || n.endsWith("module-info.class")) continue;
      try {
        Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        // a class that cannot load here stays out of the cache
      }
    }
  }

  private static void command(String db, String[] args) {
    String[] full = new String[args.length + 2];
    full[0] = "--db";
    full[1] = db;
    System.arraycopy(args, 0, full, 2, args.length);
    Main.run(full, NOWHERE, NOWHERE, BuiltInMethods.registry(), Map.of());
  }

  /**
   * A scan's per-target work on made-up replies, and its results written and listed as a one-off
   * scan's are: handed on in batches packed once for the store's backlog and the listing, printed
   * straight when in order, sorted first when not (a table's path).
   */
  private static void scanPath(Services services) throws IOException, InterruptedException {
    List<TargetResult> results = TrainingScan.results(20_000);
    long run = services.supervisor().runs().begin(TrainingScan.METHOD, "training", results.size(), Instant.now());
    try (RecordingSink sink = new RecordingSink(services.inventory(), services.supervisor().runs(), run, TrainingScan.METHOD, true);
        ResultListing inOrder = new ResultListing();
        ResultListing sorted = new ResultListing()) {
      ResultSink both = ResultSink.both(inOrder, sink);
      for (int i = 0; i < results.size(); i += HandOffSink.BATCH) {
        List<TargetResult> batch = List.copyOf(results.subList(i, Math.min(results.size(), i + HandOffSink.BATCH)));
        both.acceptAll(new ResultBatch(batch));
        sorted.acceptAll(new ResultBatch(batch));
      }
      inOrder.results(false).print(StartupTraining::list);
      sorted.results(true).print(StartupTraining::list);
    }
  }

  private static void list(TargetResult r) {
    NOWHERE.print(r.address().getHostAddress() + "," + r.fact("hostname") + ","
        + (r.outcome() instanceof Outcome.Ok ok ? String.valueOf(ok.facts().stream().map(Fact::value).toList()) : "")
        + "," + r.outcome().kind() + "," + r.outcome().detail());
  }
}

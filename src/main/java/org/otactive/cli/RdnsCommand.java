package org.otactive.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.otactive.inventory.Change;
import org.otactive.probe.Outcome;
import org.otactive.probe.rdns.DnsServer;
import org.otactive.probe.rdns.DnsServerSpec;
import org.otactive.probe.rdns.RdnsSettings;
import org.otactive.probe.rdns.ReverseDnsProbe;
import org.otactive.probe.rdns.TestReport;
import org.otactive.run.ProgressListener;
import org.otactive.run.RecordingSink;
import org.otactive.run.ResultSink;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.run.ScanRun;
import org.otactive.run.TargetResult;
import org.otactive.run.Tester;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.Rate;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.BadInputException;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog;
import org.otactive.store.JdbcSupervision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code otactive rdns}: reverse DNS lookup of targets, recorded in the inventory. */
@Command(
    name = "rdns",
    mixinStandardHelpOptions = true,
    description = {
      "Reverse DNS lookup: asks DNS servers for the names of the TARGETS and records them in the"
          + " inventory. Nothing is sent to the targets themselves.",
      "With --test ADDRESS: the Test dialog, one query per server with its raw answer."
    })
final class RdnsCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TARGETS", arity = "0..*",
      description = "Addresses, CIDR blocks (IPv4 or IPv6) or ranges a-b.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "RANGE", description = "Addresses never to ask about.")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--dns-server", paramLabel = "ADDR[:PORT][=SUBNETS]", required = true,
      description = {"A DNS server (port 53 by default), optionally with the subnets it serves:",
          "127.0.0.1:5392=10.78.0.0/16,10.79.0.0/24; IPv6 as [::1]:53=fd00::/64.",
          "Repeat for several servers; a server without subnets serves every target."})
  List<String> servers = new ArrayList<>();

  @Option(names = "--labels", paramLabel = "N", defaultValue = "1",
      description = "Leading labels of the FQDN shown as host name (1..127, default ${DEFAULT-VALUE}).")
  int labels;

  @Option(names = "--rate", paramLabel = "QPS", defaultValue = "200", converter = Converters.RateConverter.class,
      description = "Queries per second per DNS server (default ${DEFAULT-VALUE}), or 'unlimited'.")
  Rate rate;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "100",
      description = "Queries awaiting an answer per DNS server (1..1000, default ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--tries", paramLabel = "N", defaultValue = "3",
      description = "Times one query is sent before a server counts as silent (1..10, default ${DEFAULT-VALUE}).")
  int tries;

  @Option(names = "--max-devices", paramLabel = "N", defaultValue = "65536",
      description = "Most addresses one run may ask about (default ${DEFAULT-VALUE}).")
  int maxDevices;

  @Option(names = "--deadline", paramLabel = "DURATION", defaultValue = "2h",
      converter = Converters.DurationConverter.class,
      description = "Stop sending after this long (default ${DEFAULT-VALUE}).")
  Duration deadline;

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
      description = "Output format (default ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the results to FILE instead of stdout.")
  Path out;

  @Option(names = "--test", paramLabel = "ADDRESS",
      description = "Test the servers: one query about ADDRESS to each, with the raw answer.")
  String test;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    DnsServer.checkLabels(labels);
    if (inFlight < 1 || inFlight > 1000) throw new BadInputException("--in-flight out of range: " + inFlight + " (1..1000)");
    if (maxDevices < 1) throw new BadInputException("--max-devices out of range: " + maxDevices);
    List<DnsServer> parsed = servers.stream().map(s -> DnsServerSpec.parse(s, labels)).toList();
    RdnsSettings settings = new RdnsSettings(parsed, tries);
    Outputs.checkWritable(out);
    if (test != null) {
      if (!targets.isEmpty()) throw new BadInputException("--test takes one ADDRESS and no TARGETS");
      InetAddress address = Addresses.parse(test);
      try (Database db = Database.open(main.db)) {
        new org.otactive.supervise.Services(db, Clock.systemUTC(), Ticker.system()).supervisor()
            .allowOneOff(main.actor(), "rdns --test " + test);
      }
      return runTest(settings, address, stdout);
    }
    if (targets.isEmpty()) throw new BadInputException("no TARGETS given (addresses, CIDR blocks or ranges)");
    AddressSet scope = AddressSet.of(targets, exclude);
    BigInteger count = scope.size();
    if (count.signum() == 0) throw new BadInputException("the TARGETS minus --exclude leave no address");
    if (count.compareTo(BigInteger.valueOf(maxDevices)) > 0) {
      throw new BadInputException("TARGETS expand to " + count + " addresses, more than the device cap of "
          + maxDevices + " (narrow them or raise --max-devices)");
    }
    Limits limits = new Limits(Rate.UNLIMITED, rate, inFlight, maxDevices, deadline);

    // Ctrl-C (or SIGTERM) throws the stop switch; the JVM then waits until the results are
    // written and the database is closed (H2 flushes on close), and only then exits.
    StopSwitch stop = new StopSwitch();
    CountDownLatch closed = new CountDownLatch(1);
    Thread onSignal = new Thread(() -> {
      stop.stop("interrupted (signal)");
      try {
        closed.await();
      } catch (InterruptedException ignored) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(onSignal);
    try {
      try (Database db = Database.open(main.db)) {
        org.otactive.supervise.Services services = new org.otactive.supervise.Services(db, Clock.systemUTC(), Ticker.system());
        services.supervisor().allowOneOff(main.actor(), "rdns " + String.join(" ", targets));
        // While this run holds the embedded database, `otactive stop` from another terminal is
        // handed here over the database's socket, as it would be to `otactive serve`.
        java.util.Optional<ControlSocket> socket = ControlSocket.pathFor(main.db).flatMap(p -> {
          try {
            return java.util.Optional.of(ControlSocket.listen(p, services));
          } catch (IOException e) {
            stderr.println("otactive: note: cannot take stop commands on " + p + ": " + e.getMessage());
            return java.util.Optional.empty();
          }
        });
        try {
          return scan(db, services, settings, scope, count.longValueExact(), limits, stop, stdout, stderr);
        } finally {
          socket.ifPresent(ControlSocket::close);
        }
      }
    } finally {
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException shuttingDown) {
        // the hook is already running; it was waiting on the latch released above
      }
    }
  }

  private int scan(Database db, org.otactive.supervise.Services services, RdnsSettings settings, AddressSet scope,
      long count, Limits limits, StopSwitch stop, PrintWriter stdout, PrintWriter stderr) throws Exception {
    JdbcRunLog runLog = new JdbcRunLog(db);
    JdbcInventory inventory = new JdbcInventory(db);
    Clock clock = Clock.systemUTC();
    String parameters = "targets=" + String.join(",", targets)
        + (exclude.isEmpty() ? "" : " exclude=" + String.join(",", exclude))
        + " servers=" + settings.servers() + " labels=" + labels + " rate=" + rate + " in-flight=" + inFlight;
    long runId = runLog.begin(ReverseDnsProbe.ID, parameters, count, clock.instant());
    Gate gate = new Gate(limits, scope::contains, settings.endpoints(), Ticker.system(), stop);
    ConcurrentLinkedQueue<TargetResult> results = new ConcurrentLinkedQueue<>();
    boolean bar = out == null && format == OutputFormat.TABLE && Terminal.stdoutIsTerminal();
    ProgressBar progressBar = bar ? new ProgressBar(stdout) : null;
    ProgressListener progress = progressBar == null ? ProgressListener.NONE : progressBar;
    RunReport report;
    RecordingSink recorder = new RecordingSink(inventory, runLog, runId, ReverseDnsProbe.ID);
    try (recorder) {
      ResultSink sink = r -> {
        results.add(r);
        recorder.accept(r);
      };
      // As many targets at once as the servers take queries in flight: more would only queue on
      // the gate (costing a park and an unpark each), fewer would leave servers idle.
      int concurrency = Math.max(16, Math.min(4096, inFlight * settings.servers().size()));
      ScanRun run = new ScanRun(runId, new ReverseDnsProbe(settings), scope, count, gate, clock, sink, progress,
          concurrency);
      // Stops made through the supervisor here throw the switch directly; stops and the global
      // switch changed by another process (a shared PostgreSQL) are seen by the watcher, which also
      // beats, so a service started after this process dies knows the run is not going on.
      var leg = services.legs().register(runId, null, ReverseDnsProbe.ID, stop);
      JdbcSupervision switches = services.supervisor().store();
      Thread watcher = Thread.ofVirtual().start(() -> {
        long lastBeat = System.nanoTime();
        try {
          while (!stop.await(org.otactive.supervise.RunExecutor.WATCH)) {
            var now = runLog.run(runId).orElse(null);
            if (now != null && now.runState() == RunState.STOPPED) stop.stop(now.stopReason());
            if (!switches.switchOn(JdbcSupervision.ACTIVE_MONITORING)) stop.stop("active monitoring switched off");
            if (System.nanoTime() - lastBeat > 5_000_000_000L) {
              runLog.heartbeat(runId, clock.instant());
              lastBeat = System.nanoTime();
            }
          }
        } catch (InterruptedException | RuntimeException ignored) {
          // the run is ending
        }
      });
      try {
        report = run.start();
      } finally {
        watcher.interrupt();
        services.legs().remove(leg);
      }
    } finally {
      if (progressBar != null) progressBar.finish();
    }
    List<Change> changes = recorder.changes();
    runLog.end(report);
    try (PrintWriter w = Outputs.open(out, stdout)) {
      write(new ArrayList<>(results), w);
    }
    stderr.println(summary(report, db.url()));
    printChanges(changes, stderr);
    return report.state() == RunState.COMPLETED ? 0 : Main.EXIT_STOPPED;
  }

  /** Tells the user which stored values this run replaced: a renamed device is news. */
  static void printChanges(List<Change> changes, PrintWriter err) {
    if (changes.isEmpty()) return;
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparing((Change c) -> Addresses.sortKey(Addresses.parse(c.address())))
        .thenComparing(Change::attribute));
    err.println(sorted.size() + " change" + (sorted.size() == 1 ? "" : "s") + " (old -> new):");
    int shown = 0;
    for (Change c : sorted) {
      if (shown++ == 50) {
        err.println("  ... and " + (sorted.size() - 50) + " more (otactive devices show ADDRESS)");
        break;
      }
      err.println("  " + c.address() + " " + c.attribute() + ": " + c.oldValue() + " -> " + c.newValue());
    }
  }

  static String summary(RunReport r, String db) {
    double secs = Math.max(r.elapsed().toNanos() / 1e9, 1e-9);
    StringBuilder kinds = new StringBuilder();
    r.byKind().forEach((k, v) -> kinds.append(", ").append(v).append(' ').append(k));
    return String.format(
        "rdns run %d %s: %d of %d targets%s; %d packets in %.2f s (%.0f targets/s, sent at %.0f packets/s)%s;"
            + " recorded in %s",
        r.runId(), r.state().word(), r.done(), r.targets(), kinds, r.packets(), secs, r.done() / secs, r.sendRate(),
        (r.stopReason() == null ? "" : "; stop reason: " + r.stopReason())
            + (r.unmatchedReplies() == 0 ? "" : "; " + r.unmatchedReplies() + " stray replies dropped (late, spoofed or garbage)"),
        db);
  }

  private void write(List<TargetResult> results, PrintWriter w) throws IOException {
    results.sort(Comparator.comparing(r -> Addresses.sortKey(r.address())));
    switch (format) {
      case TABLE -> {
        List<List<String>> rows = new ArrayList<>();
        for (TargetResult r : results) rows.add(row(r));
        Tables.print(w, List.of("ADDRESS", "HOSTNAME", "FQDN", "OUTCOME", "DETAIL"), rows);
      }
      case CSV -> {
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
            .setHeader("address", "hostname", "fqdn", "outcome", "detail").get());
        for (TargetResult r : results) csv.printRecord(row(r));
        csv.flush();
      }
      case JSON -> {
        List<Map<String, Object>> json = new ArrayList<>();
        for (TargetResult r : results) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("address", Addresses.canonical(r.address()));
          m.put("hostname", r.fact("hostname"));
          String fqdn = r.fact("fqdn");
          m.put("fqdn", fqdn == null ? List.of() : Arrays.asList(fqdn.split(" ")));
          m.put("outcome", r.outcome().kind());
          m.put("detail", r.outcome().detail());
          json.add(m);
        }
        DevicesCommand.mapper().writeValue(w, json);
        w.println();
      }
    }
    w.flush();
  }

  private static List<String> row(TargetResult r) {
    String host = r.fact("hostname");
    String fqdn = r.fact("fqdn");
    return List.of(Addresses.canonical(r.address()), host == null ? "" : host, fqdn == null ? "" : fqdn,
        r.outcome().kind(), r.outcome().detail());
  }

  private int runTest(RdnsSettings settings, InetAddress address, PrintWriter stdout) throws InterruptedException {
    ReverseDnsProbe probe = new ReverseDnsProbe(settings);
    boolean allOk = true;
    for (DnsServer server : settings.servers()) {
      Limits limits = new Limits(Rate.UNLIMITED, rate, 1, 1, deadline);
      TestReport t = Tester.test(address, Set.of(server.endpoint()), limits,
          ctx -> probe.test(server, Duration.ofSeconds(2), ctx));
      allOk &= t.ok();
      stdout.println("server:   " + t.server() + (server.serves(address) ? "" : "  (note: its subnets do not include " + test + ")"));
      stdout.println("question: " + t.question() + " PTR IN (" + t.transport() + ")");
      stdout.println("rtt:      " + (t.rtt() == null ? "-" : String.format("%.2f ms", t.rtt().toNanos() / 1e6)));
      stdout.println("verdict:  " + t.verdict());
      if (!t.rawAnswer().isEmpty()) {
        stdout.println("answer:");
        t.rawAnswer().lines().forEach(l -> stdout.println("  " + l));
      }
      stdout.println();
    }
    stdout.flush();
    return allOk ? 0 : Main.EXIT_FAILED;
  }
}

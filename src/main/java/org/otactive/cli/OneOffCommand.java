package org.otactive.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.SequenceWriter;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.otactive.common.BadInputException;
import org.otactive.common.CsvRecords;
import org.otactive.common.Text;
import org.otactive.inventory.Change;
import org.otactive.probe.Configured;
import org.otactive.probe.Method;
import org.otactive.run.ProgressListener;
import org.otactive.run.ResultBatch;
import org.otactive.run.ResultSink;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.run.TargetResult;
import org.otactive.safety.StopSwitch;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.supervise.OneOffRuns;
import org.otactive.supervise.Services;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code otactive METHOD TARGETS…}: a one-off run of one registered method over targets given on
 * the command line, recorded in the inventory; with {@code --test ADDRESS}, the method's Test
 * action. One class for every method: its options come from the method's descriptor.
 */
@Command(mixinStandardHelpOptions = true)
final class OneOffCommand implements Callable<Integer> {
  private final Method method;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "TARGETS", arity = "0..*",
      description = "Addresses, CIDR blocks (IPv4 or IPv6) or ranges a-b.")
  List<String> targets = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "RANGE", description = "Addresses never to touch.")
  List<String> exclude = new ArrayList<>();

  @Option(names = "--max-devices", paramLabel = "N", defaultValue = "65536",
      description = "Most addresses one run may touch (default ${DEFAULT-VALUE}).")
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
      description = "The Test action: one question about ADDRESS, with the raw answer, timing and what went wrong.")
  String test;

  @Option(names = "--outside-window",
      description = "Confirm sending while a maintenance window of a site the TARGETS lie in is closed (needs --reason;"
          + " audited).")
  boolean outsideWindow;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, with --outside-window (recorded in the audit log).")
  String reason;

  private OneOffCommand(Method method) {
    this.method = method;
  }

  /** The command of one method: its name, description and settings options. */
  static CommandLine commandLine(Method method) {
    return MethodOptions.command(new OneOffCommand(method), method, method.displayName() + ": " + method.description()
        + " Results are recorded in the inventory.", "With --test ADDRESS: the Test action (also: otactive test " + method.id()
        + " ADDRESS).");
  }

  private Main main() {
    return (Main) spec.root().userObject();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Main main = main();
    Configured configured = method.configure(MethodOptions.given(spec.commandLine().getParseResult(), method, main.env));
    if (maxDevices < 1) throw new BadInputException("--max-devices out of range: " + maxDevices);
    Outputs.checkWritable(out == null ? null : main.cwd.resolve(out));
    InetAddress testAddress = null;
    AddressSet scope = null;
    if (test != null) {
      if (!targets.isEmpty()) throw new BadInputException("--test takes one ADDRESS and no TARGETS");
      testAddress = Addresses.parse(test);
    } else {
      if (targets.isEmpty()) throw new BadInputException("no TARGETS given (addresses, CIDR blocks or ranges)");
      scope = AddressSet.of(targets, exclude);
    }
    InetAddress address = testAddress;
    AddressSet targetSet = scope;
    return LocalSends.run(main, stderr, (services, stop) -> address != null
        ? test(services, configured, address, stop, stdout)
        : scan(services, configured, targetSet, stop, stdout, stderr));
  }

  private int scan(Services services, Configured configured, AddressSet scope, StopSwitch stop, PrintWriter stdout,
      PrintWriter stderr) throws Exception {
    String typed = String.join(",", targets) + (exclude.isEmpty() ? "" : " exclude=" + String.join(",", exclude));
    boolean bar = out == null && format == OutputFormat.TABLE && Terminal.stdoutIsTerminal();
    ProgressBar progressBar = bar ? new ProgressBar(stdout) : null;
    ProgressListener progress = progressBar == null ? ProgressListener.NONE : progressBar;
    List<Method.ResultColumn> columns = method.resultColumns();
    OneOffRuns.Done done;
    // The results are printed in address order once the scan is over (ResultListing: set aside as
    // they come, sorted only if they did not come in order). Without a progress bar on the terminal
    // they are printed while the store writes the last of them (a few seconds for a large range).
    try (ResultListing listing = new ResultListing()) {
      Alongside print = new Alongside(() -> {
        ResultListing.Listed results = listing.results(format == OutputFormat.TABLE);
        Path file = out == null ? null : main().cwd.resolve(out);
        if (format == OutputFormat.CSV && file != null) {
          try (OutputStream o = Files.newOutputStream(file)) {
            writeCsv(results, columns, o);
          }
        } else {
          try (PrintWriter w = Outputs.open(file, stdout)) {
            write(results, columns, w);
          }
        }
      });
      ResultSink collect = new ResultSink() {
        @Override
        public void accept(TargetResult r) {
          listing.accept(r);
        }

        @Override
        public void acceptAll(ResultBatch batch) {
          listing.acceptAll(batch);
        }

        @Override
        public void scanOver() {
          if (progressBar == null) print.start();
        }
      };
      try {
        done = services.oneOff().scan(new OneOffRuns.Scan(main().actor(), configured, scope, typed, maxDevices, deadline,
            outsideWindow, reason), stop, collect, progress);
      } catch (Exception | Error e) {
        try {
          print.awaitStarted(); // the spool is not closed under a print
        } catch (Exception | Error p) {
          e.addSuppressed(p);
        }
        throw e;
      } finally {
        if (progressBar != null) progressBar.finish();
      }
      print.finish();
    }
    RunReport report = done.report();
    if (done.skipped().signum() > 0) {
      stderr.println("left out " + Text.count(done.skipped(), "address", "addresses") + " of the TARGETS: excluded at site "
          + String.join(", ", done.excludedAt()) + " (never to touch)");
    }
    stderr.println(summary(report, done.leg().packets(), services.database().maskedUrl()));
    printChanges(done.leg().changes(), done.leg().changeCount(), stderr);
    return report.state() == RunState.COMPLETED ? 0 : Main.EXIT_STOPPED;
  }

  private int test(Services services, Configured configured, InetAddress address, StopSwitch stop, PrintWriter stdout)
      throws InterruptedException {
    return TestCommand.print(services.oneOff().test(main().actor(), configured, address, stop), stdout) ? 0 : Main.EXIT_FAILED;
  }

  /** Tells the user which stored values this run replaced: a renamed device is news. */
  /**
   * Tells the user which stored values this run replaced: a renamed device is news. {@code changes}
   * holds the first of them (a run of a million renamed devices keeps ten thousand), {@code count}
   * says how many there were; the first 50 by address are shown.
   */
  static void printChanges(List<Change> changes, long count, PrintWriter err) {
    if (changes.isEmpty()) return;
    List<Change> sorted = new ArrayList<>(changes);
    sorted.sort(Comparator.comparing(Change::attribute));
    Addresses.sortByAddress(sorted, Change::address); // stable: by address, then attribute
    err.println(count + " change" + (count == 1 ? "" : "s") + " (old -> new):");
    int shown = 0;
    for (Change c : sorted) {
      if (shown++ == 50) {
        err.println("  ... and " + (count - 50) + " more (otactive devices show ADDRESS)");
        break;
      }
      err.println("  " + c.address() + " " + c.attribute() + ": " + c.oldValue() + " -> " + c.newValue());
    }
  }

  static String summary(RunReport r, long packets, String db) {
    double secs = Math.max(r.elapsed().toNanos() / 1e9, 1e-9);
    StringBuilder kinds = new StringBuilder();
    r.byKind().forEach((k, v) -> kinds.append(", ").append(v).append(' ').append(k));
    return String.format(
        "%s run %d %s: %d of %d targets%s; %d packets in %.2f s (%.0f targets/s, sent at %.0f packets/s)%s;"
            + " recorded in %s",
        r.method(), r.runId(), r.state().word(), r.done(), r.targets(), kinds, packets, secs, r.done() / secs, r.sendRate(),
        (r.stopReason() == null ? "" : "; stop reason: " + r.stopReason())
            + (r.unmatchedReplies() == 0 ? "" : "; " + r.unmatchedReplies() + " stray replies dropped (late, spoofed or garbage)"),
        db);
  }

  /**
   * CSV into a file, as bytes: the same bytes as {@link #write} gives through a writer, without
   * turning every character of a quarter of a million rows into a char and back.
   */
  private static void writeCsv(ResultListing.Listed results, List<Method.ResultColumn> columns, OutputStream o)
      throws IOException {
    CsvRecords.Bytes pending = new CsvRecords.Bytes();
    CsvRecords.append(pending, header(columns).toArray(String[]::new));
    results.print(r -> {
      CsvRecords.append(pending, row(r, columns));
      if (pending.size() >= 1 << 16) pending.writeTo(o);
    });
    pending.writeTo(o);
  }

  private static List<String> header(List<Method.ResultColumn> columns) {
    List<String> header = new ArrayList<>(List.of("address"));
    columns.forEach(c -> header.add(c.attribute()));
    header.addAll(List.of("outcome", "detail"));
    return header;
  }

  private void write(ResultListing.Listed results, List<Method.ResultColumn> columns, PrintWriter w) throws IOException {
    List<String> header = header(columns);
    switch (format) {
      case TABLE -> {
        List<String> names = header.stream().map(h -> h.toUpperCase(java.util.Locale.ROOT).replace('-', ' ')).toList();
        int[] widths = names.stream().mapToInt(String::length).toArray();
        results.print(r -> {
          String[] cells = row(r, columns);
          for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], cells[i].length());
        });
        Tables.printRow(w, names, widths);
        results.print(r -> Tables.printRow(w, Arrays.asList(row(r, columns)), widths));
      }
      case CSV -> {
        CsvRecords.Printer csv = new CsvRecords.Printer(w, header.toArray(String[]::new));
        results.print(r -> csv.print(row(r, columns)));
        csv.finish();
      }
      case JSON -> {
        try (SequenceWriter json = Listing.json().writer().writeValuesAsArray(w)) {
          results.print(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            String[] cells = row(r, columns);
            m.put("address", cells[0]);
            for (int i = 0; i < columns.size(); i++) {
              String v = cells[i + 1];
              m.put(columns.get(i).attribute(), columns.get(i).list() ? (v.isEmpty() ? List.of() : Arrays.asList(v.split(" ")))
                  : (v.isEmpty() ? null : v));
            }
            m.put("outcome", cells[columns.size() + 1]);
            m.put("detail", cells[columns.size() + 2]);
            json.write(m);
          });
        }
        w.println();
      }
    }
    w.flush();
  }

  /** Output work that may fail. */
  @FunctionalInterface
  interface Printing {
    void run() throws IOException;
  }

  /** A listing printed on a thread of its own once started; {@link #finish} waits for it. */
  static final class Alongside {
    private final Printing work;
    private Thread thread;
    private volatile Throwable failure;

    Alongside(Printing work) {
      this.work = work;
    }

    synchronized void start() {
      if (thread != null) return;
      thread = Thread.ofPlatform().name("results-printer").start(() -> {
        try {
          work.run();
        } catch (IOException | RuntimeException | Error e) {
          failure = e;
        }
      });
    }

    /** Waits for the print if it started, or prints on this thread if it never did; rethrows what it threw. */
    void finish() throws IOException, InterruptedException {
      if (!awaitStarted()) work.run();
    }

    /** Waits for the print if it started (false if it never did) and rethrows what it threw. */
    boolean awaitStarted() throws IOException, InterruptedException {
      Thread t;
      synchronized (this) {
        t = thread;
      }
      if (t == null) return false;
      t.join();
      switch (failure) {
        case null -> {}
        case IOException e -> throw e;
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        default -> throw new IllegalStateException(failure);
      }
      return true;
    }
  }

  private static String[] row(TargetResult r, List<Method.ResultColumn> columns) {
    String[] row = new String[columns.size() + 3];
    row[0] = Addresses.canonical(r.address());
    for (int i = 0; i < columns.size(); i++) {
      String v = r.fact(columns.get(i).attribute());
      row[i + 1] = v == null ? "" : v;
    }
    row[columns.size() + 1] = r.outcome().kind();
    row[columns.size() + 2] = r.outcome().detail();
    return row;
  }
}

package org.otactive.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.otactive.probe.Configured;
import org.otactive.probe.Method;
import org.otactive.probe.QueryAnswer;
import org.otactive.probe.QueryCommand;
import org.otactive.safety.StopSwitch;
import org.otactive.scope.Addresses;
import org.otactive.supervise.Services;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code otactive NAME query TARGET [options] TEXT}: a method's free-form question to one target
 * ({@code otactive wmi query 10.0.0.5 --user U --password-env VAR "SELECT …"}), the staging test
 * before a scan. The rows go to stdout as a table, CSV or JSON; the timing and cost, or why it
 * failed in plain words, to stderr. An admin's tool, audited and stoppable like a Test action; run
 * inside the service when one holds the database, else here, holding it.
 */
@Command(mixinStandardHelpOptions = true)
final class MethodQueryCommand implements Callable<Integer> {
  private final Method method;
  private final QueryCommand query;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "The one address to ask.")
  String target;

  @Parameters(index = "1", paramLabel = "QUERY", description = "The query, quoted as one argument.")
  String text;

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
      description = "Output format of the rows (default ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the rows to FILE instead of stdout.")
  Path out;

  private MethodQueryCommand(Method method, QueryCommand query) {
    this.method = method;
    this.query = query;
  }

  /** {@code otactive NAME} with its one subcommand {@code query}, whose options are the method's. */
  static CommandLine group(Method method, QueryCommand query) {
    CommandLine group = new CommandLine(new MethodTableCommand.Group());
    group.getCommandSpec().name(query.name());
    group.getCommandSpec().usageMessage().description(query.description());
    CommandLine cl = new CommandLine(new MethodQueryCommand(method, query));
    cl.getCommandSpec().name("query");
    cl.getCommandSpec().usageMessage().description(query.description(),
        "An admin's tool: audited, recorded as a run of trigger query; `otactive stop` reaches it; only TARGET is sent to."
            + " Options as for " + method.id() + " (" + method.displayName() + ").");
    MethodOptions.add(cl.getCommandSpec(), method, true);
    group.addSubcommand("query", cl);
    return group;
  }

  private Main main() {
    return (Main) spec.root().userObject();
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Main main = main();
    InetAddress address = Addresses.parse(target);
    Configured configured = method.configure(MethodOptions.given(spec.commandLine().getParseResult(), method, main.env));
    Path file = out == null ? null : main.cwd.resolve(out);
    Outputs.checkWritable(file);
    int code = LocalSends.run(main, stderr, (services, stop) -> ask(services, configured, address, stop, stdout, stderr, file));
    stdout.flush();
    stderr.flush();
    return code;
  }

  private int ask(Services services, Configured configured, InetAddress address, StopSwitch stop, PrintWriter stdout,
      PrintWriter stderr, Path file) throws Exception {
    String where = query.name() + " query " + Addresses.canonical(address);
    QueryAnswer a = services.oneOff().query(main().actor(), configured, address, text, stop);
    String took = String.format(Locale.ROOT, "%.1f ms", a.elapsed().toNanos() / 1e6);
    if (!a.ok()) {
      stderr.println("otactive: " + where + ": " + a.detail() + " (after " + took + ")");
      return org.otactive.supervise.LegRunner.stoppedBeforeItsEnd(stop) ? Main.EXIT_STOPPED : Main.EXIT_FAILED;
    }
    try (PrintWriter w = Outputs.open(file, stdout)) {
      write(a, w);
    }
    stderr.println(where + ": " + a.rows().size() + " row(s) in " + took + (a.cost().isEmpty() ? "" : " (" + a.cost() + ")")
        + (a.detail().isEmpty() ? "" : "; " + a.detail()));
    return 0;
  }

  private void write(QueryAnswer a, PrintWriter w) throws IOException {
    switch (format) {
      case TABLE -> Tables.print(w, a.columns(), text(a));
      case CSV -> {
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(a.columns().toArray(String[]::new)).get());
        for (List<String> row : text(a)) csv.printRecord(row);
        csv.flush();
      }
      case JSON -> {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : a.rows()) {
          Map<String, Object> m = new LinkedHashMap<>();
          for (int i = 0; i < a.columns().size(); i++) m.put(a.columns().get(i), row.get(i));
          rows.add(m);
        }
        Listing.json().writeValue(w, rows);
        w.println();
      }
    }
    w.flush();
  }

  /** The cells as text: an array as {@code {a, b}}, no value as empty. */
  private static List<List<String>> text(QueryAnswer a) {
    List<List<String>> out = new ArrayList<>();
    for (List<Object> row : a.rows()) {
      List<String> cells = new ArrayList<>();
      for (Object c : row) {
        cells.add(c == null ? "" : c instanceof List<?> l ? "{" + String.join(", ", l.stream().map(String::valueOf).toList()) + "}"
            : c.toString());
      }
      out.add(cells);
    }
    return out;
  }
}

package org.otactive.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.probe.Method;
import org.otactive.probe.SettingTable;
import org.otactive.supervise.Services;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code otactive METHOD TABLE import|export|list --site S}: a method's setting table as CSV, built
 * from the table's definition (WEM: {@code otactive wem ranges …}). One class for every table.
 */
final class MethodTableCommand {
  private MethodTableCommand() {}

  /** The group command of one table, with its three subcommands. */
  static CommandLine group(Method method, SettingTable table) {
    CommandLine group = new CommandLine(new Group());
    group.getCommandSpec().name(table.name());
    group.getCommandSpec().usageMessage().description(table.description(),
        "CSV with the columns " + String.join(",", table.headers()) + ".");
    group.addSubcommand("import", configured(new Import(method, table), "import",
        "Replace the site's " + table.name() + " with a CSV file, all or nothing (a bad row is named by its line; nothing"
            + " is imported). An empty " + secretHeaders(table) + " keeps the one stored for the same "
            + String.join(", ", table.key()) + "."));
    group.addSubcommand("export", configured(new Export(method, table), "export",
        "Write the site's " + table.name() + " as CSV" + (table.hasSecrets() ? "; " + secretHeaders(table)
            + " left empty unless an admin passes --include-secrets --reason TEXT (audited)." : ".")));
    group.addSubcommand("list", configured(new ListRows(method, table), "list",
        "List the site's " + table.name() + (table.hasSecrets() ? " (" + secretHeaders(table) + " only as set or not set)." : ".")));
    return group;
  }

  private static String secretHeaders(SettingTable t) {
    return String.join(", ", t.columns().stream().filter(SettingTable.Column::secret).map(SettingTable.Column::header).toList());
  }

  private static CommandLine configured(Object command, String name, String description) {
    CommandLine cl = new CommandLine(command);
    cl.getCommandSpec().name(name);
    cl.getCommandSpec().usageMessage().description(description);
    return cl;
  }

  /** The group itself only names its subcommands. */
  @Command(mixinStandardHelpOptions = true)
  static final class Group implements Runnable {
    @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "name what to do: " + String.join(", ", spec.subcommands().keySet()));
    }
  }

  @Command(mixinStandardHelpOptions = true)
  static final class Import extends Supervised {
    private final Method method;
    private final SettingTable table;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Parameters(paramLabel = "FILE.csv") String file;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    Import(Method method, SettingTable table) {
      this.method = method;
      this.table = table;
    }

    @Override
    int execute(Services s) throws Exception {
      Path p = main().cwd.resolve(file);
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString();
      } catch (CharacterCodingException e) {
        throw new BadInputException(file + " is not UTF-8 text");
      } catch (IOException e) {
        throw new BadInputException("cannot read " + file + ": " + Text.firstLine(e.getMessage()));
      }
      String summary = s.tables().importCsv(actor(), site, method.id(), table.name(), text, file, reason);
      out().println(method.id() + " " + table.name() + " on " + site + ": " + summary);
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true)
  static final class Export extends Supervised {
    private final Method method;
    private final SettingTable table;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--include-secrets", description = "Write secrets in clear too (admins; needs --reason; audited).")
    boolean includeSecrets;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, with --include-secrets.") String reason;
    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.") Path file;

    Export(Method method, SettingTable table) {
      this.method = method;
      this.table = table;
    }

    @Override
    int execute(Services s) throws Exception {
      Path target = file == null ? null : main().cwd.resolve(file);
      Outputs.checkWritable(target);
      String csv = s.tables().exportCsv(actor(), site, method.id(), table.name(), includeSecrets, reason);
      try (PrintWriter w = Outputs.open(target, out())) {
        w.print(csv);
      }
      return 0;
    }
  }

  @Command(mixinStandardHelpOptions = true)
  static final class ListRows extends Supervised {
    private final Method method;
    private final SettingTable table;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Mixin Listing.Format format;

    ListRows(Method method, SettingTable table) {
      this.method = method;
      this.table = table;
    }

    @Override
    int execute(Services s) throws Exception {
      List<List<String>> rows = new ArrayList<>();
      for (java.util.Map<String, String> r : s.tables().shown(site, method.id(), table.name())) rows.add(List.copyOf(r.values()));
      Listing.print(out(), format.format, table.headers(), rows);
      return 0;
    }
  }
}

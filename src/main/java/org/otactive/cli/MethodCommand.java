package org.otactive.cli;

import java.util.ArrayList;
import java.util.List;
import org.otactive.probe.Method;
import org.otactive.store.JdbcSupervision;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive method}: each method's settings and enabled toggle per site. */
@Command(name = "method", mixinStandardHelpOptions = true, description = "Methods per site: settings and the enabled toggle.",
    subcommands = {MethodCommand.SetGroup.class, MethodCommand.Enable.class, MethodCommand.Disable.class,
        MethodCommand.ListMethods.class, MethodCommand.Export.class, MethodCommand.Import.class})
final class MethodCommand {
  /** {@code method set METHOD …}: one subcommand per registered method, added by {@link Main}. */
  @Command(name = "set", mixinStandardHelpOptions = true,
      description = "Set a method's settings on a site: method set METHOD --site S [options] --reason TEXT."
          + " Options not given keep their values; a new method starts disabled.")
  static final class SetGroup extends MethodGroup {}

  /** {@code method set METHOD}: the method's options, from its descriptor. */
  @Command(mixinStandardHelpOptions = true)
  static final class Set extends Supervised {
    private final Method method;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;
    @Option(names = "--only-gaps", negatable = true,
        description = "Its supervised runs ask only the addresses of the minimal plan (otactive coverage --plan):"
            + " what passive knowledge and earlier runs left unknown. --no-only-gaps: every address of the site.")
    Boolean onlyGaps;

    private Set(Method method) {
      this.method = method;
    }

    static CommandLine commandLine(Method method) {
      return MethodOptions.command(new Set(method), method, "Set " + method.displayName() + " settings on a site.");
    }

    @Override
    int execute(Services s) {
      String change = s.supervisor().setMethodSettings(actor(), site, method.id(),
          MethodOptions.given(spec.commandLine().getParseResult(), method, main().env), onlyGaps, reason);
      out().println(method.id() + " on " + site + ": " + change);
      return 0;
    }
  }

  /** The enabled toggle; the two commands differ only in which way they switch it. */
  abstract static class Toggle extends Supervised {
    @Parameters(paramLabel = "METHOD") String method;
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    abstract boolean enable();

    @Override
    int execute(Services s) {
      s.supervisor().setMethodEnabled(actor(), site, method, enable(), reason);
      out().println(method + (enable() ? " enabled on " : " disabled on ") + site);
      return 0;
    }
  }

  @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a method on a site.")
  static final class Enable extends Toggle {
    @Override
    boolean enable() {
      return true;
    }
  }

  @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a method on a site (stops its runs).")
  static final class Disable extends Toggle {
    @Override
    boolean enable() {
      return false;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List methods per site with their settings (secrets only as set or not set).")
  static final class ListMethods extends Supervised {
    @Option(names = "--site", paramLabel = "NAME") String site;
    @Mixin Listing.Format format;

    @Override
    int execute(Services s) throws Exception {
      if (site != null) s.supervisor().site(site);
      List<List<String>> rows = new ArrayList<>();
      for (JdbcSupervision.MethodSetting m : s.supervisor().store().methods(site)) {
        rows.add(List.of(m.site(), m.method(), (m.enabled() ? "enabled" : "disabled") + (m.onlyGaps() ? ", only-gaps" : ""),
            s.supervisor().methodSettings().describe(m)));
      }
      Listing.print(out(), format.format, List.of("site", "method", "state", "settings"), rows);
      return 0;
    }
  }

  /** The export file: the site it came from and its methods. */
  record ExportFile(String site, List<Supervisor.MethodExport> methods) {}

  @Command(name = "export", mixinStandardHelpOptions = true,
      description = {"Export a site's method settings as JSON (secrets left out).",
          "With --include-secrets (admins; needs --reason, audited) the secrets are written in clear."})
  static final class Export extends Supervised {
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Option(names = "--include-secrets", description = "Write secrets in clear too (admins; audited).") boolean includeSecrets;
    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, with --include-secrets.") String reason;
    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of stdout.") java.nio.file.Path file;

    @Override
    int execute(Services s) throws Exception {
      java.nio.file.Path target = file == null ? null : main().cwd.resolve(file);
      Outputs.checkWritable(target);
      var methods = s.supervisor().exportMethods(actor(), site, includeSecrets, reason);
      try (java.io.PrintWriter w = Outputs.open(target, out())) {
        Listing.json().writeValue(w, new ExportFile(site, methods));
        w.println();
        w.flush();
      }
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import method settings exported from a site (all or nothing; options missing from the file keep"
          + " their values; enabled states and schedules are not changed).")
  static final class Import extends Supervised {
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Parameters(paramLabel = "FILE.json") String file;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) throws Exception {
      java.nio.file.Path p = main().cwd.resolve(file);
      ExportFile doc;
      try {
        doc = Listing.json().readValue(p.toFile(), ExportFile.class);
      } catch (java.io.IOException e) {
        throw new org.otactive.common.BadInputException("cannot read " + file + " as a method export: "
            + org.otactive.common.Text.firstLine(e.getMessage()));
      }
      if (doc == null || doc.methods() == null) throw new org.otactive.common.BadInputException(file + " names no methods");
      for (String change : s.supervisor().importMethods(actor(), site, doc.methods(), reason)) out().println(change);
      return 0;
    }
  }
}

package org.otactive.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.otactive.schedule.OneOffWindow;
import org.otactive.supervise.Supervisor;
import org.otactive.schedule.RecurringWindow;
import org.otactive.schedule.WindowDefinition;
import org.otactive.common.BadInputException;
import org.otactive.store.JdbcSupervision;
import org.otactive.supervise.Services;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code otactive window}: maintenance windows of a site. */
@Command(name = "window", mixinStandardHelpOptions = true,
    description = "Maintenance windows: scheduled active monitoring sends only inside them.",
    subcommands = {WindowCommand.Add.class, WindowCommand.ListWindows.class, WindowCommand.Remove.class,
        WindowCommand.Import.class})
final class WindowCommand {
  static String describe(WindowDefinition d, ZoneId zone) {
    return switch (d) {
      case RecurringWindow r -> "cron '" + r.cron() + "' for " + r.duration().toString().substring(2).toLowerCase() + " (" + zone.getId() + ")";
      case OneOffWindow o -> o.start().atZone(zone).toLocalDateTime() + " to " + o.end().atZone(zone).toLocalDateTime()
          + " (" + zone.getId() + ")";
    };
  }

  static final class Kind {
    @ArgGroup(exclusive = false) Recurring recurring;
    @ArgGroup(exclusive = false) OneOff oneOff;
  }

  static final class Recurring {
    @Option(names = "--cron", required = true, paramLabel = "EXPR",
        description = "When it opens, 5-field cron in the site's zone, e.g. '0 2 * * 0' (Sundays 02:00).") String cron;
    @Option(names = "--duration", required = true, paramLabel = "DURATION", description = "How long it stays open, e.g. 3h.") String duration;
  }

  static final class OneOff {
    @Option(names = "--from", required = true, paramLabel = "LOCAL", description = "Start, local time of the site: 2026-12-06T02:00.") String from;
    @Option(names = "--to", required = true, paramLabel = "LOCAL", description = "End, local time of the site.") String to;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a recurring window (--cron with --duration) or a one-off window (--from with --to).")
  static final class Add extends Supervised {
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @ArgGroup(exclusive = true, multiplicity = "1") Kind kind;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      ZoneId zone = s.supervisor().site(site).zone();
      WindowDefinition d = kind.recurring != null
          ? RecurringWindow.parse(kind.recurring.cron, kind.recurring.duration)
          : OneOffWindow.local(local(kind.oneOff.from), local(kind.oneOff.to), zone);
      List<Long> ids = s.supervisor().addWindow(actor(), site, d, reason);
      out().println("window " + ids.get(0) + " on " + site + ": " + describe(d, zone));
      return 0;
    }
  }

  static LocalDateTime local(String text) {
    try {
      return LocalDateTime.parse(text.strip().replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw new BadInputException("not a local date and time: '" + text + "' (e.g. 2026-12-06T02:00)");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the windows that are ahead or open"
      + " (--all: those that have ended too).")
  static final class ListWindows extends Supervised {
    @Option(names = "--site", paramLabel = "NAME") String site;
    @Option(names = "--all", description = "Also the single windows that have ended (an imported calendar leaves many).")
    boolean all;
    @picocli.CommandLine.Mixin Listing.Format format;

    @Override
    int execute(Services s) throws Exception {
      if (site != null) s.supervisor().site(site);
      java.time.Instant now = s.supervisor().clock().instant();
      List<List<String>> rows = new ArrayList<>();
      int ended = 0;
      for (JdbcSupervision.StoredWindow w : s.supervisor().store().windows(site)) {
        if (!all && w.definition().endedBy(now)) {
          ended++;
          continue;
        }
        rows.add(List.of(Long.toString(w.id()), w.site(), describe(w.definition(), s.supervisor().site(w.site()).zone()), w.source()));
      }
      Listing.print(out(), format.format, List.of("id", "site", "window", "source"), rows);
      if (ended > 0) err().println(ended + " ended window(s) not listed (--all lists them)");
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a window.")
  static final class Remove extends Supervised {
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Parameters(paramLabel = "ID") long id;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) {
      s.supervisor().removeWindow(actor(), site, id, reason);
      out().println("window " + id + " removed from " + site);
      return 0;
    }
  }

  @Command(name = "import", mixinStandardHelpOptions = true,
      description = "Import a plant's outage calendar (.ics): every event from now on (recurring ones for "
          + "730 days) becomes a window.")
  static final class Import extends Supervised {
    @Option(names = "--site", required = true, paramLabel = "NAME") String site;
    @Parameters(paramLabel = "FILE.ics") String file;
    @Option(names = "--reason", required = true, paramLabel = "TEXT") String reason;

    @Override
    int execute(Services s) throws IOException {
      s.supervisor().site(site);
      Path p = main().cwd.resolve(file);
      String text;
      try {
        if (Files.size(p) > 8 * 1024 * 1024) throw new BadInputException(file + " is larger than 8 MiB");
        text = Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException | java.io.UncheckedIOException e) {
        throw new BadInputException("cannot read " + file + ": " + e.getMessage());
      }
      String name = p.getFileName().toString();
      Supervisor.CalendarImport done = s.supervisor().importWindows(actor(), site, text, name, reason);
      out().println(done.summary(site, name));
      s.supervisor().horizonNote(done.added()).ifPresent(out()::println);
      return 0;
    }
  }
}

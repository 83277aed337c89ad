package org.otactive.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.otactive.access.AuditEntry;
import org.otactive.common.BadInputException;
import org.otactive.store.JdbcAudit;
import org.otactive.supervise.Services;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code otactive audit}: the append-only log of who did what. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "The audit log: every start, stop, pause, resume, re-arm, switch and setting change.")
final class AuditCommand extends Supervised {
  @Option(names = "--since", paramLabel = "TIME|DURATION",
      description = "Entries from this instant (2026-11-29T10:00:00Z) or this long ago (24h).") String since;
  @Option(names = "--verify", description = "Check the hash chain; exit 1 when broken, naming the first entry concerned."
      + " Prints the newest entry's anchor (ID:HASH): keep it elsewhere.") boolean verify;
  @Option(names = "--anchor", paramLabel = "ID:HASH", description = {"With --verify: an anchor printed by an earlier"
      + " --verify; the entry must still be the one noted. Finds a log rewritten with every later hash recomputed,"
      + " which the chain alone cannot show. Repeatable."}) List<String> anchors = new ArrayList<>();
  @picocli.CommandLine.Mixin Listing.Format format;

  @Override
  int execute(Services s) throws Exception {
    if (!anchors.isEmpty() && !verify) throw new BadInputException("--anchor goes with --verify");
    if (verify) {
      List<JdbcAudit.Anchor> given = anchors.stream().map(JdbcAudit.Anchor::parse).toList();
      var broken = s.supervisor().audit().verify(given);
      if (broken.isPresent()) {
        err().println("otactive: audit log broken: " + broken.get());
        return Main.EXIT_FAILED;
      }
      List<AuditEntry> all = s.supervisor().audit().entries(null);
      out().println("audit log intact: " + all.size() + " entries" + (given.isEmpty() ? "" : ", " + given.size()
          + " anchor(s) hold") + (all.isEmpty() ? "" : "; newest anchor " + JdbcAudit.Anchor.of(all.getLast())));
      return 0;
    }
    Instant from = since == null ? null : since(since, s.supervisor().clock().instant());
    List<List<String>> rows = new ArrayList<>();
    for (AuditEntry e : s.supervisor().audit().entries(from)) {
      rows.add(List.of(Long.toString(e.id()), e.at().toString(), e.actor(), e.action(), e.subject(), e.reason(), e.detail()));
    }
    Listing.print(out(), format.format, List.of("id", "at", "who", "what", "subject", "reason", "detail"), rows);
    return 0;
  }

  static Instant since(String text, Instant now) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException notInstant) {
      try {
        return now.minus(org.otactive.common.DurationText.parse(text, "--since"));
      } catch (RuntimeException notDuration) {
        throw new BadInputException("--since takes an instant (2026-11-29T10:00:00Z) or a duration (24h): '" + text + "'");
      }
    }
  }
}

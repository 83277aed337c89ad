package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.ScriptedDnsServer;

/** The supervision commands as a user types them: what they print, and bad input changing nothing. */
class SupervisionCliTest {
  @TempDir Path dir;
  private String db;

  @BeforeEach
  void setUp() {
    db = "jdbc:h2:file:" + dir.resolve("db");
  }

  private Cli.Result cli(String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "--db";
    full[1] = db;
    System.arraycopy(args, 0, full, 2, args.length);
    return Cli.run(full);
  }

  private Cli.Result ok(String... args) {
    Cli.Result r = cli(args);
    assertThat(r.code()).as("otactive %s: %s", String.join(" ", args), r.err()).isZero();
    return r;
  }

  private int auditEntries() {
    return (int) ok("audit").out().lines().count() - 1;
  }

  private void bad(int code, String message, String... args) {
    int before = auditEntries();
    Cli.Result r = cli(args);
    assertThat(r.code()).as(String.join(" ", args)).isEqualTo(code);
    assertThat(r.err()).as(String.join(" ", args)).contains(message);
    assertThat(r.err().lines().count()).as("one line").isEqualTo(1);
    assertThat(auditEntries()).as("nothing changed").isEqualTo(before);
  }

  private void plant() {
    ok("user", "add", Cli.ME, "--role", "admin", "--reason", "first admin");
    ok("user", "add", "olga", "--role", "owner");
    ok("user", "add", "vic", "--role", "viewer");
    ok("site", "add", "plant", "--zone", "Europe/Berlin", "--ranges", "10.80.0.0/24", "--owner", "olga");
  }

  @Test
  void aFreshInstallIsOffAndAOneOffScanSendsNothing() throws Exception {
    assertThat(ok("monitoring").out()).contains("active monitoring is off");
    try (ScriptedDnsServer server = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "x.example.")))) {
      ok("user", "add", Cli.ME, "--role", "admin");
      Cli.Result r = cli("rdns", "10.80.0.1", "--dns-server", server.spec());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("active monitoring is off");
      Cli.Result t = cli("rdns", "--test", "10.80.0.1", "--dns-server", server.spec());
      assertThat(t.code()).isEqualTo(2);
      assertThat(server.count()).isZero();
      ok("monitoring", "on", "--reason", "go");
      assertThat(cli("--as", "vic", "rdns", "10.80.0.1", "--dns-server", server.spec()).code()).isEqualTo(4);
      assertThat(server.count()).isZero();
      assertThat(ok("rdns", "10.80.0.1", "--dns-server", server.spec()).out()).contains("x");
      assertThat(server.count()).isEqualTo(1);
      assertThat(ok("audit").out()).contains("one-off").contains("rdns 10.80.0.1").contains("monitoring-on");
    }
  }

  @Test
  void badInputGetsOneLineAndChangesNothing() throws Exception {
    plant();
    ok("method", "set", "rdns", "--site", "plant", "--dns-server", "127.0.0.1:5399");
    bad(2, "unknown time zone: 'Mars/Olympus'", "site", "add", "mars", "--zone", "Mars/Olympus", "--ranges", "10.1.0.0/24");
    bad(2, "window ends at 2026-12-06T01:00, not after its start 2026-12-06T05:00 (Europe/Berlin)",
        "window", "add", "--site", "plant", "--from", "2026-12-06T05:00", "--to", "2026-12-06T01:00");
    bad(2, "bad cron expression: '0 2 * *'", "window", "add", "--site", "plant", "--cron", "0 2 * *", "--duration", "3h");
    bad(2, "overlaps the next start of cron", "window", "add", "--site", "plant", "--cron", "0 * * * *", "--duration", "2h");
    bad(2, "bad window duration: 'soon'", "window", "add", "--site", "plant", "--cron", "0 2 * * 0", "--duration", "soon");
    bad(2, "unknown site: 'nowhere'", "window", "add", "--site", "nowhere", "--cron", "0 2 * * 0", "--duration", "3h");
    Path broken = dir.resolve("broken.ics");
    Files.writeString(broken, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026-12-10 09:00\r\nEND:VCALENDAR\r\n");
    bad(2, "not valid iCalendar text", "window", "import", "--site", "plant", broken.toString());
    bad(2, "cannot read", "window", "import", "--site", "plant", dir.resolve("missing.ics").toString());
    bad(2, "bad run interval: '0x'", "schedule", "set", "--site", "plant", "--method", "rdns", "--every", "0x");
    bad(2, "bad run time: '25:00'", "schedule", "set", "--site", "plant", "--method", "rdns", "--at", "25:00");
    bad(2, "unknown method: 'snmp'", "schedule", "set", "--site", "plant", "--method", "snmp", "--every", "6h");
    bad(4, "vic may not", "window", "add", "--site", "plant", "--cron", "0 2 * * 0", "--duration", "3h", "--as", "vic");
    bad(4, "admins only", "--as", "olga", "monitoring", "on", "--reason", "x");
    bad(2, "a reason is required", "monitoring", "on");
    bad(2, "active monitoring is off", "--as", "olga", "run", "start", "--site", "plant", "--method", "rdns");
    bad(2, "no run 99", "stop", "--run", "99", "--reason", "x");
    bad(2, "site plant is not stopped", "rearm", "--site", "plant", "--reason", "x");
    assertThat(ok("window", "list").out().lines().count()).as("header only").isEqualTo(1);
    assertThat(ok("site", "list").out()).doesNotContain("mars");
  }

  @Test
  void windowsSchedulesAndTheCalendarAsAnOwnerSetsThemUp() throws Exception {
    plant();
    ok("--as", "olga", "method", "set", "rdns", "--site", "plant", "--dns-server", "127.0.0.1:5399", "--rate", "50");
    ok("--as", "olga", "method", "enable", "rdns", "--site", "plant");
    assertThat(ok("--as", "olga", "window", "add", "--site", "plant", "--cron", "0 2 * * 0", "--duration", "3h").out())
        .contains("window 1 on plant: cron '0 2 * * 0' for 3h");
    ok("--as", "olga", "schedule", "set", "--site", "plant", "--method", "rdns", "--at", "14:30,02:15");
    Cli.Result list = ok("schedule", "list");
    assertThat(list.out()).contains("plant").contains("rdns").contains("at 02:15,14:30");
    // Due at 02:15 or 14:30, moved into the Sunday 02:00-05:00 window: a Sunday at 02:15.
    assertThat(list.out()).containsPattern("T02:(00|15)");
    Path ics = dir.resolve("outages.ics");
    try (var in = getClass().getResourceAsStream("/ics/outages.ics")) {
      Files.write(ics, in.readAllBytes());
    }
    // The calendar's events up to 2026-12-10 may be past when this runs; only future ones count.
    Cli.Result imported = cli("--as", "olga", "window", "import", "--site", "plant", ics.toString());
    assertThat(imported.code()).isIn(0, 2);
    if (imported.code() == 0) assertThat(imported.out()).contains("window(s) imported into plant from outages.ics");
    else assertThat(imported.err()).contains("outages.ics has no event from now on");
    Cli.Result show = ok("site", "show", "plant");
    assertThat(show.out()).contains("owners:   olga").contains("state:    armed").contains("window 1: cron '0 2 * * 0' for 3h")
        .contains("method:   rdns enabled; schedule at 02:15,14:30");
    assertThat(ok("audit", "--verify").out()).contains("audit log intact");
    assertThat(ok("audit", "--since", "1h").out()).contains("schedule-set").contains("olga");
    List<String> actions = ok("audit").out().lines().skip(1).map(l -> l.trim().split("\\s+")[3]).toList();
    assertThat(actions).startsWith("user-save", "user-save", "user-save", "site-add", "method-settings", "method-enable",
        "window-add");
  }
}

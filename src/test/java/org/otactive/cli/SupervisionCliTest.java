package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.OutageCalendar;
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
    return Cli.run(Cli.on(db, args));
  }

  private Cli.Result ok(String... args) {
    return Cli.ok(Cli.on(db, args));
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
    ok("user", "add", "olga", "--role", "owner", "--reason", "set-up");
    ok("user", "add", "vic", "--role", "viewer", "--reason", "set-up");
    ok("site", "add", "plant", "--zone", "Europe/Berlin", "--ranges", "10.80.0.0/24", "--owner", "olga", "--reason", "set-up");
  }

  @Test
  void aFreshInstallIsOffAndAOneOffScanSendsNothing() throws Exception {
    assertThat(ok("monitoring").out()).contains("active monitoring is off");
    try (ScriptedDnsServer server = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.ptr(q, "x.example.")))) {
      ok("user", "add", Cli.ME, "--role", "admin", "--reason", "first admin");
      Cli.Result r = cli("rdns", "10.80.0.1", "--dns-server", server.spec());
      assertThat(r.code()).as("refused by supervision").isEqualTo(5);
      assertThat(r.err()).contains("active monitoring is off");
      Cli.Result t = cli("rdns", "--test", "10.80.0.1", "--dns-server", server.spec());
      assertThat(t.code()).isEqualTo(5);
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
    ok("method", "set", "rdns", "--site", "plant", "--dns-server", "127.0.0.1:5399", "--reason", "set-up");
    bad(2, "unknown time zone: 'Mars/Olympus'", "site", "add", "mars", "--zone", "Mars/Olympus", "--ranges", "10.1.0.0/24",
        "--reason", "x");
    bad(2, "window ends at 2026-12-06T01:00, not after its start 2026-12-06T05:00 (Europe/Berlin)",
        "window", "add", "--site", "plant", "--from", "2026-12-06T05:00", "--to", "2026-12-06T01:00", "--reason", "x");
    bad(2, "bad cron expression: '0 2 * *'", "window", "add", "--site", "plant", "--cron", "0 2 * *", "--duration", "3h",
        "--reason", "x");
    bad(2, "overlaps the next start of cron", "window", "add", "--site", "plant", "--cron", "0 * * * *", "--duration", "2h",
        "--reason", "x");
    bad(2, "bad window duration: 'soon'", "window", "add", "--site", "plant", "--cron", "0 2 * * 0", "--duration", "soon",
        "--reason", "x");
    // A name the command is given is bad input (2), not a refusal of who acts (4).
    bad(2, "unknown user: 'ghost'", "site", "add", "mars", "--zone", "UTC", "--ranges", "10.1.0.0/24", "--owner", "ghost",
        "--reason", "x");
    bad(2, "unknown user: 'ghost'", "site", "set", "plant", "--owner", "ghost", "--reason", "x");
    bad(4, "unknown user 'ghost' (a command acts as the user --as names", "--as", "ghost", "site", "add", "mars", "--zone",
        "UTC", "--ranges", "10.1.0.0/24", "--reason", "x");
    bad(2, "unknown site: 'nowhere'", "window", "add", "--site", "nowhere", "--cron", "0 2 * * 0", "--duration", "3h",
        "--reason", "x");
    bad(2, "Missing required option: '--reason=TEXT'", "window", "add", "--site", "plant", "--cron", "0 2 * * 0",
        "--duration", "3h");
    bad(2, "site plant exists", "site", "add", "plant", "--zone", "UTC", "--ranges", "192.168.0.0/16", "--reason", "typo");
    bad(2, "--labels out of range: '0' (1..127)", "method", "set", "rdns", "--site", "plant", "--labels", "0", "--reason", "x");
    bad(2, "--rate must be a number per second", "method", "set", "rdns", "--site", "plant", "--rate", "fast", "--reason", "x");
    Path broken = dir.resolve("broken.ics");
    Files.writeString(broken, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026-12-10 09:00\r\nEND:VCALENDAR\r\n");
    bad(2, "not valid iCalendar text", "window", "import", "--site", "plant", broken.toString(), "--reason", "x");
    bad(2, "cannot read", "window", "import", "--site", "plant", dir.resolve("missing.ics").toString(), "--reason", "x");
    bad(2, "bad run interval: '0x'", "schedule", "set", "--site", "plant", "--method", "rdns", "--every", "0x", "--reason", "x");
    bad(2, "bad run time: '25:00'", "schedule", "set", "--site", "plant", "--method", "rdns", "--at", "25:00", "--reason", "x");
    bad(2, "unknown method: 'snmp'", "schedule", "set", "--site", "plant", "--method", "snmp", "--every", "6h", "--reason", "x");
    bad(4, "vic may not", "window", "add", "--site", "plant", "--cron", "0 2 * * 0", "--duration", "3h", "--as", "vic",
        "--reason", "x");
    bad(4, "admins only", "--as", "olga", "monitoring", "on", "--reason", "x");
    bad(2, "a reason is required", "monitoring", "on");
    bad(5, "active monitoring is off", "--as", "olga", "run", "start", "--site", "plant", "--method", "rdns", "--reason", "x");
    bad(2, "no run 99", "stop", "--run", "99", "--reason", "x");
    bad(2, "site plant is not stopped", "rearm", "--site", "plant", "--reason", "x");
    assertThat(ok("window", "list").out().lines().count()).as("header only").isEqualTo(1);
    assertThat(ok("site", "list").out()).doesNotContain("mars");
  }

  @Test
  void endedWindowsAreListedOnlyWhenAskedFor() throws Exception {
    plant();
    ok("--as", "olga", "window", "add", "--site", "plant", "--from", "2030-01-06T02:00", "--to", "2030-01-06T05:00",
        "--reason", "ahead");
    // a window of last week, as time leaves an imported outage behind
    try (org.otactive.store.Database store = org.otactive.store.Database.open(db)) {
      Instant lastWeek = Instant.now().minus(java.time.Duration.ofDays(7));
      new org.otactive.store.JdbcSupervision(store).addWindows("plant",
          List.of(new org.otactive.schedule.OneOffWindow(lastWeek, lastWeek.plus(java.time.Duration.ofHours(3)))), "ics:outages.ics",
          lastWeek.minus(java.time.Duration.ofDays(1)));
    }
    Cli.Result list = ok("window", "list", "--site", "plant");
    assertThat(list.out().lines().count()).as("header and the window ahead").isEqualTo(2);
    assertThat(list.out()).contains("2030-01-06T02:00 to 2030-01-06T05:00").doesNotContain("ics:outages.ics");
    assertThat(list.err()).isEqualTo("1 ended window(s) not listed (--all lists them)" + System.lineSeparator());
    Cli.Result all = ok("window", "list", "--site", "plant", "--all", "--format", "csv");
    assertThat(all.out().lines().count()).isEqualTo(3);
    assertThat(all.out()).contains("ics:outages.ics");
    assertThat(all.err()).isEmpty();
  }

  @Test
  void windowsSchedulesAndTheCalendarAsAnOwnerSetsThemUp() throws Exception {
    plant();
    ok("--as", "olga", "method", "set", "rdns", "--site", "plant", "--dns-server", "127.0.0.1:5399", "--rate", "50",
        "--reason", "set-up");
    ok("--as", "olga", "method", "enable", "rdns", "--site", "plant", "--reason", "set-up");
    assertThat(ok("--as", "olga", "window", "add", "--site", "plant", "--cron", "0 2 * * 0", "--duration", "3h",
        "--reason", "Sunday outages").out()).contains("window 1 on plant: cron '0 2 * * 0' for 3h");
    ok("--as", "olga", "schedule", "set", "--site", "plant", "--method", "rdns", "--at", "14:30,02:15", "--reason", "set-up");
    Cli.Result list = ok("schedule", "list");
    assertThat(list.out()).contains("plant").contains("rdns").contains("at 02:15,14:30");
    // Due at 02:15 or 14:30, moved into the Sunday 02:00-05:00 window: a Sunday at 02:15.
    assertThat(list.out()).containsPattern("T02:(00|15)");
    // The plant's outage calendar as of now (written relative to today, so the same windows every day).
    Path ics = dir.resolve("outages.ics");
    Files.writeString(ics, OutageCalendar.relativeTo(Instant.now()));
    Cli.Result imported = ok("--as", "olga", "window", "import", "--site", "plant", ics.toString(), "--reason", "outages");
    assertThat(imported.out()).isEqualTo(OutageCalendar.WINDOWS_AHEAD + " window(s) imported into plant from outages.ics"
        + System.lineSeparator());
    assertThat(ok("window", "list", "--site", "plant").out().lines().count()).as("header, the cron window, the calendar's")
        .isEqualTo(1 + 1 + OutageCalendar.WINDOWS_AHEAD);
    // A weekly event without an end is expanded to the horizon, and the user is told to import it again.
    Path weekly = dir.resolve("weekly.ics");
    Files.writeString(weekly, String.join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//otactive test//EN",
        "BEGIN:VEVENT", "UID:weekly@test", "DTSTAMP:20261201T000000Z", "DTSTART:20261206T010000Z", "DTEND:20261206T040000Z",
        "RRULE:FREQ=WEEKLY", "END:VEVENT", "END:VCALENDAR", ""));
    String note = ok("--as", "olga", "window", "import", "--site", "plant", weekly.toString(), "--reason", "weekly").out();
    java.time.LocalDate horizon = Instant.now().plus(java.time.Duration.ofDays(org.otactive.supervise.Supervisor.ICS_HORIZON_DAYS))
        .atZone(java.time.ZoneOffset.UTC).toLocalDate();
    assertThat(note).contains("window(s) imported into plant from weekly.ics").containsAnyOf(
        "recurring events are expanded 730 days ahead, to " + horizon + ": import the calendar again",
        "recurring events are expanded 730 days ahead, to " + horizon.minusDays(1) + ": import the calendar again");
    assertThat(imported.out()).as("a calendar that ends well before the horizon needs no such note").doesNotContain("expanded");
    // The same file imported again is the plan as it is now: unchanged, nothing happens; an outage
    // called off (the vendor visit gone from it) loses its window; other files' windows stay.
    long withWeekly = ok("window", "list", "--site", "plant").out().lines().count();
    Instant now = Instant.now();
    Files.writeString(ics, OutageCalendar.relativeTo(now));
    assertThat(ok("--as", "olga", "window", "import", "--site", "plant", ics.toString(), "--reason", "again").out())
        .isEqualTo("0 window(s) imported into plant from outages.ics" + System.lineSeparator());
    Files.writeString(ics, OutageCalendar.relativeTo(now).replaceAll("BEGIN:VEVENT\r\nUID:floating@[\\s\\S]*?END:VEVENT\r\n", ""));
    assertThat(ok("--as", "olga", "window", "import", "--site", "plant", ics.toString(), "--reason", "visit called off").out())
        .isEqualTo("0 window(s) imported into plant from outages.ics; 1 earlier window(s) of outages.ics removed (no longer in it)"
            + System.lineSeparator());
    assertThat(ok("window", "list", "--site", "plant").out()).doesNotContain("T09:00 to ").contains("weekly.ics");
    assertThat(ok("window", "list", "--site", "plant").out().lines().count()).isEqualTo(withWeekly - 1);
    // a calendar with nothing ahead any more removes the rest of its windows; then there is nothing to import
    Files.writeString(ics, OutageCalendar.allPast(now));
    assertThat(ok("--as", "olga", "window", "import", "--site", "plant", ics.toString(), "--reason", "no outages").out())
        .isEqualTo("0 window(s) imported into plant from outages.ics; " + (OutageCalendar.WINDOWS_AHEAD - 1)
            + " earlier window(s) of outages.ics removed (no longer in it)" + System.lineSeparator());
    assertThat(ok("window", "list", "--site", "plant").out()).doesNotContain("ics:outages.ics");
    assertThat(ok("audit").out()).contains("earlier one(s) no longer in it removed");
    bad(2, "outages.ics has no event from now on", "--as", "olga", "window", "import", "--site", "plant", ics.toString(),
        "--reason", "outages");
    Cli.Result show = ok("site", "show", "plant");
    assertThat(show.out()).contains("owners:   olga").contains("state:    armed").contains("window 1: cron '0 2 * * 0' for 3h")
        .contains("method rdns: enabled; schedule at 02:15,14:30; settings dns-server=127.0.0.1:5399 rate=50");
    assertThat(ok("audit", "--verify").out()).contains("audit log intact");
    assertThat(ok("audit", "--since", "1h").out()).contains("schedule-set").contains("olga");
    List<String> actions = ok("audit").out().lines().skip(1).map(l -> l.trim().split("\\s+")[3]).toList();
    assertThat(actions).startsWith("user-save", "user-save", "user-save", "site-add", "method-settings", "method-enable",
        "window-add");
  }
}

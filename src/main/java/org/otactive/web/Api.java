package org.otactive.web;

import static org.otactive.web.Route.Field.flag;
import static org.otactive.web.Route.Field.list;
import static org.otactive.web.Route.Field.optional;
import static org.otactive.web.Route.Field.reason;
import static org.otactive.web.Route.Field.text;

import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.otactive.access.AuditEntry;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.common.BadInputException;
import org.otactive.common.NotFoundException;
import org.otactive.common.DurationText;
import org.otactive.inventory.DeviceHistory;
import org.otactive.probe.Configured;
import org.otactive.probe.Method;
import org.otactive.probe.SettingTable;
import org.otactive.probe.OptionValues;
import org.otactive.probe.SettingOption;
import org.otactive.probe.TestReport;
import org.otactive.run.RunState;
import org.otactive.safety.StopSwitch;
import org.otactive.schedule.OneOffWindow;
import org.otactive.schedule.RecurringWindow;
import org.otactive.schedule.WindowDefinition;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;
import org.otactive.store.JdbcRunLog.StoredResult;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.supervise.Accounts;
import org.otactive.supervise.ResultsReport;
import org.otactive.supervise.Supervisor;

/**
 * The REST API under {@code /api/v1/}: one route for every action the console offers, each a call
 * of the {@link Supervisor} (or {@link Accounts}) of the caller's channel. The console's forms
 * post to these same routes; {@link OpenApi} describes them.
 */
final class Api {
  static final String V1 = "/api/v1";
  private static final int ICS_MAX = 8 * 1024 * 1024;
  /** A table of 10,000 rows of long cells stays well under this. */
  private static final int TABLE_MAX = 4 * 1024 * 1024;

  private Api() {}

  static List<Route> routes() {
    List<Route> r = new ArrayList<>();
    // ---- status and switches
    r.add(Route.get(V1 + "/status", "Active monitoring on or off, and the runs sending now.", Api::status));
    r.add(Route.post(V1 + "/monitoring", "Switch active monitoring on or off (admins); off stops every run.", c -> {
      boolean on = c.flag("on");
      int stopped = c.supervisor().setMonitoring(c.actor(), on, c.optional("reason"));
      return new Route.Done("active monitoring " + (on ? "on" : "off") + (on ? "" : "; " + stopped + " run(s) stopped"),
          Map.of("on", on, "stopped", stopped));
    }, flag("on", "true: on; false: off."), reason()));
    r.add(Route.post(V1 + "/stop-all", "Stop every site and every run (admins).", c -> {
      int n = c.supervisor().stopAll(c.actor(), c.optional("reason"));
      return new Route.Done("every site stopped; " + n + " run(s) stopped", Map.of("stopped", n));
    }, reason()));

    // ---- methods
    r.add(Route.get(V1 + "/methods", "The registered methods and their settings.",
        c -> c.supervisor().registry().all().stream().map(Views::method).toList()));

    // ---- sites
    r.add(Route.get(V1 + "/sites", "Sites with their scope, owners, windows and state.",
        c -> c.supervisor().sites().list().stream().map(s -> Views.site(c.supervisor(), s)).toList()));
    r.add(Route.get(V1 + "/sites/{site}", "One site.", c -> Views.site(c.supervisor(), c.supervisor().site(c.path("site")))));
    r.add(Route.post(V1 + "/sites", "Add a site (admins).", c -> {
      String name = c.text("name");
      ZoneId zone = Call.parse("zone", () -> Site.zone(c.text("zone")));
      Call.parse("exclude", () -> org.otactive.scope.AddressSet.of(c.list("exclude"), List.of()));
      Call.parse("ranges", () -> org.otactive.scope.AddressSet.of(c.list("ranges"), List.of()));
      Site s = Call.parse("name", () -> Site.of(name, zone, c.list("ranges"), c.list("exclude")));
      c.supervisor().addSite(c.actor(), s, c.list("owners"), c.optional("reason"));
      return new Route.Done("site " + s.name() + " added", Map.of("name", s.name()));
    }, text("name", "The site's name."), text("zone", "Its time zone, e.g. Europe/Berlin."),
        list("ranges", "Address ranges (CIDR, a-b)."), list("exclude", "Addresses never to touch."),
        list("owners", "Users who own it."), reason()));
    r.add(Route.post(V1 + "/sites/{site}", "Change a site's zone, scope or owners (admins).", c -> {
      List<String> ranges = c.list("ranges");
      // Read here first, so that a bad value is named by its field.
      String zone = c.optional("zone");
      if (zone != null) Call.parse("zone", () -> Site.zone(zone));
      if (!ranges.isEmpty()) Call.parse("ranges", () -> org.otactive.scope.AddressSet.of(ranges, List.of()));
      Call.parse("exclude", () -> org.otactive.scope.AddressSet.of(c.list("exclude"), List.of()));
      Supervisor.SiteChange ch = c.supervisor().changeSite(c.actor(), c.path("site"), c.optional("zone"),
          ranges.isEmpty() ? null : ranges, c.list("exclude"), c.list("owners"), c.optional("reason"));
      return new Route.Done("site " + c.path("site") + ": " + ch.describe(), Map.of("change", ch.describe()));
    }, optional("zone", "A new time zone."), list("ranges", "New included ranges (replace the current)."),
        list("exclude", "Addresses taken out of the scope, never to touch (with new ranges: the site's exclusions;"
            + " without: added to them)."), list("owners", "Owners to add."), reason()));
    r.add(Route.post(V1 + "/sites/{site}/stop", "Stop a site: its runs end now; nothing starts until re-armed.", c -> {
      int n = c.supervisor().stopSite(c.actor(), c.path("site"), c.optional("reason"));
      return new Route.Done("site " + c.path("site") + " stopped; " + n + " run(s) stopped", Map.of("stopped", n));
    }, reason()));
    r.add(Route.post(V1 + "/sites/{site}/rearm", "Re-arm a stopped site.", c -> {
      c.supervisor().rearm(c.actor(), c.path("site"), c.optional("reason"));
      return new Route.Done("site " + c.path("site") + " re-armed", Map.of("site", c.path("site")));
    }, reason()));

    // ---- windows
    r.add(Route.post(V1 + "/sites/{site}/windows", "Add a maintenance window: cron with duration, or from and to.", c -> {
      ZoneId zone = c.supervisor().site(c.path("site")).zone();
      WindowDefinition d = window(c, zone);
      List<Long> ids = c.supervisor().addWindow(c.actor(), c.path("site"), d, c.optional("reason"));
      return new Route.Done("window " + ids.get(0) + " added: " + Views.describe(d, zone), Map.of("id", ids.get(0)));
    }, optional("cron", "When it opens: 5-field cron in the site's zone, e.g. '0 2 * * 0'."),
        optional("duration", "How long it stays open, e.g. 3h (with cron)."),
        optional("from", "Start, the site's local time: 2026-12-06T02:00."), optional("to", "End, the site's local time."),
        reason()));
    r.add(Route.post(V1 + "/sites/{site}/windows/{id}/remove", "Remove a maintenance window.", c -> {
      c.supervisor().removeWindow(c.actor(), c.path("site"), c.pathId("id"), c.optional("reason"));
      return new Route.Done("window " + c.pathId("id") + " removed", Map.of("id", c.pathId("id")));
    }, reason()));
    r.add(Route.post(V1 + "/sites/{site}/windows/import", "Import an outage calendar (.ics) as windows.", c -> {
      String name = c.fileName("calendar", "calendar.ics");
      Supervisor.CalendarImport done = c.supervisor().importWindows(c.actor(), c.path("site"), c.file("calendar", ICS_MAX), name,
          c.optional("reason"));
      String note = c.supervisor().horizonNote(done.added()).map(n -> "; " + n).orElse("");
      return new Route.Done(done.summary(c.path("site"), name) + note, Map.of("added", done.added().size(), "removed", done.removed()));
    }, new Route.Field("calendar", "file", true, "The .ics file (a form upload, or its text in JSON)."), reason()));

    // ---- a method on a site
    r.add(Route.get(V1 + "/sites/{site}/methods/{method}", "A method on a site: toggle, schedule, settings (secrets as set or not).",
        c -> Views.siteMethod(c.supervisor(), c.supervisor().site(c.path("site")), c.supervisor().method(c.path("method")))));
    r.add(Route.post(V1 + "/sites/{site}/methods/{method}/settings", "Apply changes to a method's settings on a site.", c -> {
      Method m = c.supervisor().method(c.path("method"));
      String change = c.supervisor().setMethodSettings(c.actor(), c.path("site"), m.id(), settings(c, m), c.optional("reason"));
      return new Route.Done(m.displayName() + ": " + change, Map.of("change", change));
    }, new Route.Field(Route.OPTIONS, "array", false, "Each of the method's options by name (GET /api/v1/methods); a"
        + " table's rows as OPTION.COLUMN fields in forms. Options not given keep their values; a secret left empty"
        + " keeps its value."), reason()));
    r.add(Route.post(V1 + "/sites/{site}/methods/{method}/enabled", "Enable or disable a method on a site.", c -> {
      boolean on = c.flag("enabled");
      c.supervisor().setMethodEnabled(c.actor(), c.path("site"), c.path("method"), on, c.optional("reason"));
      return new Route.Done(c.path("method") + (on ? " enabled" : " disabled") + " on " + c.path("site"), Map.of("enabled", on));
    }, flag("enabled", "true: enabled."), reason()));
    r.add(Route.post(V1 + "/sites/{site}/methods/{method}/schedule", "Set when a method runs: fixed interval or times of day.", c -> {
      String spec = schedule(c);
      if (spec != null) {
        Call.parse(spec.startsWith("every") ? "every" : "at",
            () -> org.otactive.schedule.RunSchedule.parse(spec, c.supervisor().clock().instant()));
      }
      var s = c.supervisor().setSchedule(c.actor(), c.path("site"), c.path("method"), spec, c.optional("reason"));
      return new Route.Done(c.path("method") + " on " + c.path("site") + ": " + (s == null ? "no schedule" : s.spec()),
          Map.of("schedule", s == null ? "none" : s.spec()));
    }, text("kind", "every, at or none."), optional("every", "The interval, e.g. 6h (kind every)."),
        list("at", "Times of day, 24-hour clock, e.g. 02:15 (kind at)."), reason()));
    r.add(Route.post(V1 + "/sites/{site}/methods/{method}/runs", "Manually scan: start a run of the method over the site.", c -> {
      Supervisor.Started s = c.supervisor().startRun(c.actor(), c.path("site"), c.path("method"), c.flag("outsideWindow"),
          c.optional("reason"));
      boolean waits = s.opensAt().isAfter(c.supervisor().clock().instant());
      return new Route.Done("run " + s.runId() + " queued" + (waits ? "; it waits for the window opening at " + s.opensAt() : ""),
          Map.of("run", s.runId(), "opensAt", s.opensAt().toString()));
    }, flag("outsideWindow", "Start outside the site's maintenance windows (audited)."), reason()));
    r.add(Route.post(V1 + "/sites/{site}/methods/{method}/test", "The Test dialog: one question about an address with the site's"
        + " settings (admins).", Api::test, text("address", "The address to look up."))
        .withFragment(Pages::testReports));
    r.add(Route.get(V1 + "/sites/{site}/methods/{method}/results.csv", "View scan results: one row per address the"
        + " method asked on the site, with its latest status, error in plain words and facts (the method's report).", c -> {
          ResultsReport.Report rep = c.services().results().of(c.actor(), c.path("site"), c.path("method"));
          return new Route.Download(c.path("site") + "-" + c.path("method") + "-scan-results.csv", "text/csv",
              csv(rep.headers(), rep.rows()).getBytes(StandardCharsets.UTF_8));
        }));

    // ---- a method's tables kept per site (WEM's scan ranges): secrets never leave, shown as set or not set
    r.add(Route.get(V1 + "/sites/{site}/methods/{method}/tables/{table}", "A method's table on a site: its rows, each"
        + " secret cell as set or not set.", c -> c.tables().shown(c.path("site"), c.path("method"), c.path("table"))));
    r.add(Route.get(V1 + "/sites/{site}/methods/{method}/tables/{table}/export.csv", "Export a method's table as CSV with its"
        + " exact headers; secret cells are left empty (an import of the file keeps the stored secrets).", c -> {
          String csv = c.tables().exportCsv(c.actor(), c.path("site"), c.path("method"), c.path("table"), false, null);
          return new Route.Download(c.path("site") + "-" + c.path("method") + "-" + c.path("table") + ".csv", "text/csv",
              csv.getBytes(StandardCharsets.UTF_8));
        }));
    r.add(Route.post(V1 + "/sites/{site}/methods/{method}/tables/{table}/import", "Import a method's table from CSV (admins"
        + " and the site's owners), all or nothing: a bad row is named by its line and nothing is imported.", c -> {
          String name = c.fileName("csv", c.path("table") + ".csv");
          String summary = c.tables().importCsv(c.actor(), c.path("site"), c.path("method"), c.path("table"),
              c.file("csv", TABLE_MAX), name, c.optional("reason"));
          return new Route.Done(c.path("method") + " " + c.path("table") + " on " + c.path("site") + ": " + summary,
              Map.of("change", summary));
        }, new Route.Field("csv", "file", true, "The CSV file (a form upload, or its text in JSON)."), reason()));
    r.add(Route.get(V1 + "/sites/{site}/methods-export", "Export a site's method settings (secrets left out).",
        c -> c.supervisor().exportMethods(c.actor(), c.path("site"), false, null)));
    r.add(Route.post(V1 + "/sites/{site}/methods-import", "Import method settings exported from a site (all or nothing).", c -> {
      List<Supervisor.MethodExport> docs = json(c.text("methods"));
      List<String> changes = c.supervisor().importMethods(c.actor(), c.path("site"), docs, c.optional("reason"));
      return new Route.Done(String.join("; ", changes), Map.of("changes", changes));
    }, text("methods", "The exported methods as a JSON array."), reason()));

    // ---- runs
    r.add(Route.get(V1 + "/runs", "Runs, newest first, with their progress.", c -> c.supervisor().runs()
        .runs(EnumSet.allOf(RunState.class), 200).stream().map(x -> Views.run(c.supervisor(), x)).toList()));
    r.add(Route.get(V1 + "/runs/{id}", "One run and its progress.", c -> Views.run(c.supervisor(), c.supervisor().run(c.pathId("id")))));
    r.add(Route.get(V1 + "/runs/{id}/results.csv", "View scan results: a run's results as CSV.", Api::resultsCsv));
    r.add(Route.post(V1 + "/runs/{id}/stop", "STOP one run (admins and the site's owners).", c -> {
      c.supervisor().stopRun(c.actor(), c.pathId("id"), c.optional("reason"));
      return new Route.Done("run " + c.pathId("id") + " stopped", Map.of("run", c.pathId("id")));
    }, reason()));
    r.add(Route.post(V1 + "/runs/{id}/pause", "Pause a run.", c -> {
      c.supervisor().pause(c.actor(), c.pathId("id"), c.optional("reason"));
      return new Route.Done("run " + c.pathId("id") + " paused", Map.of("run", c.pathId("id")));
    }, reason()));
    r.add(Route.post(V1 + "/runs/{id}/resume", "Resume a paused run.", c -> {
      c.supervisor().resume(c.actor(), c.pathId("id"), c.optional("reason"));
      return new Route.Done("run " + c.pathId("id") + " resumed", Map.of("run", c.pathId("id")));
    }, reason()));

    // ---- inventory and audit
    r.add(Route.get(V1 + "/devices", "Devices, filtered, in address order.",
        c -> {
          // The filter and an unknown site are refused here, before the listing's first byte.
          java.util.function.Predicate<org.otactive.inventory.Device> match = DeviceFilter.from(c).matcher(c.supervisor());
          org.otactive.inventory.Inventory inventory = c.services().inventory();
          return new Route.JsonArray(out -> inventory.eachDevice(d -> {
            if (match.test(d)) out.accept(d);
          }));
        }, optional("site", "Only the devices in this site's scope."), optional("subnet", "Only those in this range (CIDR, a-b)."),
        optional("attribute", "Only those with a value of this attribute."), optional("source", "Only those with a value from"
            + " this source (a method, or passive)."), optional("hostname", "has or lacks (a host name)."),
        optional("q", "Text in the address or any value (case ignored).")));
    r.add(Route.get(V1 + "/devices/{address}", "One device: every observation with its source and time, and its changes.",
        c -> device(c)));
    r.add(Route.get(V1 + "/audit", "The audit log, filtered, with the chain's verification.", Api::audit,
        optional("actor", "Only this user's entries."), optional("action", "Only this action (stop-site, one-off, ...)."),
        optional("channel", "cli, console, api or service."), optional("q", "Text in the entry (case ignored)."),
        optional("since", "Only the entries of this last while (24h, 7d, 90m).")));

    // ---- users and tokens
    r.add(Route.get(V1 + "/users", "Users and their roles.", c -> c.supervisor().store().users().stream()
        .map(u -> Map.of("name", u.name(), "role", u.role().word(),
            "osUser", c.supervisor().accounts().osAccountOf(u.name()).orElse(""))).toList()));
    r.add(Route.post(V1 + "/users", "Add a user or change a role (admins); a new user gets a one-time password.", c -> {
      Role role = Call.parse("role", () -> Role.parse(c.text("role")));
      User u = Call.parse("name", () -> new User(c.text("name"), role));
      boolean fresh = c.supervisor().store().user(u.name()).isEmpty();
      c.supervisor().saveUser(c.actor(), u, c.optional("osUser"), c.optional("reason"));
      Map<String, Object> out = new LinkedHashMap<>(Map.of("name", u.name(), "role", u.role().word()));
      String msg = "user " + u.name() + " is " + u.role().word();
      if (fresh) {
        String pw = c.accounts().resetPassword(c.actor(), u.name(), "new user");
        out.put("oneTimePassword", pw);
        msg += "; one-time password (shown once): " + pw;
      }
      return new Route.Done(msg, out);
    }, text("name", "The user's name."), text("role", "admin, owner or viewer."),
        optional("osUser", "The operating-system login whose commands act as this user."), reason()));
    r.add(Route.post(V1 + "/users/{name}/password-reset", "Give a user a one-time password (admins); their sessions end.", c -> {
      String pw = c.accounts().resetPassword(c.actor(), c.path("name"), c.optional("reason"));
      return new Route.Done("one-time password for " + c.path("name") + " (shown once): " + pw, Map.of("oneTimePassword", pw));
    }, reason()));
    r.add(Route.self(V1 + "/me/password", "Change one's own password; one's other sessions end.", c -> {
      c.accounts().changePassword(c.actor(), c.optional("current"), c.optional("password"),
          c.caller().session() == null ? null : c.caller().session().idHash());
      return new Route.Done("password changed; other sessions ended", Map.of("user", c.actor()));
    }, text("current", "The current password."), text("password", "The new password (12 characters or more).")));
    r.add(new Route(Route.Verb.GET, V1 + "/me/tokens", "One's API tokens (an admin sees everyone's).", Route.Access.SELF,
        List.of(), c -> c.accounts().tokens(c.actor()), null));
    r.add(Route.self(V1 + "/me/tokens", "Create an API token acting as oneself; its secret is shown once.", c -> {
      Accounts.Issued t = Call.parse("label", () -> c.accounts().createToken(c.actor(), c.optional("label")));
      return new Route.Done("token " + t.id() + " (shown once): " + t.secret(), Map.of("id", t.id(), "token", t.secret()));
    }, text("label", "What the token is for.")));
    r.add(Route.self(V1 + "/me/tokens/{id}/revoke", "Revoke a token (its owner or an admin).", c -> {
      c.accounts().revokeToken(c.actor(), c.pathId("id"));
      return new Route.Done("token " + c.pathId("id") + " revoked", Map.of("id", c.pathId("id")));
    }));
    return List.copyOf(r);
  }

  // ---- helpers

  static Map<String, Object> status(Call c) {
    Supervisor sup = c.supervisor();
    List<Map<String, Object>> sending = new ArrayList<>();
    for (StoredRun run : sup.runs().runs(EnumSet.of(RunState.RUNNING), 100)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", run.id());
      m.put("method", run.method());
      m.put("site", run.site());
      sending.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("activeMonitoring", sup.monitoringOn());
    out.put("sending", sending);
    out.put("user", c.actor());
    out.put("role", c.caller().user().role().word());
    return out;
  }

  private static WindowDefinition window(Call c, ZoneId zone) {
    String cron = c.optional("cron");
    if (cron != null && (c.optional("from") != null || c.optional("to") != null)) {
      throw new Call.FieldError(c.optional("from") != null ? "from" : "to",
          "give cron and duration, or from and to, not both");
    }
    if (cron != null) {
      String duration = c.optional("duration");
      if (duration == null) throw new Call.FieldError("duration", "duration is required with cron (e.g. 3h)");
      return Call.parse("cron", () -> RecurringWindow.parse(cron, duration));
    }
    String from = c.optional("from");
    String to = c.optional("to");
    if (from == null || to == null) {
      throw new Call.FieldError(from == null ? "from" : "to", "give cron and duration, or from and to");
    }
    LocalDateTime start = local("from", from);
    LocalDateTime end = local("to", to);
    return Call.parse("to", () -> OneOffWindow.local(start, end, zone));
  }

  private static LocalDateTime local(String field, String text) {
    try {
      return LocalDateTime.parse(text.strip().replace(' ', 'T'));
    } catch (DateTimeParseException e) {
      throw new Call.FieldError(field, "not a local date and time: '" + org.otactive.common.Text.printable(text)
          + "' (e.g. 2026-12-06T02:00)");
    }
  }

  /** The options given in a form or JSON: a table's rows joined back into values, secrets only when typed. */
  static OptionValues settings(Call c, Method m) {
    // In JSON each option is given by its name (a table's rows as the option's values); a secret
    // may be cleared with NAME.clear.
    List<String> known = new ArrayList<>();
    for (SettingOption o : m.options()) {
      known.add(o.name());
      if (o.secret()) known.add(o.name() + ".clear");
    }
    known.add("reason");
    c.onlyFields(known);
    Map<String, List<String>> given = new LinkedHashMap<>();
    Map<String, SettingTable> tables = new LinkedHashMap<>();
    for (SettingTable t : m.tables()) t.option().ifPresent(r -> tables.put(r.option(), t));
    for (SettingOption o : m.options()) {
      SettingTable t = tables.get(o.name());
      if (t != null && c.has(o.name() + "." + t.columns().get(0).header())) {
        given.put(o.name(), rows(c, o, t));
      } else if (o.secret()) {
        String v = c.optional(o.name());
        if (v != null) given.put(o.name(), List.of(v));
        else if (c.flag(o.name() + ".clear")) given.put(o.name(), List.of());
      } else if (o.repeatable()) {
        if (c.has(o.name())) {
          given.put(o.name(), c.list(o.name()).stream().flatMap(v -> v.lines().map(String::strip)).filter(v -> !v.isEmpty())
              .toList());
        }
      } else if (c.has(o.name())) {
        String v = c.optional(o.name());
        given.put(o.name(), v == null ? List.of() : List.of(v.strip()));
      }
    }
    return new OptionValues(given);
  }

  /** A table's rows from a form: the columns are parallel repeated fields {@code OPTION.COLUMN}. */
  private static List<String> rows(Call c, SettingOption o, SettingTable t) {
    Map<String, List<String>> cols = new LinkedHashMap<>();
    int n = 0;
    for (SettingTable.Column col : t.columns()) {
      List<String> v = c.ctx().formParams(o.name() + "." + col.header());
      cols.put(col.header(), v);
      n = Math.max(n, v.size());
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, String> cells = new LinkedHashMap<>();
      for (var e : cols.entrySet()) cells.put(e.getKey(), i < e.getValue().size() ? e.getValue().get(i) : "");
      String v = t.heldIn().join(cells);
      if (!v.isEmpty()) values.add(v);
    }
    return values;
  }

  private static String schedule(Call c) {
    String kind = c.text("kind");
    return switch (kind) {
      case "none" -> null;
      case "every" -> {
        String every = c.optional("every");
        if (every == null) throw new Call.FieldError("every", "every is required: an interval such as 6h");
        Call.parse("every", () -> DurationText.parse(every, "run interval"));
        yield "every " + every.strip();
      }
      case "at" -> {
        List<String> at = c.list("at");
        if (at.isEmpty()) throw new Call.FieldError("at", "at least one time of day is required (e.g. 02:15)");
        yield "at " + String.join(",", at);
      }
      default -> throw new Call.FieldError("kind", "kind is every, at or none, not '" + org.otactive.common.Text.printable(kind) + "'");
    };
  }

  /** The Test dialog with the site's stored settings of the method. */
  private static List<TestReport> test(Call c) throws InterruptedException {
    Supervisor sup = c.supervisor();
    sup.site(c.path("site"));
    Method m = sup.method(c.path("method"));
    var row = sup.store().method(c.path("site"), m.id()).orElseThrow(() -> new BadInputException(
        m.id() + " is not configured on site " + c.path("site")));
    String typed = c.text("address");
    InetAddress address;
    try {
      address = Addresses.parse(typed);
    } catch (BadInputException e) {
      throw new Call.FieldError("address", e.getMessage());
    }
    Configured configured = sup.methodSettings().configured(row);
    return c.oneOff().test(c.actor(), configured, address, new StopSwitch());
  }

  private static Route.Download resultsCsv(Call c) throws Exception {
    StoredRun run = c.supervisor().run(c.pathId("id"));
    List<StoredResult> results = new ArrayList<>(c.supervisor().runs().results(run.id()));
    Addresses.sortByAddress(results, StoredResult::address);
    Method m = c.supervisor().registry().find(run.method()).orElse(null);
    List<String> facts = m == null ? List.of() : m.resultColumns().stream().map(Method.ResultColumn::attribute).toList();
    List<String> header = new ArrayList<>(List.of("address"));
    header.addAll(facts);
    header.addAll(List.of("outcome", "detail", "at"));
    StringWriter w = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
      for (StoredResult x : results) {
        List<String> row = new ArrayList<>(List.of(x.address()));
        var device = facts.isEmpty() ? null : c.services().inventory().device(x.address()).orElse(null);
        for (String f : facts) {
          row.add(device == null ? "" : device.device().latest(f).map(a -> a.value()).orElse(""));
        }
        row.addAll(List.of(x.outcome(), x.detail(), x.at().toString()));
        csv.printRecord(row);
      }
    }
    return new Route.Download("run-" + run.id() + "-" + run.method() + "-results.csv", "text/csv",
        w.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Rows under headers as CSV text. */
  static String csv(List<String> headers, List<List<String>> rows) throws java.io.IOException {
    StringWriter w = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(headers.toArray(String[]::new)).get())) {
      for (List<String> row : rows) csv.printRecord(row);
    }
    return w.toString();
  }

  private static DeviceHistory device(Call c) {
    String address;
    try {
      address = Addresses.canonical(Addresses.parse(c.path("address")));
    } catch (BadInputException e) {
      throw new Call.FieldError("address", e.getMessage());
    }
    return c.services().inventory().device(address).orElseThrow(() -> new NotFoundException("no device " + address));
  }

  static Map<String, Object> audit(Call c) {
    String since = c.optional("since");
    Instant from = since == null ? null
        : c.supervisor().clock().instant().minus(Call.parse("since", () -> DurationText.parse(since, "since")));
    String actor = c.optional("actor");
    String action = c.optional("action");
    String channel = c.optional("channel");
    // A channel that does not exist would match nothing and look like "no such entries".
    if (channel != null && java.util.Arrays.stream(org.otactive.access.Channel.values()).noneMatch(ch -> ch.word().equals(channel))) {
      throw new Call.FieldError("channel", "unknown channel: '" + org.otactive.common.Text.printable(channel)
          + "' (cli, console, api or service)");
    }
    String q = c.optional("q");
    List<AuditEntry> entries = c.supervisor().audit().entries(from).stream()
        .filter(e -> actor == null || e.actor().equals(actor))
        .filter(e -> action == null || e.action().equals(action))
        .filter(e -> channel == null || e.channel().equals(channel))
        .filter(e -> q == null || (e.subject() + " " + e.reason() + " " + e.detail()).toLowerCase().contains(q.toLowerCase()))
        .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("verification", c.supervisor().audit().verify().orElse("intact"));
    out.put("entries", entries.reversed());
    return out;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static List<Supervisor.MethodExport> json(String text) {
    try {
      return JSON.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<List<Supervisor.MethodExport>>() {});
    } catch (java.io.IOException e) {
      throw new Call.FieldError("methods", "not a JSON array of method settings: "
          + org.otactive.common.Text.firstLine(e.getMessage()));
    }
  }
}

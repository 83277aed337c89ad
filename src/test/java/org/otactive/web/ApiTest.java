package org.otactive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.access.AuditEntry;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.methods.BuiltInMethods;
import org.otactive.probe.OptionValues;
import org.otactive.safety.Ticker;
import org.otactive.schedule.RecurringWindow;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.supervise.Services;
import org.otactive.supervise.Supervisor;

/**
 * The REST API and the console's forms over real HTTP against a console on a real store: who may
 * call what (401 without a session or token, 403 for a viewer on every write), CSRF, a cookie that
 * dies with a password change, login limiting, errors naming the field, and the channel in the
 * audit log. Nothing here sends a packet: no run is executed (the service's executor is not
 * started), and every address is documentation space or loopback.
 */
class ApiTest {
  private static final String GOOD = "a fresh long password";
  @TempDir Path dir;
  private Database db;
  private Services services;
  private Console console;
  private final Map<String, String> oneTime = new HashMap<>();
  private long queuedRun;

  @BeforeEach
  void start() {
    db = Database.open("jdbc:h2:file:" + dir.resolve("db"));
    services = new Services(db, BuiltInMethods.registry(), null, Clock.systemUTC(), Ticker.system());
    String[] first = services.accounts().bootstrapAdmin().orElseThrow();
    oneTime.put(first[0], first[1]);
    Supervisor sup = services.supervisor();
    sup.saveUser("admin", new User("olga", Role.OWNER), "set-up");
    sup.saveUser("admin", new User("vic", Role.VIEWER), "set-up");
    oneTime.put("olga", services.accounts().resetPassword("admin", "olga", "set-up"));
    oneTime.put("vic", services.accounts().resetPassword("admin", "vic", "set-up"));
    sup.addSite("admin", new Site("plant", Site.zone("UTC"), AddressSet.of(List.of("192.0.2.0/30"), List.of())),
        List.of("olga"), "set-up");
    sup.setMethodSettings("olga", "plant", "rdns", new OptionValues(Map.of("dns-server", List.of("127.0.0.1:5399"))), "set-up");
    sup.setMethodEnabled("olga", "plant", "rdns", true, "set-up");
    sup.addWindow("olga", "plant", RecurringWindow.parse("0 2 * * *", "1h"), "set-up");
    sup.setMonitoring("admin", true, "set-up");
    queuedRun = sup.startRun("olga", "plant", "rdns", true, "set-up").runId();
    console = Console.start(services, Console.Options.plain("127.0.0.1", 0));
  }

  @AfterEach
  void stop() {
    if (console != null) console.close();
    services.close();
    db.close();
  }

  private Http http() {
    return new Http(console.url());
  }

  /** Signs in with the one-time password and changes it, as the first sign-in must. */
  private Http signedIn(String user) throws Exception {
    Http h = http();
    Http.Answer login = h.login(user, oneTime.get(user));
    assertThat(login.status()).isEqualTo(303);
    assertThat(login.location()).isEqualTo("/password");
    assertThat(h.get("/runs").location()).as("everything waits for the password change").isEqualTo("/password");
    Http.Answer change = h.form(Api.V1 + "/me/password", Map.of("csrf", h.csrf(), "current", oneTime.get(user),
        "password", GOOD, "back", "/runs"));
    assertThat(change.status()).isEqualTo(303);
    assertThat(h.get("/runs").status()).isEqualTo(200);
    return h;
  }

  private static String concrete(String path, long run) {
    return path.replace("{site}", "plant").replace("{method}/tables/{table}", "wem/tables/ranges").replace("{method}", "rdns").replace("{id}", Long.toString(run))
        .replace("{name}", "olga").replace("{address}", "192.0.2.1");
  }

  /**
   * A body that passes every field check of the route, so the answer says who may, not what is
   * malformed: the route's own fields only (reverse DNS's options for a method's settings).
   */
  private static Map<String, Object> plausible(Route r) {
    Map<String, Object> b = plausible();
    b.keySet().retainAll(r.takesOptions() ? Set.of("labels", "reason") : r.fields().stream().map(Route.Field::name)
        .collect(java.util.stream.Collectors.toSet()));
    return b;
  }

  private static Map<String, Object> plausible() {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("reason", "trying");
    b.put("on", false);
    b.put("enabled", false);
    b.put("name", "newsite");
    b.put("zone", "UTC");
    b.put("ranges", List.of("192.0.2.8/30"));
    b.put("role", "viewer");
    b.put("kind", "every");
    b.put("every", "6h");
    b.put("cron", "0 3 * * *");
    b.put("duration", "1h");
    b.put("address", "192.0.2.1");
    b.put("calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
    b.put("methods", "[]");
    b.put("labels", "2");
    b.put("current", "x");
    b.put("password", "y");
    b.put("label", "t");
    b.put("csv", "FROM,TO,USER,PASSWORD,DISABLE\r\n");
    return b;
  }

  @Test
  void everyEndpointRefusesACallerWithoutSessionOrToken() throws Exception {
    Http anonymous = http();
    for (Route r : Api.routes()) {
      String path = concrete(r.path(), queuedRun);
      Http.Answer a = r.verb() == Route.Verb.GET ? anonymous.get(path) : anonymous.json(path, plausible(r), null);
      assertThat(a.status()).as("%s %s", r.verb(), r.path()).isEqualTo(401);
      assertThat(a.json().get("error").asText()).contains("sign in");
    }
    assertThat(anonymous.withToken("ota_not-a-token").get(Api.V1 + "/status").status()).isEqualTo(401);
    for (String page : List.of("/discovery", "/discovery/rdns", "/sites", "/sites/plant", "/runs", "/devices", "/audit", "/users")) {
      Http.Answer a = anonymous.get(page);
      assertThat(a.status()).as(page).isEqualTo(303);
      assertThat(a.location()).isEqualTo("/login");
    }
    assertThat(anonymous.get("/api/openapi.json").status()).as("the API's description is public").isEqualTo(200);
  }

  @Test
  void everyWriteEndpointRefusesAViewerAndChangesNothing() throws Exception {
    String token = services.accounts().createToken("vic", "read-only job").secret();
    Http vic = http().withToken(token);
    int auditBefore = services.supervisor().audit().entries(null).size();
    int writes = 0;
    for (Route r : Api.routes()) {
      if (r.access() != Route.Access.WRITE) continue;
      writes++;
      Http.Answer a = vic.json(concrete(r.path(), queuedRun), plausible(r), null);
      assertThat(a.status()).as("%s %s: %s", r.verb(), r.path(), a.body()).isEqualTo(403);
      assertThat(a.json().get("error").asText()).contains("vic may not");
    }
    assertThat(writes).isGreaterThanOrEqualTo(20);
    // Reading is allowed: a viewer sees everything but secrets.
    assertThat(vic.get(Api.V1 + "/sites/plant/methods/rdns").status()).isEqualTo(200);
    assertThat(vic.get(Api.V1 + "/runs").status()).isEqualTo(200);
    assertThat(services.supervisor().store().siteStop("plant")).isEmpty();
    assertThat(services.supervisor().run(queuedRun).state()).isEqualTo("queued");
    assertThat(services.supervisor().audit().entries(null)).hasSize(auditBefore);
  }

  @Test
  void aSessionsPostWithoutItsCsrfTokenIsRefused() throws Exception {
    Http olga = signedIn("olga");
    Http.Answer noToken = olga.json(Api.V1 + "/sites/plant/stop", Map.of("reason", "pump 3"), null);
    assertThat(noToken.status()).isEqualTo(403);
    assertThat(noToken.json().get("error").asText()).contains("CSRF");
    Http.Answer wrongToken = olga.json(Api.V1 + "/sites/plant/stop", Map.of("reason", "pump 3"), "forged");
    assertThat(wrongToken.status()).isEqualTo(403);
    Http.Answer form = olga.form(Api.V1 + "/sites/plant/stop", Map.of("reason", "pump 3", "back", "/runs"));
    assertThat(form.status()).as("a form without the token goes back with an error").isEqualTo(303);
    assertThat(services.supervisor().store().siteStop("plant")).as("nothing stopped").isEmpty();

    Http.Answer ok = olga.json(Api.V1 + "/sites/plant/stop", Map.of("reason", "pump 3"), olga.csrf());
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(services.supervisor().store().siteStop("plant")).isPresent();
  }

  @Test
  void aStolenCookieNoLongerWorksOnceThePasswordChanged() throws Exception {
    Http olga = signedIn("olga");
    Http thief = http();
    java.net.HttpCookie stolen = new java.net.HttpCookie(Console.SESSION_COOKIE, olga.cookie(Console.SESSION_COOKIE));
    stolen.setPath("/");
    stolen.setVersion(0);
    thief.cookies.getCookieStore().add(console.url(), stolen);
    assertThat(thief.get(Api.V1 + "/status").status()).as("the copied cookie works at first").isEqualTo(200);

    Http again = http();
    assertThat(again.login("olga", GOOD).location()).isEqualTo("/discovery");
    Http.Answer change = again.form(Api.V1 + "/me/password", Map.of("csrf", again.csrf(), "current", GOOD,
        "password", "another long password", "back", "/users"));
    assertThat(change.status()).isEqualTo(303);

    assertThat(thief.get(Api.V1 + "/status").status()).isEqualTo(401);
    assertThat(olga.get(Api.V1 + "/status").status()).as("every other session of olga ended").isEqualTo(401);
    assertThat(again.get(Api.V1 + "/status").status()).as("the session that changed it stays").isEqualTo(200);
    assertThat(http().login("olga", GOOD).status()).as("the old password is gone").isEqualTo(401);
  }

  @Test
  void loginAttemptsAreLimitedPerUserAndPerAddress() throws Exception {
    Http h = http();
    for (int i = 0; i < 5; i++) assertThat(h.login("vic", "wrong " + i).status()).isEqualTo(401);
    Http.Answer limited = h.login("vic", oneTime.get("vic"));
    assertThat(limited.status()).as("the right password is not even checked now").isEqualTo(429);
    assertThat(limited.body()).contains("Too many failed sign-ins");
    // Other names from the same address, until the address's own limit (20 in 15 minutes).
    for (int i = 0; i < 15; i++) assertThat(h.login("nobody" + i, "wrong").status()).isEqualTo(401);
    assertThat(h.login("olga", oneTime.get("olga")).status()).as("the address is limited now").isEqualTo(429);
  }

  @Test
  void errorsAreJsonNamingTheFieldAndRefusalsAre409() throws Exception {
    String token = services.accounts().createToken("admin", "automation").secret();
    Http admin = http().withToken(token);
    Http.Answer badRanges = admin.json(Api.V1 + "/sites", Map.of("name", "s2", "zone", "UTC", "ranges", List.of("10.0.0.300/24"),
        "reason", "r"), null);
    assertThat(badRanges.status()).isEqualTo(400);
    assertThat(badRanges.json().get("field").asText()).isEqualTo("ranges");
    Http.Answer badZone = admin.json(Api.V1 + "/sites", Map.of("name", "s2", "zone", "Mars/Olympus", "ranges", List.of("10.0.0.0/24"),
        "reason", "r"), null);
    assertThat(badZone.json().get("field").asText()).isEqualTo("zone");
    Http.Answer badLabels = admin.json(Api.V1 + "/sites/plant/methods/rdns/settings", Map.of("labels", "500", "reason", "r"), null);
    assertThat(badLabels.status()).isEqualTo(400);
    assertThat(badLabels.json().get("field").asText()).isEqualTo("labels");
    assertThat(badLabels.json().get("error").asText()).contains("500");
    Http.Answer noReason = admin.json(Api.V1 + "/sites/plant/stop", Map.of(), null);
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.json().get("field").asText()).isEqualTo("reason");
    Http.Answer ghostOwner = admin.json(Api.V1 + "/sites", Map.of("name", "s2", "zone", "UTC", "ranges", List.of("10.0.0.0/24"),
        "owners", List.of("ghost"), "reason", "r"), null);
    assertThat(ghostOwner.status()).as("an unknown owner is bad input, not a refusal of the caller").isEqualTo(400);
    assertThat(ghostOwner.json().get("error").asText()).contains("unknown user: 'ghost'");
    Http.Answer ghostReset = admin.json(Api.V1 + "/users/ghost/password-reset", Map.of("reason", "r"), null);
    assertThat(ghostReset.status()).isEqualTo(400);
    assertThat(ghostReset.json().get("error").asText()).contains("unknown user: 'ghost'");
    Http.Answer badSubnet = admin.get(Api.V1 + "/devices?subnet=10.0.0.300");
    assertThat(badSubnet.status()).isEqualTo(400);
    assertThat(badSubnet.json().get("field").asText()).isEqualTo("subnet");
    assertThat(badSubnet.json().get("error").asText()).contains("10.0.0.300");
    Http.Answer badHostname = admin.get(Api.V1 + "/devices?hostname=maybe");
    assertThat(badHostname.status()).isEqualTo(400);
    assertThat(badHostname.json().get("field").asText()).isEqualTo("hostname");
    assertThat(admin.get(Api.V1 + "/devices?hostname=lacks&subnet=10.0.0.0/8").status()).isEqualTo(200);
    // A misspelt filter is refused, not dropped: "sit" for "site" answered with every device.
    Http.Answer misspelt = admin.get(Api.V1 + "/devices?sit=plant");
    assertThat(misspelt.status()).isEqualTo(400);
    assertThat(misspelt.json().get("field").asText()).isEqualTo("sit");
    assertThat(misspelt.json().get("error").asText())
        .isEqualTo("unknown query parameter: 'sit' (this route takes site, subnet, attribute, source, hostname, q)");
    assertThat(admin.get(Api.V1 + "/audit?chanel=cli").json().get("error").asText()).startsWith("unknown query parameter: 'chanel'");
    assertThat(admin.get(Api.V1 + "/runs?state=stopped").json().get("error").asText())
        .isEqualTo("unknown query parameter: 'state' (this route takes none)");
    Http.Answer badChannel = admin.get(Api.V1 + "/audit?channel=fax");
    assertThat(badChannel.status()).as("not an empty log: no such channel").isEqualTo(400);
    assertThat(badChannel.json().get("field").asText()).isEqualTo("channel");
    Http.Answer badSince = admin.get(Api.V1 + "/audit?since=yesterday");
    assertThat(badSince.status()).isEqualTo(400);
    assertThat(badSince.json().get("field").asText()).isEqualTo("since");
    assertThat(admin.get(Api.V1 + "/audit?channel=cli&since=1h").status()).isEqualTo(200);
    Http.Answer notJson = admin.json(Api.V1 + "/monitoring", "just a string", null);
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().get("field").asText()).isEqualTo("body");

    assertThat(admin.json(Api.V1 + "/monitoring", Map.of("on", false, "reason", "maintenance"), null).status()).isEqualTo(200);
    Http.Answer refused = admin.json(Api.V1 + "/sites/plant/methods/rdns/runs", Map.of("reason", "r"), null);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("error").asText()).contains("active monitoring is off");
  }

  /**
   * A misspelt field is refused, not dropped: a site made with "excludes" for "exclude" would have
   * had the fragile device in its scope, and a method's settings with "dns-servers" would have
   * changed nothing while answering 200. Nothing is stored or audited; the error names the field
   * and says which the route takes.
   */
  @Test
  void aFieldTheRouteDoesNotTakeIsRefusedNamingItAndNothingChanges() throws Exception {
    Http admin = http().withToken(services.accounts().createToken("admin", "automation").secret());
    int auditBefore = services.supervisor().audit().entries(null).size();
    Http.Answer excludes = admin.json(Api.V1 + "/sites", Map.of("name", "line9", "zone", "UTC", "ranges",
        List.of("10.7.0.0/24"), "excludes", List.of("10.7.0.5"), "reason", "keep the old PLC out"), null);
    assertThat(excludes.status()).isEqualTo(400);
    assertThat(excludes.json().get("field").asText()).isEqualTo("excludes");
    assertThat(excludes.json().get("error").asText()).startsWith("unknown field: 'excludes' (this route takes ")
        .contains("exclude,");
    assertThat(services.supervisor().sites().list()).extracting(Site::name).containsExactly("plant");

    Http.Answer servers = admin.json(Api.V1 + "/sites/plant/methods/rdns/settings", Map.of("dns-servers",
        List.of("127.0.0.1:5300"), "reason", "r"), null);
    assertThat(servers.status()).isEqualTo(400);
    assertThat(servers.json().get("field").asText()).isEqualTo("dns-servers");
    assertThat(servers.json().get("error").asText()).contains("dns-server,");
    Http.Answer column = admin.json(Api.V1 + "/sites/plant/methods/rdns/settings", Map.of("dns-server.ADDRESS",
        List.of("127.0.0.1"), "reason", "r"), null);
    assertThat(column.status()).as("a form's table column is not a JSON field: the option takes the rows").isEqualTo(400);
    assertThat(services.supervisor().store().method("plant", "rdns").orElseThrow().settings()).contains("127.0.0.1:5399")
        .doesNotContain("5300");

    Http.Answer none = admin.json(Api.V1 + "/stop-all", Map.of("reason", "r", "force", true), null);
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.json().get("error").asText()).isEqualTo("unknown field: 'force' (this route takes reason)");
    assertThat(services.supervisor().store().siteStop("plant")).isEmpty();
    assertThat(services.supervisor().audit().entries(null)).hasSize(auditBefore);

    // The fields it takes still work, and a bad value in a site's change is named by its field.
    Http.Answer zone = admin.json(Api.V1 + "/sites/plant", Map.of("zone", "Mars/Olympus", "reason", "r"), null);
    assertThat(zone.status()).isEqualTo(400);
    assertThat(zone.json().get("field").asText()).isEqualTo("zone");
    Http.Answer exclude = admin.json(Api.V1 + "/sites/plant", Map.of("exclude", List.of("192.0.2.300"), "reason", "r"), null);
    assertThat(exclude.json().get("field").asText()).isEqualTo("exclude");
    Http.Answer longLabel = admin.json(Api.V1 + "/me/tokens", Map.of("label", "x".repeat(101)), null);
    assertThat(longLabel.status()).isEqualTo(400);
    assertThat(longLabel.json().get("field").asText()).isEqualTo("label");
    assertThat(admin.json(Api.V1 + "/sites", Map.of("name", "line9", "zone", "UTC", "ranges", List.of("10.7.0.0/24"),
        "exclude", List.of("10.7.0.5"), "reason", "keep the old PLC out"), null).status()).isEqualTo(200);
    assertThat(services.supervisor().site("line9").ranges().contains(java.net.InetAddress.getByName("10.7.0.5"))).isFalse();
    assertThat(admin.get(Api.V1 + "/sites/line9").json().get("excluded").asText()).isEqualTo("10.7.0.5");
  }

  /**
   * The devices listing goes out as it is read from the inventory, a few rows at a time: the API's
   * JSON is what the whole inventory, filtered, serialises to, in address order (IPv4 first); the
   * console's page shows the first 2,000 and counts them all; a bad filter is refused before the
   * listing's first byte.
   */
  @Test
  void theDevicesListingIsTheFilteredInventoryInAddressOrder() throws Exception {
    java.time.Instant t = java.time.Instant.parse("2026-12-04T10:00:00Z");
    List<org.otactive.inventory.Observation> seen = new java.util.ArrayList<>();
    // Addresses given out of order, across nine /24 rows (more than 2,000 devices) and IPv6.
    for (int i = 2099; i >= 0; i--) {
      seen.add(new org.otactive.inventory.Observation("10.61." + (i / 256) + "." + (i % 256), "hostname",
          (i % 3 == 0 ? "plc-" : "hmi-") + i, "rdns", "", t));
    }
    seen.add(new org.otactive.inventory.Observation("fd00::7", "hostname", "plc-v6", "rdns", "", t));
    seen.add(new org.otactive.inventory.Observation("10.9.0.1", "os", "Windows 10", "wem", "", t));
    services.inventory().record(seen);
    Http admin = signedIn("admin");

    Http.Answer listing = admin.get(Api.V1 + "/devices");
    assertThat(listing.body()).isEqualTo(Console.JSON.writeValueAsString(services.inventory().devices()));
    com.fasterxml.jackson.databind.JsonNode all = listing.json();
    assertThat(all.size()).isEqualTo(2102);
    assertThat(all.get(0).get("address").asText()).isEqualTo("10.9.0.1");
    assertThat(all.get(1).get("address").asText()).isEqualTo("10.61.0.0");
    assertThat(all.get(2101).get("address").asText()).isEqualTo("fd00::7");
    Http.Answer plcs = admin.get(Api.V1 + "/devices?q=plc-&source=rdns");
    assertThat(plcs.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    List<String> addresses = new java.util.ArrayList<>();
    plcs.json().forEach(d -> addresses.add(d.get("address").asText()));
    assertThat(addresses).hasSize(701).startsWith("10.61.0.0", "10.61.0.3").endsWith("10.61.8.49", "fd00::7");

    Http.Answer nowhere = admin.get(Api.V1 + "/devices?site=atlantis");
    assertThat(nowhere.status()).isEqualTo(404);
    assertThat(nowhere.json().get("error").asText()).contains("atlantis");

    String page = admin.get("/devices?q=hmi-").body();
    assertThat(page).contains("1400 device(s)").doesNotContain("shown");
    page = admin.get("/devices").body();
    assertThat(page).contains("2102 device(s), the first 2000 shown").contains("/devices/10.61.7.206\"")
        .doesNotContain("/devices/10.61.7.207\"").doesNotContain("fd00::7");
  }

  /**
   * A yes-or-no field takes true/false (on/off, 1/0), nothing else: "yes please" for "on" switched
   * active monitoring off (and stopped every run). A window is a cron and a duration or a from and
   * a to, not both; a window added through the API says so in its source.
   */
  @Test
  void yesOrNoFieldsAndWindowsAreReadStrictly() throws Exception {
    Http admin = http().withToken(services.accounts().createToken("admin", "automation").secret());
    Http.Answer yes = admin.json(Api.V1 + "/monitoring", Map.of("on", "yes please", "reason", "r"), null);
    assertThat(yes.status()).isEqualTo(400);
    assertThat(yes.json().get("field").asText()).isEqualTo("on");
    assertThat(yes.json().get("error").asText()).isEqualTo("on must be true or false, not 'yes please'");
    assertThat(services.supervisor().monitoringOn()).isTrue();
    assertThat(services.supervisor().run(queuedRun).state()).isEqualTo("queued");
    Http.Answer maybe = admin.json(Api.V1 + "/sites/plant/methods/rdns/enabled", Map.of("enabled", "maybe", "reason", "r"), null);
    assertThat(maybe.status()).isEqualTo(400);
    assertThat(maybe.json().get("field").asText()).isEqualTo("enabled");
    assertThat(services.supervisor().store().method("plant", "rdns").orElseThrow().enabled()).isTrue();
    assertThat(admin.json(Api.V1 + "/sites/plant/methods/rdns/enabled", Map.of("enabled", "off", "reason", "r"), null)
        .status()).isEqualTo(200);
    assertThat(services.supervisor().store().method("plant", "rdns").orElseThrow().enabled()).isFalse();

    Http.Answer both = admin.json(Api.V1 + "/sites/plant/windows", Map.of("cron", "0 2 * * *", "duration", "1h",
        "from", "2030-01-01T02:00", "to", "2030-01-01T03:00", "reason", "r"), null);
    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().get("error").asText()).isEqualTo("give cron and duration, or from and to, not both");
    assertThat(services.supervisor().store().windows("plant")).hasSize(1);
    assertThat(admin.json(Api.V1 + "/sites/plant/windows", Map.of("from", "2030-01-01T02:00", "to", "2030-01-01T03:00",
        "reason", "r"), null).status()).isEqualTo(200);
    assertThat(services.supervisor().store().windows("plant")).extracting(w -> w.source()).containsExactlyInAnyOrder("cli", "api");
    Http.Answer past = admin.json(Api.V1 + "/sites/plant/windows", Map.of("from", "2020-01-01T02:00", "to", "2020-01-01T03:00",
        "reason", "r"), null);
    assertThat(past.json().get("error").asText()).isEqualTo("the window ends in the past: 2020-01-01T03:00 (UTC)");
  }

  /** A calendar imported again is the plan as it is now: what it no longer holds loses its window. */
  @Test
  void aCalendarImportedAgainRemovesTheWindowsItNoLongerHolds() throws Exception {
    Http olga = http().withToken(services.accounts().createToken("olga", "calendar sync").secret());
    String calendar = org.otactive.testing.OutageCalendar.relativeTo(java.time.Instant.now());
    Http.Answer first = olga.json(Api.V1 + "/sites/plant/windows/import", Map.of("calendar", calendar, "reason", "plan"), null);
    assertThat(first.status()).isEqualTo(200);
    int ahead = org.otactive.testing.OutageCalendar.WINDOWS_AHEAD;
    assertThat(first.json().get("added").asInt()).isEqualTo(ahead);
    assertThat(first.json().get("removed").asInt()).isZero();
    String calledOff = calendar.replaceAll("BEGIN:VEVENT\r\nUID:turnaround@[\\s\\S]*?END:VEVENT\r\n", "");
    Http.Answer again = olga.json(Api.V1 + "/sites/plant/windows/import", Map.of("calendar", calledOff, "reason", "turnaround off"), null);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("added").asInt()).isZero();
    assertThat(again.json().get("removed").asInt()).isEqualTo(1);
    assertThat(services.supervisor().store().windows("plant")).hasSize(1 + ahead - 1)
        .extracting(w -> w.source()).containsOnly("cli", "ics:calendar.ics");
    // an ended window (last week's outage) is in the API's site view, marked; the site page leaves it out
    java.time.Instant lastWeek = java.time.Instant.now().minus(java.time.Duration.ofDays(7));
    long endedId = services.supervisor().store().addWindows("plant", List.of(new org.otactive.schedule.OneOffWindow(lastWeek,
        lastWeek.plus(java.time.Duration.ofHours(3)))), "ics:calendar.ics", lastWeek).get(0);
    com.fasterxml.jackson.databind.JsonNode windows = olga.get(Api.V1 + "/sites/plant").json().get("windows");
    assertThat(windows).hasSize(1 + ahead);
    for (com.fasterxml.jackson.databind.JsonNode w : windows) {
      assertThat(w.get("ended").asBoolean()).as(w.toString()).isEqualTo(w.get("id").asLong() == endedId);
    }
    String page = signedIn("olga").get("/sites/plant").body();
    assertThat(page).contains("1 ended window(s) not listed").doesNotContain("/windows/" + endedId + "/remove")
        .contains("/windows/" + windows.get(0).get("id").asLong() + "/remove");
  }

  /** A path that names nothing is 404 with the reason; a name given in a field stays bad input (400). */
  @Test
  void aPathThatNamesNothingIs404() throws Exception {
    Http admin = http().withToken(services.accounts().createToken("admin", "automation").secret());
    Map<String, String> gets = Map.of(
        Api.V1 + "/sites/nosuch", "unknown site: 'nosuch'",
        Api.V1 + "/runs/999", "no run 999",
        Api.V1 + "/devices/192.0.2.99", "no device 192.0.2.99",
        Api.V1 + "/sites/plant/methods/nosuch", "unknown method: 'nosuch'");
    for (var e : gets.entrySet()) {
      Http.Answer a = admin.get(e.getKey());
      assertThat(a.status()).as(e.getKey()).isEqualTo(404);
      assertThat(a.json().get("error").asText()).as(e.getKey()).startsWith(e.getValue());
    }
    assertThat(admin.json(Api.V1 + "/runs/999/stop", Map.of("reason", "r"), null).status()).isEqualTo(404);
    Http.Answer window = admin.json(Api.V1 + "/sites/plant/windows/99/remove", Map.of("reason", "r"), null);
    assertThat(window.status()).isEqualTo(404);
    assertThat(window.json().get("error").asText()).isEqualTo("site plant has no window 99");
    Http.Answer ghostOwner = admin.json(Api.V1 + "/sites/plant", Map.of("owners", List.of("ghost"), "reason", "r"), null);
    assertThat(ghostOwner.status()).as("a name in a field is bad input").isEqualTo(400);
    assertThat(admin.get(Api.V1 + "/devices/not-an-address").status()).isEqualTo(400);
    assertThat(http().get("/api/openapi.json").json().at("/paths/~1api~1v1~1runs~1{id}/get/responses/404").isMissingNode())
        .isFalse();
  }

  @Test
  void theAuditLogRecordsTheUserAndTheChannel() throws Exception {
    Http olga = signedIn("olga");
    assertThat(olga.form(Api.V1 + "/runs/" + queuedRun + "/pause", Map.of("csrf", olga.csrf(), "reason", "from the page",
        "back", "/runs")).status()).isEqualTo(303);
    String token = services.accounts().createToken("olga", "job").secret();
    assertThat(http().withToken(token).json(Api.V1 + "/runs/" + queuedRun + "/resume", Map.of("reason", "from a job"), null)
        .status()).isEqualTo(200);
    List<AuditEntry> entries = services.supervisor().audit().entries(null);
    AuditEntry pause = entries.stream().filter(e -> e.action().equals("run-pause")).findFirst().orElseThrow();
    AuditEntry resume = entries.stream().filter(e -> e.action().equals("run-resume")).findFirst().orElseThrow();
    assertThat(pause.actor()).isEqualTo("olga");
    assertThat(pause.channel()).isEqualTo("console");
    assertThat(resume.actor()).isEqualTo("olga");
    assertThat(resume.channel()).isEqualTo("api");
    assertThat(entries.stream().filter(e -> e.action().equals("site-add")).findFirst().orElseThrow().channel()).isEqualTo("cli");
    assertThat(services.supervisor().audit().verify()).isEmpty();
  }

  @Test
  void tokensAreShownOnceStoredHashedAndRevocable() throws Exception {
    Http olga = signedIn("olga");
    Http.Answer made = olga.json(Api.V1 + "/me/tokens", Map.of("label", "nightly export"), olga.csrf());
    assertThat(made.status()).isEqualTo(200);
    String secret = made.json().get("token").asText();
    long id = made.json().get("id").asLong();
    Http job = http().withToken(secret);
    assertThat(job.get(Api.V1 + "/status").json().get("user").asText()).isEqualTo("olga");
    assertThat(olga.get(Api.V1 + "/me/tokens").body()).contains("nightly export").doesNotContain(secret);
    // Only the hash is stored.
    try (var c = db.dataSource().getConnection(); var rs = c.createStatement().executeQuery("SELECT token_hash FROM api_token")) {
      while (rs.next()) assertThat(rs.getString(1)).doesNotContain(secret).hasSize(64);
    }
    assertThat(olga.json(Api.V1 + "/me/tokens/" + id + "/revoke", Map.of(), olga.csrf()).status()).isEqualTo(200);
    assertThat(job.get(Api.V1 + "/status").status()).isEqualTo(401);
  }

  @Test
  void theOpenApiDocumentDescribesEveryRoute() throws Exception {
    var doc = http().get("/api/openapi.json").json();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    for (Route r : Api.routes()) {
      assertThat(doc.get("paths").get(r.path())).as(r.path()).isNotNull();
      assertThat(doc.get("paths").get(r.path()).get(r.verb().name().toLowerCase())).as(r.verb() + " " + r.path()).isNotNull();
    }
  }

  /**
   * WEM's scan ranges in the console and the API, as its users know them: import from CSV (a form
   * upload and JSON), the rows with PASSWORD as set or not set, the export with exactly the
   * reference product's headers and PASSWORD empty, a bad row named by its line with nothing
   * imported, the exported file imported back keeping the passwords; and no password, of a range
   * or of the one-off account, in any page or API answer.
   */
  @Test
  void wemRangesImportAndExportAndNoPasswordEverLeaves() throws Exception {
    String rangePassword = "Rng-Secr3t-7731";
    String accountPassword = "Acc-Secr3t-5518";
    Http olga = signedIn("olga");
    String base = Api.V1 + "/sites/plant/methods/wem";
    String csv = "FROM,TO,USER,PASSWORD,DISABLE\r\n"
        + "192.0.2.1,192.0.2.2,PLANT\\wem-scan," + rangePassword + ",FALSE\r\n"
        + "192.0.2.3,192.0.2.3,local-admin," + rangePassword + "-b,TRUE\r\n";
    Http.Answer imported = olga.upload(base + "/tables/ranges/import", Map.of("csrf", olga.csrf(), "reason", "plant 2 hosts",
        "back", "/discovery/wem?site=plant"), "csv", "ranges.csv", csv);
    assertThat(imported.status()).as(imported.body()).isEqualTo(303);
    assertThat(services.tables().list("plant", "wem", "ranges")).hasSize(2);

    Http.Answer listed = olga.get(base + "/tables/ranges");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json()).hasSize(2);
    assertThat(listed.json().get(0).get("FROM").asText()).isEqualTo("192.0.2.1");
    assertThat(listed.json().get(0).get("USER").asText()).isEqualTo("PLANT\\wem-scan");
    assertThat(listed.json().get(0).get("PASSWORD").asText()).isEqualTo("set");
    assertThat(listed.json().get(1).get("DISABLE").asText()).isEqualTo("TRUE");

    Http.Answer exported = olga.get(base + "/tables/ranges/export.csv");
    assertThat(exported.status()).isEqualTo(200);
    assertThat(exported.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    List<String> lines = exported.body().lines().toList();
    assertThat(lines).containsExactly("FROM,TO,USER,PASSWORD,DISABLE", "192.0.2.1,192.0.2.2,PLANT\\wem-scan,,FALSE",
        "192.0.2.3,192.0.2.3,local-admin,,TRUE");

    // A bad row: named by its line, nothing imported (the two rows stay, passwords included).
    String token = services.accounts().createToken("olga", "ranges job").secret();
    Http job = http().withToken(token);
    Http.Answer bad = job.json(base + "/tables/ranges/import", Map.of("csv", "FROM,TO,USER,PASSWORD,DISABLE\r\n"
        + "192.0.2.1,192.0.2.1,a,pw,FALSE\r\n192.0.2.3,192.0.2.2,b,pw,FALSE\r\n", "reason", "r"), null);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asText()).contains("line 3").contains("192.0.2.3").contains("nothing imported");
    Http.Answer outside = job.json(base + "/tables/ranges/import", Map.of("csv", "FROM,TO,USER,PASSWORD,DISABLE\r\n"
        + "10.9.9.1,10.9.9.9,a,pw,FALSE\r\n", "reason", "r"), null);
    assertThat(outside.status()).isEqualTo(400);
    assertThat(outside.json().get("error").asText()).contains("line 2").contains("not inside the site's ranges");
    assertThat(olga.get(base + "/tables/ranges").json().get(0).get("USER").asText()).isEqualTo("PLANT\\wem-scan");

    // The exported file (PASSWORD empty) imports back unchanged: the stored passwords are kept.
    Http.Answer back = job.json(base + "/tables/ranges/import", Map.of("csv", exported.body(), "reason", "round trip"), null);
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(olga.get(base + "/tables/ranges").json()).allSatisfy(r -> assertThat(r.get("PASSWORD").asText()).isEqualTo("set"));
    assertThat(services.supervisor().methodSettings().tables().rows("plant", services.supervisor().method("wem"),
        org.otactive.supervise.SettingTables.table(services.supervisor().method("wem"), "ranges")))
        .extracting(r -> r.cell("PASSWORD")).containsExactly(rangePassword, rangePassword + "-b");

    // The one-off account's password through the settings form: a secret option, shown as set.
    assertThat(job.json(base + "/settings", Map.of("user", "PLANT\\fallback", "password", accountPassword, "reason", "r"), null)
        .status()).isEqualTo(200);

    Http.Answer page = olga.get("/discovery/wem?site=plant");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"table-ranges\"").contains("FROM").contains("DISABLE").contains("<td>set</td>")
        .contains("/tables/ranges/export.csv").contains("/tables/ranges/import").contains("Apply changes")
        .contains("Manually scan").contains("name=\"csv\"").contains("View scan results (CSV)")
        .contains(base + "/results.csv");
    assertThat(olga.get(base + "/results.csv").body().lines().findFirst().orElse(""))
        .isEqualTo("IP,Host name,Status,Error,OS,Service pack,Last successful scan");

    // No password anywhere: every page, every GET of the API (as the owner and as a viewer).
    Http vic = signedIn("vic");
    List<String> pages = List.of("/discovery", "/discovery/wem", "/discovery/wem?site=plant", "/sites", "/sites/plant", "/runs",
        "/audit", "/users", "/devices");
    for (Http who : List.of(olga, vic)) {
      for (String p : pages) {
        Http.Answer a = who.get(p);
        assertThat(a.status()).as(p).isEqualTo(200);
        assertThat(a.body()).as(p).doesNotContain(rangePassword).doesNotContain(accountPassword);
      }
      for (Route r : Api.routes()) {
        if (r.verb() != Route.Verb.GET) continue;
        String path = r.path().replace("{site}", "plant").replace("{method}", "wem").replace("{table}", "ranges")
            .replace("{id}", Long.toString(queuedRun)).replace("{name}", "olga").replace("{address}", "192.0.2.1");
        Http.Answer a = who.get(path);
        assertThat(a.body()).as(path).doesNotContain(rangePassword).doesNotContain(accountPassword);
      }
    }
    List<AuditEntry> audit = services.supervisor().audit().entries(null);
    assertThat(audit).filteredOn(e -> e.action().equals("table-import")).hasSize(2)
        .allSatisfy(e -> assertThat(e.channel()).isIn("console", "api"));
    assertThat(audit).allSatisfy(e -> assertThat(e.subject() + e.reason() + e.detail()).doesNotContain(rangePassword)
        .doesNotContain(accountPassword));
  }
}

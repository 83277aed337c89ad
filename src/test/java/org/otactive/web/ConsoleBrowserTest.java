package org.otactive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.otactive.cli.Main;
import org.otactive.supervise.ServeProcess;
import org.otactive.testing.DnsRelay;
import org.otactive.testing.NsdServer;

/**
 * The console end to end, as an operator uses it: real headless Chromium against a real {@code
 * otactive serve} process with NSD behind it (through a relay that notes every query). Sign in
 * with the one-time password and change it; add users, a site, a window and a DNS server; run the
 * Test dialog; start a run, watch its progress move, press STOP and see it stopped; stop and re-arm
 * the site; download the results; and as a viewer find no STOP button and no password box, and get
 * 403 from the API for the same actions. It saves the screenshots the README shows
 * (into {@code docs/screenshots} unless {@code -Dotactive.screenshots=DIR} says where).
 */
class ConsoleBrowserTest {
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  // The README's pictures; -Dotactive.screenshots=DIR puts them elsewhere (e.g. to compare).
  private static final Path SHOTS = Path.of(System.getProperty("otactive.screenshots", "docs/screenshots"));
  @TempDir Path dir;

  private static NsdServer nsd() throws Exception {
    NsdServer.Zones z = new NsdServer.Zones();
    for (int c = 0; c < 4; c++) {
      for (int d = 0; d < 256; d++) {
        if (c == 0 && d == 9) continue;
        z.record("70.10.in-addr.arpa", d + "." + c + " IN PTR plc-" + c + "-" + d + ".line1.plant.example.");
      }
    }
    // A hostile name: markup in a label must show as text.
    z.record("70.10.in-addr.arpa", "9.0 IN PTR \\<b\\>bold\\</b\\>.line1.plant.example.");
    return NsdServer.start(z);
  }

  @Test
  void anOperatorSetsUpScansStopsAndAViewerOnlyLooks() throws Exception {
    try (NsdServer nsd = nsd(); DnsRelay relay = new DnsRelay(nsd.endpoint());
        ServeProcess serve = ServeProcess.start("jdbc:h2:file:" + dir.resolve("db"), dir, "console", Main.class,
            List.of("--port", "0"));
        Chromium chromium = new Chromium(dir)) {
      WebDriver b = chromium.driver;
      URI base = serve.consoleUrl();
      Matcher pw = Pattern.compile("as admin with the one-time password (\\S+)").matcher(serve.output());
      assertThat(pw.find()).as(serve.output()).isTrue();

      // ---- the first sign-in: the one-time password, then one's own
      b.get(base.resolve("/login").toString());
      chromium.screenshot(SHOTS.resolve("login.png"));
      signIn(b, "admin", pw.group(1));
      assertThat(b.getCurrentUrl()).endsWith("/password");
      assertThat(text(b, "main")).contains("one-time password");
      changePassword(b, pw.group(1), "admin's own long password");
      assertThat(flash(b)).contains("password changed");

      // ---- users, a site, a window
      b.get(base.resolve("/users").toString());
      String olgaPw = addUser(b, "olga", "owner");
      String vicPw = addUser(b, "vic", "viewer");
      b.get(base.resolve("/sites").toString());
      submit(b, "form[action='/api/v1/sites']", "name", "plant", "zone", ZONE.getId(), "ranges", "10.70.0.0/22",
          "owners", "olga", "reason", "commissioning");
      assertThat(flash(b)).contains("site plant added");
      b.get(base.resolve("/sites/plant").toString());
      LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.MINUTES);
      submit(b, "form[action='/api/v1/sites/plant/windows']:has(input[name=from])", "from", now.minusMinutes(1).toString(),
          "to", now.plusHours(2).toString(), "reason", "commissioning window");
      assertThat(flash(b)).contains("window 1 added");
      assertThat(text(b, "#next-openings")).contains("(open now)");
      chromium.screenshot(SHOTS.resolve("site.png"));

      // ---- reverse DNS: a DNS server, the rate, enabled, the Test dialog
      b.get(base.resolve("/discovery/rdns?site=plant").toString());
      String port = relay.spec().substring(relay.spec().indexOf(':') + 1);
      submit(b, "form[action='/api/v1/sites/plant/methods/rdns/settings']", "dns-server.address", "127.0.0.1",
          "dns-server.port", port, "dns-server.labels", "2", "rate", "60", "reason", "plant DNS");
      assertThat(flash(b)).contains("dns-server=127.0.0.1:" + port + "#2");
      WebElement enabled = b.findElement(By.id("enabled"));
      enabled.click();
      submit(b, "form[action='/api/v1/sites/plant/methods/rdns/enabled']", "reason", "host names");
      assertThat(flash(b)).contains("rdns enabled on plant");
      b.findElement(By.cssSelector("button[data-add=times]")).click(); // "+": a second scan time
      assertThat(b.findElements(By.cssSelector("#times input[name=at]"))).hasSize(2);
      WebElement at = b.findElement(By.cssSelector("input[name=kind][value=at]"));
      at.click();
      assertThat(at.isSelected()).isTrue();
      List<WebElement> times = b.findElements(By.cssSelector("#times input[name=at]"));
      times.get(0).sendKeys("02:15");
      times.get(1).sendKeys("14:30");
      submit(b, "form[action='/api/v1/sites/plant/methods/rdns/schedule']", "reason", "twice a day");
      assertThat(flash(b)).contains("at 02:15,14:30");

      // The Test action sends a packet: active monitoring must be on (an admin's switch).
      b.get(base.resolve("/runs").toString());
      submit(b, "form[action='/api/v1/monitoring']", "reason", "commissioning done");
      assertThat(text(b, "#monitoring-state")).isEqualTo("on");
      b.get(base.resolve("/discovery/rdns?site=plant").toString());
      b.findElement(By.id("open-test")).click();
      b.findElement(By.id("test-address")).sendKeys("10.70.0.5");
      b.findElement(By.id("run-test")).click();
      String report = until(b, d -> d.findElements(By.cssSelector("#test-result table, #test-result .flash")).isEmpty() ? null
          : d.findElement(By.id("test-result")).getText());
      assertThat(report).contains("plc-0-5.line1.plant.example").contains("127.0.0.1:" + port);
      chromium.screenshot(SHOTS.resolve("test-dialog.png"));
      b.findElement(By.cssSelector("button[data-close=test-dialog]")).click();
      b.get(base.resolve("/discovery/rdns?site=plant").toString());
      chromium.screenshot(SHOTS.resolve("reverse-dns.png"));

      // ---- a manual scan, progress, STOP
      b.get(base.resolve("/discovery/rdns?site=plant").toString());
      submit(b, "form[action='/api/v1/sites/plant/methods/rdns/runs']", "reason", "first inventory");
      Matcher run = Pattern.compile("run (\\d+) queued").matcher(flash(b));
      assertThat(run.find()).isTrue();
      String id = run.group(1);
      b.get(base.resolve("/runs").toString());
      // The Test action above is a run too: ended, and not shown as "0 done, 1 left" (it keeps no results).
      String testRow = b.findElements(By.cssSelector("tr[id^=run-]")).stream().map(WebElement::getText)
          .filter(t -> t.contains("Test action")).findFirst().orElseThrow();
      assertThat(testRow).contains("completed").contains("Test action on 1 target").doesNotContain("left of")
          .doesNotContain("results (CSV)");
      long first = until(b, d -> done(d, id) > 20 ? done(d, id) : null);
      long later = until(b, d -> done(d, id) > first + 20 ? done(d, id) : null);
      assertThat(later).as("progress moves without a reload (Server-Sent Events)").isGreaterThan(first);
      assertThat(text(b, "#run-" + id + " td.live")).contains("running").contains("left of 1024").contains("budget: 60/s");
      chromium.screenshot(SHOTS.resolve("runs.png"));
      b.findElement(By.cssSelector("#stop-" + id + " button")).click();
      assertThat(flash(b)).contains("run " + id + " stopped");
      int atStop = relay.count();
      assertThat(text(b, "#run-" + id + " td.live")).contains("stopped");
      assertThat(atStop).isLessThan(1024);

      // ---- stop the site and re-arm it
      submit(b, "form[action='/api/v1/sites/plant/stop']", "reason", "pump 3 alarm");
      assertThat(text(b, "#site-state-plant")).isEqualTo("stopped");
      chromium.screenshot(SHOTS.resolve("runs-stopped.png"));
      submit(b, "form[action='/api/v1/sites/plant/rearm']", "reason", "alarm cleared");
      assertThat(text(b, "#site-state-plant")).isEqualTo("armed");

      // ---- the results as CSV, the devices, the hostile name, the audit log
      b.get(base.resolve("/discovery/rdns?site=plant").toString());
      b.findElement(By.id("results-csv")).click();
      Path csv = chromium.downloads.resolve("run-" + id + "-rdns-results.csv");
      until(b, d -> chromium.downloaded(csv.getFileName().toString()) ? true : null);
      List<String> lines = Files.readAllLines(csv);
      assertThat(lines.get(0)).isEqualTo("address,hostname,fqdn,outcome,detail,at");
      assertThat(lines).hasSizeGreaterThan(40).anyMatch(l -> l.startsWith("10.70.0.5,plc-0-5.line1,plc-0-5.line1.plant.example,ok"));
      b.get(base.resolve("/devices?q=bold").toString());
      chromium.screenshot(SHOTS.resolve("devices.png"));
      assertThat(text(b, "#device-results")).contains("\\060b\\062bold\\060\\047b\\062.line1");
      assertThat(b.findElements(By.cssSelector("#device-results b"))).as("no markup from the network").isEmpty();
      b.get(base.resolve("/devices/10.70.0.5").toString());
      assertThat(text(b, "main")).contains("plc-0-5.line1.plant.example").contains("rdns");
      chromium.screenshot(SHOTS.resolve("device.png"));
      b.get(base.resolve("/audit").toString());
      assertThat(text(b, "#verification")).contains("Chain verified");
      assertThat(text(b, "main table")).contains("stop-run").contains("console").contains("pump 3 alarm");
      chromium.screenshot(SHOTS.resolve("audit.png"));

      // ---- Windows Endpoint Monitoring: scan ranges imported from CSV, shown with PASSWORD as set,
      // exported with PASSWORD empty; the password is in no page
      String rangePw = "Wem-Range-Passw0rd-9";
      Path ranges = Files.writeString(dir.resolve("wem-ranges.csv"), "FROM,TO,USER,PASSWORD,DISABLE\r\n"
          + "10.70.1.1,10.70.1.254,PLANT\\wem-scan," + rangePw + ",FALSE\r\n"
          + "10.70.2.10,10.70.2.10,local-admin," + rangePw + ",TRUE\r\n");
      b.get(base.resolve("/discovery/wem?site=plant").toString());
      WebElement importForm = b.findElement(By.cssSelector("form[action='/api/v1/sites/plant/methods/wem/tables/ranges/import']"));
      importForm.findElement(By.name("csv")).sendKeys(ranges.toAbsolutePath().toString());
      importForm.findElement(By.name("reason")).sendKeys("WEM ranges of plant");
      importForm.findElement(By.cssSelector("button[type=submit]")).click();
      assertThat(flash(b)).contains("wem ranges on plant: 2 row(s): 2 added");
      assertThat(text(b, "#table-ranges table")).contains("10.70.1.1 10.70.1.254 PLANT\\wem-scan set FALSE")
          .contains("10.70.2.10 10.70.2.10 local-admin set TRUE");
      assertThat(b.getPageSource()).doesNotContain(rangePw);
      chromium.screenshot(SHOTS.resolve("wem-ranges.png"));
      b.findElement(By.id("export-ranges")).click();
      Path exported = chromium.downloads.resolve("plant-wem-ranges.csv");
      until(b, d -> chromium.downloaded(exported.getFileName().toString()) ? true : null);
      assertThat(Files.readAllLines(exported)).containsExactly("FROM,TO,USER,PASSWORD,DISABLE",
          "10.70.1.1,10.70.1.254,PLANT\\wem-scan,,FALSE", "10.70.2.10,10.70.2.10,local-admin,,TRUE");
      b.findElement(By.cssSelector("header form[action='/logout'] button")).click();

      // ---- a viewer: no STOP, no password box, 403 from the API
      b.get(base.resolve("/login").toString());
      signIn(b, "vic", vicPw);
      changePassword(b, vicPw, "vic's own long password");
      b.get(base.resolve("/runs").toString());
      assertThat(text(b, "#run-" + id)).contains("stopped");
      assertThat(b.findElements(By.cssSelector("button.stop"))).isEmpty();
      assertThat(b.findElements(By.cssSelector("main form"))).isEmpty();
      b.get(base.resolve("/discovery/rdns?site=plant").toString());
      assertThat(b.findElements(By.cssSelector("input[type=password]"))).isEmpty();
      assertThat(b.findElements(By.cssSelector("main form"))).isEmpty();
      assertThat(text(b, "#table-dns-server")).contains("127.0.0.1 " + port + " 2");
      b.get(base.resolve("/discovery/wem?site=plant").toString());
      assertThat(b.findElements(By.cssSelector("main form"))).isEmpty();
      assertThat(text(b, "#table-ranges table")).contains("PLANT\\wem-scan set FALSE");
      assertThat(b.getPageSource()).doesNotContain(rangePw);
      b.get(base.resolve("/discovery/rdns?site=plant").toString());
      String cookie = b.manage().getCookieNamed(Console.SESSION_COOKIE).getValue();
      String csrf = b.findElement(By.tagName("body")).getAttribute("hx-headers").replaceAll(".*: \"([^\"]+)\".*", "$1");
      for (String action : List.of("/api/v1/runs/" + id + "/stop", "/api/v1/sites/plant/stop",
          "/api/v1/sites/plant/methods/rdns/runs", "/api/v1/sites/plant/methods/rdns/settings")) {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(action))
            .header("Cookie", Console.SESSION_COOKIE + "=" + cookie).header(Console.CSRF_HEADER, csrf)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"try\"}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(403);
      }
      assertThat(serve.terminate()).isIn(0, 143);
    }
  }

  private static <T> T until(WebDriver b, Function<WebDriver, T> condition) {
    return new WebDriverWait(b, Duration.ofSeconds(60)).until(condition::apply);
  }

  private static long done(WebDriver d, String run) {
    try {
      List<WebElement> n = d.findElements(By.cssSelector("#run-" + run + " [data-done]"));
      return n.isEmpty() ? -1 : Long.parseLong(n.get(0).getAttribute("data-done"));
    } catch (org.openqa.selenium.StaleElementReferenceException swapped) {
      return -1; // the live cell was just replaced by the next event
    }
  }

  private static String text(WebDriver b, String css) {
    return until(b, d -> {
      try {
        return d.findElement(By.cssSelector(css)).getText();
      } catch (org.openqa.selenium.StaleElementReferenceException swapped) {
        return null; // replaced by a live update: read it again
      }
    });
  }

  private static String flash(WebDriver b) {
    return until(b, d -> d.findElements(By.cssSelector("main .flash")).isEmpty() ? null
        : d.findElement(By.cssSelector("main .flash")).getText());
  }

  /** Signs in; the page that follows has loaded on return (the password check takes a moment). */
  private static void signIn(WebDriver b, String user, String password) {
    submit(b, "form[action='/login']", "name", user, "password", password);
  }

  private static void changePassword(WebDriver b, String current, String fresh) {
    submit(b, "main form", "current", current, "password", fresh);
  }

  /** Fills the named fields of a form and submits it; the page that follows has loaded on return. */
  private static void submit(WebDriver b, String formCss, String... fields) {
    WebElement form = b.findElement(By.cssSelector(formCss));
    for (int i = 0; i < fields.length; i += 2) {
      WebElement in = form.findElement(By.name(fields[i]));
      in.clear();
      in.sendKeys(fields[i + 1]);
    }
    WebElement button = form.findElement(By.cssSelector("button[type=submit]"));
    button.click();
    new WebDriverWait(b, Duration.ofSeconds(30)).until(d -> {
      try {
        button.isDisplayed();
        return false;
      } catch (org.openqa.selenium.WebDriverException gone) { // stale: the next page replaced it
        return true;
      }
    });
  }

  private static String addUser(WebDriver b, String name, String role) {
    WebElement form = b.findElement(By.cssSelector("form[action='/api/v1/users']"));
    new org.openqa.selenium.support.ui.Select(form.findElement(By.name("role"))).selectByVisibleText(role);
    submit(b, "form[action='/api/v1/users']", "name", name, "reason", "staff");
    Matcher m = Pattern.compile("one-time password \\(shown once\\): (\\S+)").matcher(flash(b));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}

package org.otactive.web;

import static org.otactive.web.Html.attr;
import static org.otactive.web.Html.cls;
import static org.otactive.web.Html.el;
import static org.otactive.web.Html.flag;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.otactive.access.Role;
import org.otactive.probe.TestReport;
import org.otactive.run.RunState;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.supervise.Accounts;
import org.otactive.supervise.Supervisor;

/**
 * The console's pages: the frame every page shares (navigation, the banner that says whether
 * active monitoring is on and which runs are sending), the login and password pages, and the
 * registration of the other pages. Pages only read; every form posts to an API {@link Route}.
 */
final class Pages {
  static final String HTMX = "/webjars/htmx.org/2.0.7/dist/htmx.min.js";
  static final String HTMX_SSE = "/webjars/htmx-ext-sse/2.2.2/sse.js";

  private final Console.Web web;

  Pages(Console.Web web) {
    this.web = web;
  }

  /** A page handler that needs a signed-in caller. */
  interface PageHandler {
    Html.Node render(Context ctx, Caller caller) throws Exception;
  }

  void register(RoutesConfig routes) {
    routes.get("/", ctx -> ctx.redirect("/discovery"));
    routes.get("/login", this::loginPage);
    routes.post("/login", this::login);
    routes.post("/logout", this::logout);
    page(routes, "/password", (ctx, c) -> frame(ctx, c, "Change password", passwordForm(c)));
    page(routes, "/fragments/banner", (ctx, c) -> banner(c));
    new MethodPages(this).register(routes);
    new SitePages(this).register(routes);
    new RunPages(this).register(routes);
    new InventoryPages(this).register(routes);
    new UserPages(this).register(routes);
  }

  Console.Web web() {
    return web;
  }

  /** A GET page: the login when there is no session, the password change while it is a one-time one. */
  void page(RoutesConfig routes, String path, PageHandler h) {
    routes.get(path, ctx -> {
      Optional<Caller> c = web.caller(ctx);
      if (c.isEmpty() || c.get().session() == null) {
        if (Console.Web.isHtmx(ctx)) ctx.status(401).html("");
        else ctx.redirect("/login", HttpStatus.SEE_OTHER);
        return;
      }
      if (c.get().session().mustChangePassword() && !path.equals("/password")) {
        ctx.redirect("/password", HttpStatus.SEE_OTHER);
        return;
      }
      try {
        ctx.html(h.render(ctx, c.get()).render());
      } catch (org.otactive.common.BadInputException e) {
        ctx.status(404).html(frame(ctx, c.get(), "Not found", el("p", cls("flash error"), e.getMessage())).render());
      }
    });
  }

  // ---- the frame

  Html.Node frame(Context ctx, Caller c, String title, Object... content) {
    Optional<String[]> flash = web.takeFlash(ctx);
    return Html.all(Html.raw("<!doctype html>"), el("html", attr("lang", "en"),
        el("head",
            el("meta", attr("charset", "utf-8")),
            el("meta", attr("name", "viewport"), attr("content", "width=device-width, initial-scale=1")),
            el("meta", attr("name", "htmx-config"), attr("content", "{\"includeIndicatorStyles\":false}")),
            el("title", title + " · otactive"),
            el("link", attr("rel", "stylesheet"), attr("href", "/static/console.css")),
            el("script", attr("src", HTMX)),
            el("script", attr("src", HTMX_SSE)),
            el("script", attr("src", "/static/console.js"))),
        el("body", attr("hx-headers", "{\"" + Console.CSRF_HEADER + "\": \"" + c.session().csrf() + "\"}"),
            el("header", cls("top"),
                el("a", cls("brand"), attr("href", "/"), "otactive"),
                el("nav",
                    nav("/discovery", "Active discovery", ctx), nav("/sites", "Sites", ctx), nav("/runs", "Runs", ctx),
                    nav("/devices", "Devices", ctx), nav("/audit", "Audit log", ctx), nav("/users", "Users", ctx)),
                el("div", cls("who"), el("span", c.name() + " (" + c.user().role().word() + ")"),
                    el("form", attr("method", "post"), attr("action", "/logout"), csrf(c),
                        el("button", cls("link"), attr("type", "submit"), "Sign out")))),
            el("div", attr("id", "banner"), attr("hx-get", "/fragments/banner"), attr("hx-trigger", "every 2s"),
                attr("hx-swap", "outerHTML"), banner(c)),
            el("main",
                flash.map(f -> el("p", cls("flash " + f[0]), attr("role", "status"), f[1])).orElse(null),
                el("h1", title),
                content))));
  }

  private static Html.Node nav(String href, String label, Context ctx) {
    return el("a", attr("href", href), ctx.path().startsWith(href) ? cls("here") : null, label);
  }

  /** Active monitoring on or off, and which runs are sending now. */
  Html.Node banner(Caller c) {
    Supervisor sup = web.services().supervisor();
    boolean on = sup.monitoringOn();
    List<StoredRun> sending = sup.runs().runs(EnumSet.of(RunState.RUNNING), 50);
    List<Object> runs = new ArrayList<>();
    for (StoredRun r : sending) {
      runs.add(el("a", attr("href", "/runs#run-" + r.id()), "run " + r.id() + " " + r.method()
          + (r.site() == null ? " (one-off)" : " on " + r.site())));
    }
    return el("div", attr("id", "banner"), cls("banner " + (on ? "on" : "off")), attr("hx-get", "/fragments/banner"),
        attr("hx-trigger", "every 2s"), attr("hx-swap", "outerHTML"),
        el("strong", "Active monitoring " + (on ? "ON" : "OFF")),
        el("span", cls("sending"), sending.isEmpty() ? "nothing is sending" : "sending now: ", runs));
  }

  // ---- shared pieces

  static Html.Node csrf(Caller c) {
    return el("input", attr("type", "hidden"), attr("name", "csrf"), attr("value", c.session().csrf()));
  }

  /** A form that posts to an API route and comes back to {@code back}. */
  static Html.Element form(Caller c, String action, String back, Object... content) {
    return el("form", attr("method", "post"), attr("action", action), csrf(c),
        el("input", attr("type", "hidden"), attr("name", "back"), attr("value", back)), content);
  }

  static Html.Node field(String label, Object input) {
    return el("label", cls("field"), el("span", label), input);
  }

  static Html.Element input(String name, String value, String placeholder) {
    return el("input", attr("type", "text"), attr("name", name), attr("value", value), attr("placeholder", placeholder));
  }

  static Html.Node reasonField() {
    return field("Reason", el("input", attr("type", "text"), attr("name", "reason"), flag("required", true),
        attr("placeholder", "why (recorded in the audit log)")));
  }

  static Html.Node button(String label, String klass) {
    return el("button", attr("type", "submit"), cls(klass), label);
  }

  static boolean isAdmin(Caller c) {
    return c.user().role() == Role.ADMIN;
  }

  /** Admins, and the owners of the site. */
  boolean controls(Caller c, String site) {
    if (isAdmin(c)) return true;
    return c.user().role() == Role.OWNER && web.services().supervisor().store().owners(site).contains(c.name());
  }

  static Html.Node table(List<String> head, List<List<Object>> rows) {
    return el("table",
        el("thead", el("tr", head.stream().map(h -> el("th", h)).toList())),
        el("tbody", rows.stream().map(r -> el("tr", r.stream().map(x -> x instanceof Html.Element e && e.tag().equals("td")
            ? e : el("td", x)).toList())).toList()));
  }

  /** The Test dialog's answer: each server's report, as label and value. */
  static Html.Node testReports(Call call, Object result) {
    @SuppressWarnings("unchecked")
    List<TestReport> reports = (List<TestReport>) result;
    List<Object> out = new ArrayList<>();
    for (TestReport t : reports) {
      List<Object> rows = new ArrayList<>();
      for (TestReport.Field f : t.fields()) rows.add(el("tr", el("th", f.label()), el("td", el("pre", f.value()))));
      out.add(el("table", cls("report " + (t.ok() ? "ok" : "bad")), rows));
    }
    return el("div", cls("test-result"), out);
  }

  // ---- login, logout, password

  private void loginPage(Context ctx) {
    loginPage(ctx, null, 200);
  }

  private void loginPage(Context ctx, String error, int status) {
    String token = Accounts.randomToken();
    ctx.cookie(new io.javalin.http.Cookie(Console.LOGIN_COOKIE, token, "/login", -1, web.secure(), true, null,
        io.javalin.http.SameSite.STRICT));
    ctx.status(status).html(Html.all(Html.raw("<!doctype html>"), el("html", attr("lang", "en"),
        el("head", el("meta", attr("charset", "utf-8")),
            el("meta", attr("name", "viewport"), attr("content", "width=device-width, initial-scale=1")),
            el("title", "Sign in · otactive"), el("link", attr("rel", "stylesheet"), attr("href", "/static/console.css"))),
        el("body", cls("login"),
            el("main", el("h1", "otactive"), el("p", cls("sub"), "Supervised active monitoring"),
                error == null ? null : el("p", cls("flash error"), attr("role", "alert"), error),
                el("form", attr("method", "post"), attr("action", "/login"),
                    el("input", attr("type", "hidden"), attr("name", "csrf"), attr("value", token)),
                    field("User", el("input", attr("type", "text"), attr("name", "name"), attr("autocomplete", "username"),
                        flag("required", true), flag("autofocus", true))),
                    field("Password", el("input", attr("type", "password"), attr("name", "password"),
                        attr("autocomplete", "current-password"), flag("required", true))),
                    button("Sign in", "primary")))))).render());
  }

  private void login(Context ctx) {
    String cookie = ctx.cookie(Console.LOGIN_COOKIE);
    String given = ctx.formParam("csrf");
    if (cookie == null || given == null || !java.security.MessageDigest.isEqual(cookie.getBytes(), given.getBytes())) {
      loginPage(ctx, "The sign-in form expired; try again.", 403);
      return;
    }
    String name = ctx.formParam("name");
    String address = ctx.ip();
    Optional<Duration> wait = web.limiter().blocked(name, address);
    if (wait.isPresent()) {
      loginPage(ctx, "Too many failed sign-ins; try again in " + Math.max(1, wait.get().toMinutes() + 1) + " minute(s).", 429);
      return;
    }
    Optional<Accounts.Login> login = web.services().accounts().checkPassword(name, ctx.formParam("password"));
    if (login.isEmpty()) {
      web.limiter().failed(name, address);
      loginPage(ctx, "Wrong user name or password.", 401);
      return;
    }
    web.limiter().succeeded(name);
    Accounts.Opened s = web.services().accounts().openSession(login.get(), address);
    web.setSession(ctx, s.cookie(), -1);
    ctx.redirect(login.get().mustChangePassword() ? "/password" : "/discovery", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    Optional<Caller> c = web.caller(ctx);
    if (c.isPresent() && c.get().session() != null && Console.Web.csrfOk(ctx, c.get())) {
      web.services().accounts().closeSession(c.get().session().idHash());
    }
    web.setSession(ctx, "", 0);
    ctx.redirect("/login", HttpStatus.SEE_OTHER);
  }

  private Html.Node passwordForm(Caller c) {
    boolean oneTime = c.session().mustChangePassword();
    return Html.all(
        oneTime ? el("p", cls("flash warn"), "This is a one-time password: choose your own before anything else.") : null,
        form(c, Api.V1 + "/me/password", "/discovery",
            field("Current password", el("input", attr("type", "password"), attr("name", "current"),
                attr("autocomplete", "current-password"), flag("required", true))),
            field("New password (" + Accounts.MIN_PASSWORD_LENGTH + " characters or more)", el("input", attr("type", "password"),
                attr("name", "password"), attr("autocomplete", "new-password"), flag("required", true),
                attr("minlength", Integer.toString(Accounts.MIN_PASSWORD_LENGTH)))),
            button("Change password", "primary")),
        el("p", cls("hint"), "Your other sessions end when the password changes."));
  }
}

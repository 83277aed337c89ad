package org.otactive.web;

import static org.otactive.web.Html.attr;
import static org.otactive.web.Html.cls;
import static org.otactive.web.Html.el;
import static org.otactive.web.Html.flag;
import static org.otactive.web.Pages.button;
import static org.otactive.web.Pages.field;
import static org.otactive.web.Pages.form;
import static org.otactive.web.Pages.input;
import static org.otactive.web.Pages.reasonField;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.otactive.probe.Method;
import org.otactive.probe.OptionTable;
import org.otactive.probe.SettingOption;
import org.otactive.scope.Site;
import org.otactive.supervise.Supervisor;

/**
 * Active discovery: one page per registered method, built from its descriptor alone (no method is
 * named here). A method's page, for one site: the Enabled toggle, the schedule (a fixed interval or
 * times of a 24-hour clock, "+" for more), its settings (a table for each option the method lays
 * out as one, such as reverse DNS's servers; a field for every other; secrets only as set or not
 * set, with a password box to replace them), Apply changes, the Test dialog, Manually scan and
 * View scan results. Viewers see the same without the forms.
 */
final class MethodPages {
  private final Pages pages;

  MethodPages(Pages pages) {
    this.pages = pages;
  }

  void register(RoutesConfig routes) {
    pages.page(routes, "/discovery", this::index);
    pages.page(routes, "/discovery/{method}", this::method);
  }

  private Supervisor sup() {
    return pages.web().services().supervisor();
  }

  private Html.Node index(Context ctx, Caller c) {
    List<Object> cards = new ArrayList<>();
    List<Site> sites = sup().sites().list();
    for (Method m : sup().registry().all()) {
      List<List<Object>> rows = new ArrayList<>();
      for (Site s : sites) {
        Views.SiteMethodView v = Views.siteMethod(sup(), s, m);
        rows.add(List.of(el("a", attr("href", link(m, s.name())), s.name()),
            v.configured() ? (v.enabled() ? "enabled" : "disabled") : "not configured",
            v.schedule() == null ? "none" : v.schedule(), v.nextStart() == null ? "-" : v.nextStart()));
      }
      cards.add(el("section", cls("card"), el("h2", el("a", attr("href", "/discovery/" + m.id()), m.displayName())),
          el("p", m.description()),
          sites.isEmpty() ? el("p", cls("hint"), "No site yet: add one under Sites.")
              : Pages.table(List.of("Site", "State", "Schedule", "Next start"), rows)));
    }
    return pages.frame(ctx, c, "Active discovery", cards);
  }

  static String link(Method m, String site) {
    return "/discovery/" + m.id() + "?site=" + URLEncoder.encode(site, StandardCharsets.UTF_8);
  }

  private Html.Node method(Context ctx, Caller c) {
    Method m = sup().method(ctx.pathParam("method"));
    List<Site> sites = sup().sites().list();
    if (sites.isEmpty()) {
      return pages.frame(ctx, c, m.displayName(), el("p", m.description()),
          el("p", cls("hint"), "Methods are set per site: add a site first (Sites)."));
    }
    String siteName = ctx.queryParam("site") != null ? ctx.queryParam("site") : sites.get(0).name();
    Site site = sup().site(siteName);
    Views.SiteMethodView v = Views.siteMethod(sup(), site, m);
    boolean can = pages.controls(c, site.name());
    String back = link(m, site.name());
    String base = Api.V1 + "/sites/" + enc(site.name()) + "/methods/" + m.id();

    List<Object> tabs = new ArrayList<>();
    for (Site s : sites) {
      tabs.add(el("a", attr("href", link(m, s.name())), s.name().equals(site.name()) ? cls("here") : null, s.name()));
    }
    Html.Node siteNav = el("nav", cls("tabs"), el("span", "Site:"), tabs);

    Html.Node toggle = el("section", cls("card"), el("h2", "Enabled"),
        can && v.configured()
            ? form(c, base + "/enabled", back,
                el("label", cls("switch"), el("input", attr("type", "checkbox"), attr("name", "enabled"), attr("value", "true"),
                    attr("id", "enabled"), flag("checked", v.enabled())), el("span", m.displayName() + " enabled on " + site.name())),
                reasonField(), button("Apply", "primary"))
            : el("p", v.configured() ? (v.enabled() ? "Enabled" : "Disabled") : "Not configured on this site yet:"
                + (can ? " apply its settings below first." : " an owner sets it up.")));

    Html.Node schedule = el("section", cls("card"), el("h2", "Schedule"),
        el("p", "Current: " + (v.schedule() == null ? "none (runs only when started by hand)" : v.schedule())
            + (v.nextStart() == null ? "" : "; next start " + v.nextStart())),
        can && v.configured() ? scheduleForm(c, base, back, v.schedule()) : null);

    Html.Node settings = el("section", cls("card"), el("h2", "Settings"),
        can ? form(c, base + "/settings", back, options(m, v, true), reasonField(), button("Apply changes", "primary"))
            : options(m, v, false));

    Html.Node actions = el("section", cls("card"), el("h2", "Scans"),
        can && v.configured() ? form(c, base + "/runs", back,
            el("label", cls("check"), el("input", attr("type", "checkbox"), attr("name", "outsideWindow"), attr("value", "true")),
                el("span", "outside the maintenance windows (audited)")),
            reasonField(), button("Manually scan", "primary")) : null,
        el("p", v.lastRun() == null ? el("span", cls("hint"), "No scan yet.")
            : el("a", cls("button"), attr("href", Api.V1 + "/runs/" + v.lastRun() + "/results.csv"), attr("id", "results-csv"),
                "View scan results (CSV, run " + v.lastRun() + ")")),
        Pages.isAdmin(c) && v.configured() ? testDialog(base) : null);

    return pages.frame(ctx, c, m.displayName(), el("p", cls("sub"), m.description()), siteNav,
        el("div", cls("grid"), toggle, schedule), settings, actions);
  }

  private Html.Node scheduleForm(Caller c, String base, String back, String current) {
    String kind = current == null ? "none" : current.startsWith("every") ? "every" : "at";
    String every = kind.equals("every") ? current.substring(6) : "";
    List<String> times = kind.equals("at") ? List.of(current.substring(3).split(",")) : List.of("");
    List<Object> timeInputs = new ArrayList<>();
    for (String t : times) timeInputs.add(timeInput(t.strip()));
    return form(c, base + "/schedule", back,
        el("div", cls("choices"),
            radio("kind", "none", kind, "No schedule"),
            el("div", radio("kind", "every", kind, "Fixed interval:"),
                el("input", attr("type", "text"), attr("name", "every"), attr("value", every), attr("placeholder", "6h"),
                    attr("size", "6"))),
            el("div", radio("kind", "at", kind, "Specific times (24-hour clock, site's zone):"),
                el("span", attr("id", "times"), timeInputs),
                el("template", attr("id", "times-template"), timeInput("")),
                el("button", attr("type", "button"), cls("small"), attr("data-add", "times"), attr("title", "add scan time"),
                    "+"))),
        reasonField(), button("Apply", "primary"));
  }

  private static Html.Node timeInput(String value) {
    return el("input", attr("type", "text"), attr("name", "at"), attr("value", value), attr("placeholder", "02:15"),
        attr("pattern", "[0-2][0-9]:[0-5][0-9]"), attr("size", "5"), cls("time"));
  }

  private static Html.Node radio(String name, String value, String current, String label) {
    return el("label", cls("check"), el("input", attr("type", "radio"), attr("name", name), attr("value", value),
        flag("checked", value.equals(current))), el("span", label));
  }

  /** The method's options: tables for those it lays out as tables, fields for the others. */
  private static Html.Node options(Method m, Views.SiteMethodView v, boolean editable) {
    List<Object> out = new ArrayList<>();
    for (SettingOption o : m.options()) {
      OptionTable t = m.tables().stream().filter(x -> x.option().equals(o.name())).findFirst().orElse(null);
      List<String> values = v.settings().getOrDefault(o.name(), List.of());
      if (t != null) {
        out.add(table(o, t, values, editable));
      } else if (o.secret()) {
        boolean set = v.secrets().getOrDefault(o.name(), false);
        out.add(el("div", cls("option"), field(o.name() + " (" + (set ? "set" : "not set") + ")", editable
            ? el("input", attr("type", "password"), attr("name", o.name()), attr("autocomplete", "new-password"),
                attr("placeholder", set ? "leave empty to keep it" : "not set"))
            : el("span", set ? "set" : "not set")), el("p", cls("hint"), o.description())));
      } else if (o.repeatable()) {
        out.add(el("div", cls("option"), field(o.name() + " (one a line)", editable
            ? el("textarea", attr("name", o.name()), attr("rows", "3"), attr("placeholder", o.paramLabel()), String.join("\n", values))
            : el("span", values.isEmpty() ? "-" : String.join(", ", values))), el("p", cls("hint"), o.description())));
      } else {
        String shown = String.join(",", values);
        out.add(el("div", cls("option"), field(o.name(), editable
            ? input(o.name(), shown, o.defaultValue() == null ? o.paramLabel() : o.defaultValue() + " (default)")
            : el("span", shown.isEmpty() ? (o.defaultValue() == null ? "-" : o.defaultValue() + " (default)") : shown)),
            el("p", cls("hint"), o.description())));
      }
    }
    return el("div", cls("options"), out);
  }

  private static Html.Node table(SettingOption o, OptionTable t, List<String> values, boolean editable) {
    String id = "rows-" + o.name();
    List<Object> head = new ArrayList<>();
    for (OptionTable.Column col : t.columns()) head.add(el("th", col.label()));
    if (editable) head.add(el("th", ""));
    List<Object> rows = new ArrayList<>();
    for (String v : values) rows.add(row(o, t, t.split(v), editable));
    if (editable && values.isEmpty()) rows.add(row(o, t, Map.of(), true));
    return el("div", cls("option"),
        el("h3", o.name()),
        el("p", cls("hint"), o.description()),
        el("table", cls("rows"), attr("id", "table-" + o.name()), el("thead", el("tr", head)), el("tbody", attr("id", id), rows)),
        editable ? Html.all(el("template", attr("id", id + "-template"), row(o, t, Map.of(), true)),
            el("button", attr("type", "button"), cls("small"), attr("data-add", id), attr("title", "add a row"), "+")) : null);
  }

  private static Html.Node row(SettingOption o, OptionTable t, Map<String, String> cells, boolean editable) {
    List<Object> tds = new ArrayList<>();
    for (OptionTable.Column col : t.columns()) {
      String v = cells.getOrDefault(col.name(), "");
      tds.add(el("td", editable ? input(o.name() + "." + col.name(), v, col.placeholder()) : v));
    }
    if (editable) {
      tds.add(el("td", el("button", attr("type", "button"), cls("small"), attr("data-remove-row", ""), attr("title", "remove"), "−")));
    }
    return el("tr", tds);
  }

  private static Html.Node testDialog(String base) {
    return Html.all(
        el("button", attr("type", "button"), attr("data-open", "test-dialog"), attr("id", "open-test"), "Test"),
        el("dialog", attr("id", "test-dialog"),
            el("h2", "Test"),
            el("form", attr("hx-post", base + "/test"), attr("hx-target", "#test-result"), attr("hx-swap", "innerHTML"),
                field("Lookup address", el("input", attr("type", "text"), attr("name", "address"), attr("id", "test-address"),
                    flag("required", true), attr("placeholder", "10.20.0.7"))),
                el("button", attr("type", "submit"), cls("primary"), attr("id", "run-test"), "Test")),
            el("div", attr("id", "test-result"), attr("aria-live", "polite")),
            el("button", attr("type", "button"), attr("data-close", "test-dialog"), "Close")));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

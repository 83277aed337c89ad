package org.otactive.web;

import static org.otactive.web.Html.attr;
import static org.otactive.web.Html.cls;
import static org.otactive.web.Html.el;
import static org.otactive.web.Pages.button;
import static org.otactive.web.Pages.field;
import static org.otactive.web.Pages.form;
import static org.otactive.web.Pages.input;
import static org.otactive.web.Pages.reasonField;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import org.otactive.probe.Method;
import org.otactive.scope.Site;
import org.otactive.supervise.Supervisor;

/**
 * Sites: their ranges and exclusions, owners, state (armed or stopped, with STOP and re-arm), and
 * maintenance windows (add, remove, {@code .ics} import) with the next openings in the site's zone.
 */
final class SitePages {
  private final Pages pages;

  SitePages(Pages pages) {
    this.pages = pages;
  }

  void register(RoutesConfig routes) {
    pages.page(routes, "/sites", this::index);
    pages.page(routes, "/sites/{site}", this::site);
  }

  private Supervisor sup() {
    return pages.web().services().supervisor();
  }

  private Html.Node index(Context ctx, Caller c) {
    List<List<Object>> rows = new ArrayList<>();
    for (Site s : sup().sites().list()) {
      Views.SiteView v = Views.site(sup(), s);
      rows.add(List.of(el("a", attr("href", "/sites/" + MethodPages.enc(s.name())), s.name()), v.zone(), v.ranges(),
          String.join(", ", v.owners()), el("span", cls(v.stopped() ? "state stopped" : "state armed"),
              v.stopped() ? "stopped" : "armed"), v.nextOpenings().isEmpty() ? "none" : v.nextOpenings().get(0)));
    }
    Html.Node add = Pages.isAdmin(c) ? el("section", cls("card"), el("h2", "Add a site"),
        form(c, Api.V1 + "/sites", "/sites",
            el("div", cls("grid"),
                field("Name", input("name", "", "plant")),
                field("Time zone", input("zone", "", "Europe/Berlin")),
                field("Ranges", input("ranges", "", "10.20.0.0/22")),
                field("Exclusions", input("exclude", "", "10.20.3.0/24")),
                field("Owner", input("owners", "", "olga"))),
            reasonField(), button("Add site", "primary"))) : null;
    return pages.frame(ctx, c, "Sites", rows.isEmpty() ? el("p", cls("hint"), "No site yet.")
        : Pages.table(List.of("Site", "Zone", "Scope", "Owners", "State", "Next window"), rows), add);
  }

  private Html.Node site(Context ctx, Caller c) {
    Site s = sup().site(ctx.pathParam("site"));
    Views.SiteView v = Views.site(sup(), s);
    boolean can = pages.controls(c, s.name());
    String back = "/sites/" + MethodPages.enc(s.name());
    String base = Api.V1 + "/sites/" + MethodPages.enc(s.name());

    Html.Node state = el("section", cls("card " + (v.stopped() ? "stopped" : "")), el("h2", "State"),
        el("p", el("span", attr("id", "site-state"), cls(v.stopped() ? "state stopped" : "state armed"),
            v.stopped() ? "stopped" : "armed"),
            v.stopped() ? " — " + v.stopReason() + " (by " + v.stoppedBy() + ")" : null),
        can && !v.stopped() ? form(c, base + "/stop", back, reasonField(), button("STOP", "stop")) : null,
        can && v.stopped() ? form(c, base + "/rearm", back, reasonField(), button("Re-arm", "primary")) : null);

    Html.Node scope = el("section", cls("card"), el("h2", "Scope"),
        el("dl", el("dt", "Zone"), el("dd", v.zone()), el("dt", "Ranges minus exclusions"), el("dd", attr("id", "scope"), v.ranges()),
            el("dt", "Excluded (never touched)"), el("dd", attr("id", "excluded"), v.excluded().isEmpty() ? "-" : v.excluded()),
            el("dt", "Owners"), el("dd", v.owners().isEmpty() ? "-" : String.join(", ", v.owners()))),
        Pages.isAdmin(c) ? form(c, base, back,
            el("div", cls("grid"),
                field("New ranges (replace)", input("ranges", "", "10.20.0.0/22")),
                field("Exclude", input("exclude", "", "10.20.3.0/24")),
                field("Add owner", input("owners", "", "olga")),
                field("Zone", input("zone", "", v.zone()))),
            reasonField(), button("Change scope", "primary")) : null);

    List<List<Object>> rows = new ArrayList<>();
    long ended = v.windows().stream().filter(Views.WindowView::ended).count();
    for (Views.WindowView w : v.windows()) {
      if (w.ended()) continue; // history: an imported calendar leaves one per past outage
      List<Object> row = new ArrayList<>(List.of(Long.toString(w.id()), w.kind(), w.text(), w.source()));
      if (can) {
        row.add(form(c, base + "/windows/" + w.id() + "/remove", back, el("input", attr("type", "hidden"), attr("name", "reason"),
            attr("value", "removed in the console")), button("Remove", "small")));
      }
      rows.add(row);
    }
    List<String> head = new ArrayList<>(List.of("Id", "Kind", "When (" + v.zone() + ")", "Source"));
    if (can) head.add("");
    Html.Node windows = el("section", cls("card"), el("h2", "Maintenance windows"),
        el("p", "Next openings (" + v.zone() + "): "),
        el("ul", attr("id", "next-openings"), v.nextOpenings().isEmpty() ? el("li", "none ahead")
            : v.nextOpenings().stream().map(o -> el("li", o)).toList()),
        rows.isEmpty() ? el("p", cls("hint"), "No window: scheduled runs wait for one.") : Pages.table(head, rows),
        ended == 0 ? null : el("p", cls("hint"), attr("id", "ended-windows"), ended
            + " ended window(s) not listed (otactive window list --all lists them)"),
        can ? Html.all(
            el("h3", "Add a recurring window"),
            form(c, base + "/windows", back, el("div", cls("grid"),
                field("Opens (cron, site time)", input("cron", "", "0 2 * * 0")),
                field("For", input("duration", "", "3h"))), reasonField(), button("Add window", "primary")),
            el("h3", "Add a one-off window"),
            form(c, base + "/windows", back, el("div", cls("grid"),
                field("From (site time)", input("from", "", "2026-12-06T02:00")),
                field("To", input("to", "", "2026-12-06T05:00"))), reasonField(), button("Add window", "primary")),
            el("h3", "Import an outage calendar (.ics)"),
            form(c, base + "/windows/import", back, field("Calendar", el("input", attr("type", "file"), attr("name", "calendar"),
                attr("accept", ".ics,text/calendar"))), reasonField(), button("Import", "primary"))
                .withMultipart()) : null);

    List<Object> methods = new ArrayList<>();
    for (Method m : sup().registry().all()) {
      methods.add(el("li", el("a", attr("href", MethodPages.link(m, s.name())), m.displayName())));
    }
    return pages.frame(ctx, c, "Site " + s.name(), el("div", cls("grid"), state, scope), windows,
        el("section", cls("card"), el("h2", "Methods"), el("ul", methods)));
  }
}

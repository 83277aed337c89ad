package org.otactive.web;

import static org.otactive.web.Html.attr;
import static org.otactive.web.Html.cls;
import static org.otactive.web.Html.el;
import static org.otactive.web.Pages.button;
import static org.otactive.web.Pages.form;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.otactive.common.Text;
import org.otactive.run.RunState;
import org.otactive.scope.Site;
import org.otactive.store.JdbcRunLog;
import org.otactive.store.JdbcRunLog.StoredRun;
import org.otactive.supervise.Supervisor;

/**
 * Runs: live progress over Server-Sent Events (targets done and left, rate, outcomes by kind, the
 * budget in force), a STOP button per run, per site and for everything (for those who may), the
 * stopped state and re-arm, pause and resume, and the global switch.
 */
final class RunPages {
  /** How often the progress of the runs on the page is sent. */
  static final long TICK_MS = 1000;
  private static final int SHOWN = 50;

  private final Pages pages;

  RunPages(Pages pages) {
    this.pages = pages;
  }

  void register(RoutesConfig routes) {
    pages.page(routes, "/runs", this::index);
    routes.sse("/runs/events", this::events);
  }

  private Supervisor sup() {
    return pages.web().services().supervisor();
  }

  private static Html.Node stopReason() {
    return el("input", attr("type", "text"), attr("name", "reason"), attr("value", "STOP pressed in the console"),
        attr("aria-label", "reason"), cls("reason"));
  }

  private Html.Node index(Context ctx, Caller c) {
    boolean admin = Pages.isAdmin(c);
    boolean on = sup().monitoringOn();
    Html.Node global = el("section", cls("card"), el("h2", "Active monitoring"),
        el("p", "Active monitoring is ", el("strong", attr("id", "monitoring-state"), on ? "on" : "off"), "."),
        admin ? form(c, Api.V1 + "/monitoring", "/runs", el("input", attr("type", "hidden"), attr("name", "on"),
            attr("value", on ? "false" : "true")), Pages.reasonField(), button(on ? "Switch off" : "Switch on", on ? "stop" : "primary"))
            : null,
        admin ? form(c, Api.V1 + "/stop-all", "/runs", stopReason(), button("STOP everything", "stop big")) : null);

    List<List<Object>> siteRows = new ArrayList<>();
    for (Site s : sup().sites().list()) {
      boolean stopped = sup().store().siteStop(s.name()).isPresent();
      boolean can = pages.controls(c, s.name());
      String base = Api.V1 + "/sites/" + MethodPages.enc(s.name());
      siteRows.add(List.of(el("a", attr("href", "/sites/" + MethodPages.enc(s.name())), s.name()),
          el("span", attr("id", "site-state-" + s.name()), cls(stopped ? "state stopped" : "state armed"), stopped ? "stopped" : "armed"),
          !can ? "" : stopped
              ? form(c, base + "/rearm", "/runs", el("input", attr("type", "text"), attr("name", "reason"),
                  attr("placeholder", "why re-arm"), attr("aria-label", "reason")), button("Re-arm", "primary"))
              : form(c, base + "/stop", "/runs", stopReason(), button("STOP site", "stop"))));
    }

    List<StoredRun> runs = sup().runs().runs(EnumSet.allOf(RunState.class), SHOWN);
    List<Object> rows = new ArrayList<>();
    for (StoredRun r : runs) rows.add(row(c, r));
    Html.Node table = el("div", attr("hx-ext", "sse"), attr("sse-connect", "/runs/events"),
        el("table", cls("runs"),
            el("thead", el("tr", el("th", "Run"), el("th", "Method"), el("th", "Site"), el("th", "Progress"),
                el("th", "Started"), el("th", "By"), el("th", ""))),
            el("tbody", rows)));
    return pages.frame(ctx, c, "Runs", el("div", cls("grid"), global,
        el("section", cls("card"), el("h2", "Sites"), siteRows.isEmpty() ? el("p", cls("hint"), "No site yet.")
            : Pages.table(List.of("Site", "State", ""), siteRows))),
        el("section", cls("card"), el("h2", "Runs"), runs.isEmpty() ? el("p", cls("hint"), "No run yet.") : table));
  }

  private Html.Node row(Caller c, StoredRun r) {
    boolean can = r.site() == null ? Pages.isAdmin(c) : pages.controls(c, r.site());
    RunState st = r.runState();
    String base = Api.V1 + "/runs/" + r.id();
    List<Object> actions = new ArrayList<>();
    if (can && !st.isFinal()) {
      actions.add(form(c, base + "/stop", "/runs", stopReason(), button("STOP", "stop")).withId("stop-" + r.id()));
      if (r.site() != null && st != RunState.PAUSED) {
        actions.add(form(c, base + "/pause", "/runs", el("input", attr("type", "hidden"), attr("name", "reason"),
            attr("value", "paused in the console")), button("Pause", "small")));
      }
      if (st == RunState.PAUSED) {
        actions.add(form(c, base + "/resume", "/runs", el("input", attr("type", "hidden"), attr("name", "reason"),
            attr("value", "resumed in the console")), button("Resume", "small")));
      }
    }
    if (r.keepsResults() && (r.done() > 0 || st.isFinal())) actions.add(el("a", attr("href", base + "/results.csv"), "results (CSV)"));
    return el("tr", attr("id", "run-" + r.id()),
        el("td", Long.toString(r.id())), el("td", r.method()), el("td", r.site() == null ? "(one-off)" : r.site()),
        el("td", attr("sse-swap", "run-" + r.id()), cls("live"), progress(Views.run(sup(), r))),
        el("td", Views.local(r.started(), java.time.ZoneOffset.UTC) + " UTC"), el("td", r.requestedBy()),
        el("td", cls("actions"), actions));
  }

  /**
   * The live cell of a run: state, a bar, done and left, rate, outcomes by kind, budget. A run that
   * keeps no results (a Test action, a query, a network-access check) says what it was and its
   * packets instead: it answered its caller, and "0 done" would read as if it had not run.
   */
  static Html.Node progress(Views.RunView v) {
    if (!v.keepsResults()) {
      boolean completed = v.state().equals(RunState.COMPLETED.word());
      return Html.all(
          el("span", cls("state " + v.state()), attr("data-state", v.state()), v.state()),
          v.stopReason() == null ? null : el("span", cls("why"), " " + v.stopReason()),
          el("progress", attr("max", "100"), attr("value", completed ? "100" : "0")),
          el("span", cls("numbers"), actionWords(v.trigger()) + " on " + Text.count(v.targets(), "target") + " · "
              + Text.count(v.packets(), "packet") + " · its answer went to whoever asked; no results kept"));
    }
    long pct = v.targets() == 0 ? 0 : Math.min(100, v.done() * 100 / v.targets());
    List<Object> kinds = new ArrayList<>();
    v.byKind().forEach((k, n) -> kinds.add(el("span", cls("kind " + k), k + " " + n)));
    return Html.all(
        el("span", cls("state " + v.state()), attr("data-state", v.state()), v.state()),
        v.stopReason() == null ? null : el("span", cls("why"), " " + v.stopReason()),
        el("progress", attr("max", "100"), attr("value", Long.toString(pct))),
        el("span", cls("numbers"), attr("data-done", Long.toString(v.done())),
            v.done() + " done, " + v.left() + " left of " + v.targets() + " · " + v.targetsPerSecond() + " targets/s · "
                + v.packets() + " packets"),
        el("div", cls("kinds"), kinds),
        v.budget().isEmpty() ? null : el("div", cls("budget"), "budget: " + v.budget()));
  }

  private static String actionWords(String trigger) {
    return switch (trigger) {
      case JdbcRunLog.TEST -> "Test action";
      case JdbcRunLog.QUERY -> "query";
      case JdbcRunLog.NETCHECK -> "network-access check";
      default -> trigger;
    };
  }

  private void events(SseClient client) {
    Optional<Caller> c = pages.web().caller(client.ctx());
    if (c.isEmpty()) {
      client.close();
      return;
    }
    client.keepAlive();
    Thread.ofVirtual().name("runs-sse").start(() -> {
      Map<Long, String> sent = new HashMap<>();
      try {
        while (!client.terminated()) {
          for (StoredRun r : sup().runs().runs(EnumSet.allOf(RunState.class), SHOWN)) {
            String html = progress(Views.run(sup(), r)).render();
            if (!html.equals(sent.get(r.id()))) {
              client.sendEvent("run-" + r.id(), html);
              sent.put(r.id(), html);
            }
          }
          client.sendComment("tick");
          Thread.sleep(TICK_MS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // the browser went away, or the service is stopping
      } finally {
        client.close();
      }
    });
  }
}

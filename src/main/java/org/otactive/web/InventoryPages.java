package org.otactive.web;

import static org.otactive.web.Html.attr;
import static org.otactive.web.Html.cls;
import static org.otactive.web.Html.el;
import static org.otactive.web.Pages.field;
import static org.otactive.web.Pages.input;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.otactive.access.AuditEntry;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Change;
import org.otactive.inventory.Device;
import org.otactive.inventory.DeviceHistory;
import org.otactive.scope.Addresses;
import org.otactive.supervise.Services;

/**
 * What the runs learned and who did what: the device inventory (search and filter; a device's
 * every observation with its source and time, and its changes) and the audit log (filterable,
 * read-only, with the chain's verification). Values from the network are text, never markup.
 */
final class InventoryPages {
  private static final int MAX_ROWS = 2000;
  private final Pages pages;

  InventoryPages(Pages pages) {
    this.pages = pages;
  }

  void register(RoutesConfig routes) {
    pages.page(routes, "/devices", this::devices);
    pages.page(routes, "/devices/{address}", this::device);
    pages.page(routes, "/audit", this::audit);
  }

  private Services services() {
    return pages.web().services();
  }

  private Html.Node devices(Context ctx, Caller c) {
    Call call = new Call(ctx, c, services(), null);
    DeviceFilter f;
    // The inventory read a few rows at a time, in address order: only the devices shown are kept
    // (the whole inventory, read for every keystroke of a search, grew the service by gigabytes).
    List<Device> shown = new ArrayList<>();
    long[] found = {0};
    String error = null;
    try {
      f = DeviceFilter.from(call);
      java.util.function.Predicate<Device> match = f.matcher(services().supervisor());
      services().inventory().eachDevice(d -> {
        if (match.test(d) && found[0]++ < MAX_ROWS) shown.add(d);
      });
    } catch (org.otactive.common.BadInputException e) {
      f = DeviceFilter.none();
      shown.clear();
      found[0] = 0;
      error = e.getMessage();
    }
    List<List<Object>> rows = new ArrayList<>();
    for (Device d : shown) {
      String attrs = d.latest().stream().filter(a -> !a.attribute().equals("hostname"))
          .map(a -> a.attribute() + "=" + a.value()).reduce((a, b) -> a + " " + b).orElse("");
      rows.add(List.of(el("a", attr("href", "/devices/" + d.address()), d.address()),
          d.latest("hostname").map(AttributeValue::value).orElse(""), attrs,
          d.latest().stream().map(AttributeValue::source).distinct().reduce((a, b) -> a + ", " + b).orElse(""),
          Views.local(d.lastSeen(), ZoneOffset.UTC) + " UTC"));
    }
    Html.Node results = el("div", attr("id", "device-results"),
        error == null ? null : el("p", cls("flash error"), error),
        el("p", cls("hint"), found[0] + " device(s)" + (found[0] > MAX_ROWS ? ", the first " + MAX_ROWS + " shown" : "")),
        Pages.table(List.of("Address", "Host name", "Attributes", "Sources", "Last seen"), rows));
    if (Console.Web.isHtmx(ctx)) return results;
    List<Object> siteOptions = new ArrayList<>(List.of(el("option", attr("value", ""), "any site")));
    for (var s : services().supervisor().sites().list()) {
      siteOptions.add(el("option", attr("value", s.name()), s.name().equals(f.site()) ? Html.flag("selected", true) : null, s.name()));
    }
    Html.Node search = el("form", cls("search"), attr("method", "get"), attr("action", "/devices"),
        attr("hx-get", "/devices"), attr("hx-target", "#device-results"), attr("hx-select", "#device-results"),
        attr("hx-swap", "outerHTML"), attr("hx-trigger", "input changed delay:300ms, change, submit"),
        el("div", cls("grid"),
            field("Search", input("q", f.q(), "address or value")),
            field("Site", el("select", attr("name", "site"), siteOptions)),
            field("Subnet", input("subnet", f.subnet(), "10.20.0.0/24")),
            field("Attribute", input("attribute", f.attribute(), "hostname")),
            field("Source", input("source", f.source(), "rdns")),
            field("Host name", el("select", attr("name", "hostname"),
                el("option", attr("value", ""), "either"),
                el("option", attr("value", "has"), "has one".equals(f.hostname()) || "has".equals(f.hostname())
                    ? Html.flag("selected", true) : null, "has one"),
                el("option", attr("value", "lacks"), "lacks".equals(f.hostname()) ? Html.flag("selected", true) : null, "lacks one")))),
        el("button", attr("type", "submit"), "Search"));
    return pages.frame(ctx, c, "Devices", search, results);
  }

  private Html.Node device(Context ctx, Caller c) {
    DeviceHistory h = (DeviceHistory) Api.routes().stream().filter(r -> r.path().equals(Api.V1 + "/devices/{address}"))
        .findFirst().orElseThrow().action().handleUnchecked(new Call(ctx, c, services(), null));
    List<List<Object>> latest = new ArrayList<>();
    for (AttributeValue a : h.device().latest()) {
      latest.add(List.of(a.attribute(), el("span", cls("value"), a.value()), a.source(), a.detail(), utc(a.since()), utc(a.lastSeen())));
    }
    List<List<Object>> all = new ArrayList<>();
    for (AttributeValue a : h.history()) {
      all.add(List.of(a.attribute(), el("span", cls("value"), a.value()), a.source(), a.detail(), utc(a.since()), utc(a.lastSeen())));
    }
    List<List<Object>> changes = new ArrayList<>();
    for (Change ch : h.changes()) {
      changes.add(List.of(utc(ch.at()), ch.attribute(), ch.oldValue() == null ? "" : ch.oldValue(), ch.newValue(), ch.source()));
    }
    return pages.frame(ctx, c, "Device " + h.device().address(),
        el("p", "First seen " + utc(h.device().firstSeen()) + ", last seen " + utc(h.device().lastSeen())
            + (h.device().mac() == null ? "" : ", MAC " + h.device().mac())),
        el("section", cls("card"), el("h2", "Now"),
            Pages.table(List.of("Attribute", "Value", "Source", "Detail", "Since", "Last seen"), latest)),
        el("section", cls("card"), el("h2", "Every observation"),
            Pages.table(List.of("Attribute", "Value", "Source", "Detail", "Since", "Last seen"), all)),
        el("section", cls("card"), el("h2", "Changes"), changes.isEmpty() ? el("p", cls("hint"), "No change: first sightings only.")
            : Pages.table(List.of("When", "Attribute", "Old", "New", "Source"), changes)));
  }

  static String utc(java.time.Instant t) {
    return t == null ? "" : Views.local(t, ZoneOffset.UTC) + " UTC";
  }

  @SuppressWarnings("unchecked")
  private Html.Node audit(Context ctx, Caller c) {
    Map<String, Object> a = Api.audit(new Call(ctx, c, services(), null));
    List<AuditEntry> entries = (List<AuditEntry>) a.get("entries");
    String verification = (String) a.get("verification");
    List<List<Object>> rows = new ArrayList<>();
    for (AuditEntry e : entries.subList(0, Math.min(MAX_ROWS, entries.size()))) {
      rows.add(List.of(Long.toString(e.id()), utc(e.at()), e.actor(), e.channel().isEmpty() ? "-" : e.channel(), e.action(),
          e.subject(), e.reason(), e.detail()));
    }
    Html.Node filter = el("form", cls("search"), attr("method", "get"), attr("action", "/audit"), el("div", cls("grid"),
        field("Actor", input("actor", ctx.queryParam("actor"), "olga")),
        field("Action", input("action", ctx.queryParam("action"), "stop-site")),
        field("Channel", input("channel", ctx.queryParam("channel"), "console, api, cli")),
        field("Text", input("q", ctx.queryParam("q"), "pump 3")),
        field("Since", input("since", ctx.queryParam("since"), "24h"))), el("button", attr("type", "submit"), "Filter"));
    return pages.frame(ctx, c, "Audit log",
        el("p", attr("id", "verification"), cls(verification.equals("intact") ? "flash ok" : "flash error"),
            verification.equals("intact") ? "Chain verified: every entry follows from the one before it." : verification),
        filter, Pages.table(List.of("#", "When", "Who", "Channel", "Action", "Subject", "Reason", "Detail"), rows));
  }
}

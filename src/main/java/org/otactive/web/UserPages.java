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
import org.otactive.access.User;
import org.otactive.store.JdbcAccounts;
import org.otactive.supervise.Supervisor;

/**
 * Users and API tokens: admins add users (with a one-time password, shown once) and reset
 * passwords; everyone manages their own tokens (shown once, stored hashed, revocable) and their
 * password.
 */
final class UserPages {
  private final Pages pages;

  UserPages(Pages pages) {
    this.pages = pages;
  }

  void register(RoutesConfig routes) {
    pages.page(routes, "/users", this::users);
  }

  private Html.Node users(Context ctx, Caller c) {
    Supervisor sup = pages.web().services().supervisor();
    boolean admin = Pages.isAdmin(c);
    List<List<Object>> rows = new ArrayList<>();
    for (User u : sup.store().users()) {
      List<Object> row = new ArrayList<>(List.of(u.name(), u.role().word(), sup.accounts().osAccountOf(u.name()).orElse("")));
      if (admin) {
        row.add(form(c, Api.V1 + "/users/" + MethodPages.enc(u.name()) + "/password-reset", "/users",
            el("input", attr("type", "hidden"), attr("name", "reason"), attr("value", "reset in the console")),
            button("Set a one-time password", "small")));
      }
      rows.add(row);
    }
    List<String> head = new ArrayList<>(List.of("User", "Role", "OS account"));
    if (admin) head.add("");
    Html.Node add = admin ? el("section", cls("card"), el("h2", "Add a user or change a role"),
        form(c, Api.V1 + "/users", "/users", el("div", cls("grid"),
            field("Name", input("name", "", "olga")),
            field("Role", el("select", attr("name", "role"), el("option", "viewer"), el("option", "owner"), el("option", "admin"))),
            field("OS account (optional)", input("osUser", "", "olga"))), reasonField(), button("Save user", "primary"))) : null;

    List<List<Object>> tokens = new ArrayList<>();
    for (JdbcAccounts.Token t : pages.web().services().accounts().tokens(c.name())) {
      tokens.add(List.of(Long.toString(t.id()), t.user(), t.label(), InventoryPages.utc(t.created()),
          t.lastUsed() == null ? "never" : InventoryPages.utc(t.lastUsed()),
          t.revoked() != null ? "revoked " + InventoryPages.utc(t.revoked())
              : form(c, Api.V1 + "/me/tokens/" + t.id() + "/revoke", "/users", button("Revoke", "small"))));
    }
    Html.Node tokenCard = el("section", cls("card"), el("h2", "API tokens"),
        el("p", cls("hint"), "A token acts as you in the REST API (Authorization: Bearer TOKEN); it is shown once."),
        tokens.isEmpty() ? null : Pages.table(List.of("Id", "User", "Label", "Created", "Last used", ""), tokens),
        form(c, Api.V1 + "/me/tokens", "/users", field("Label", input("label", "", "inventory export job")),
            button("Create token", "primary")));
    return pages.frame(ctx, c, "Users", el("section", cls("card"), Pages.table(head, rows)), add, tokenCard,
        el("p", el("a", attr("href", "/password"), "Change your password")),
        el("p", el("a", attr("href", "/api/openapi.json"), "REST API (OpenAPI document)")));
  }
}

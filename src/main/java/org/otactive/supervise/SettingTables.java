package org.otactive.supervise;

import java.util.ArrayList;
import java.util.List;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.probe.Method;
import org.otactive.probe.OptionValues;
import org.otactive.probe.SettingTable;
import org.otactive.probe.TableRow;
import org.otactive.scope.Site;
import org.otactive.store.JdbcSupervision.MethodSetting;

/**
 * What users do with methods' setting tables ({@link SettingTable}), for every method alike: import
 * (all or nothing, audited), export (secrets only for an admin with a reason, audited) and list
 * (secrets only as set or not set). Who may do what is the supervisor's: importing is for admins
 * and the site's owners.
 */
public final class SettingTables {
  private final Supervisor supervisor;

  SettingTables(Supervisor supervisor) {
    this.supervisor = supervisor;
  }

  /** The same, recording {@code channel} in the audit entries of what is done through it. */
  public SettingTables via(org.otactive.access.Channel channel) {
    return new SettingTables(supervisor.via(channel));
  }

  /** The table of that name of a method, or bad input naming the method's tables. */
  public static SettingTable table(Method m, String name) {
    List<SettingTable> kept = SettingTable.keptBy(m);
    return kept.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() -> new BadInputException(
        m.id() + " has no table '" + Text.printable(name) + "'" + (kept.isEmpty() ? "" : " (its tables: "
            + String.join(", ", kept.stream().map(SettingTable::name).toList()) + ")")));
  }

  /**
   * Replaces a method's table on a site with {@code rows} (admins and the site's owners), all or
   * nothing: each row checked ({@link MethodTables#check}), then the method's whole settings with
   * the new rows ({@code Method.configure}); then rows, secrets and the audit entry in one
   * transaction. A method not yet configured on the site gets its row (disabled, default options).
   * Returns what changed, in the audit log's words (never a secret).
   *
   * @throws org.otactive.probe.BadRowException naming the first bad row by its index in {@code rows}
   */
  public String importRows(String actor, String site, String methodId, String tableName, List<TableRow> rows,
      String reason) {
    Method m = supervisor.method(methodId);
    SettingTable t = table(m, tableName);
    Site s = supervisor.site(site);
    supervisor.controller(actor, site, "import " + methodId + " " + tableName);
    String why = Supervisor.reason(reason);
    MethodSettings settings = supervisor.methodSettings();
    MethodTables.Import imp = settings.tables().check(site, m, t, rows, s.ranges());
    var old = supervisor.store().method(site, methodId);
    OptionValues before = old.map(settings::values).orElse(MethodSettings.fresh(m));
    m.configure(before.withTable(t.name(), imp.rows())); // the whole settings still hold
    MethodSetting row = old.orElse(new MethodSetting(site, methodId, false, MethodSettings.publicJson(m, before), null, null));
    return supervisor.changeAndRecord(() -> {
      if (old.isEmpty()) supervisor.store().saveMethod(row);
      settings.tables().save(site, m, imp, supervisor.clock().instant());
      supervisor.record(actor, "table-import", "site " + site + " method " + methodId + " table " + tableName, why,
          imp.summary());
      return imp.summary();
    });
  }

  /**
   * Imports a table from CSV text ({@code file} names it in messages), all or nothing: a bad row is
   * named by its line in the file. Returns what changed, as {@link #importRows}.
   */
  public String importCsv(String actor, String site, String methodId, String tableName, String text, String file,
      String reason) {
    SettingTable t = table(supervisor.method(methodId), tableName);
    TableCsv.Read read = TableCsv.read(t, text, file);
    try {
      return importRows(actor, site, methodId, tableName, read.rows(), reason);
    } catch (org.otactive.probe.BadRowException e) {
      throw new BadInputException(file + " line " + read.lines().get(e.row()) + ": " + e.problem() + "; nothing imported");
    }
  }

  /** {@link #export} as CSV text under the table's headers. */
  public String exportCsv(String actor, String site, String methodId, String tableName, boolean includeSecrets,
      String reason) {
    SettingTable t = table(supervisor.method(methodId), tableName);
    List<TableRow> rows = export(actor, site, methodId, tableName, includeSecrets, reason);
    java.io.StringWriter w = new java.io.StringWriter();
    try {
      TableCsv.write(t, rows, w);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString();
  }

  /**
   * A method's table on a site as shown to people: one map per row, header to cell, every secret
   * cell replaced by {@code set} or {@code not set}.
   */
  public List<java.util.Map<String, String>> shown(String site, String methodId, String tableName) {
    SettingTable t = table(supervisor.method(methodId), tableName);
    List<java.util.Map<String, String>> out = new ArrayList<>();
    for (MethodTables.ListedRow r : list(site, methodId, tableName)) {
      java.util.Map<String, String> row = new java.util.LinkedHashMap<>();
      for (SettingTable.Column c : t.columns()) {
        row.put(c.header(), c.secret() ? (r.secretsSet().contains(c.header()) ? "set" : "not set") : r.cells().cell(c.header()));
      }
      out.add(row);
    }
    return out;
  }

  /**
   * A method's table on a site, as exported: secret cells empty unless {@code includeSecrets},
   * which only an admin may ask, with a reason, and which is audited.
   */
  public List<TableRow> export(String actor, String site, String methodId, String tableName, boolean includeSecrets,
      String reason) {
    Method m = supervisor.method(methodId);
    SettingTable t = table(m, tableName);
    supervisor.site(site);
    supervisor.user(actor);
    if (includeSecrets) {
      supervisor.admin(actor, "export secrets");
      String why = Supervisor.reason(reason);
      List<TableRow> rows = supervisor.methodSettings().tables().rows(site, m, t);
      supervisor.record(actor, "secrets-export", "site " + site + " method " + methodId + " table " + tableName, why,
          rows.size() + " row(s) with their secrets");
      return rows;
    }
    if (reason != null) throw new BadInputException("--reason goes with --include-secrets (an export without secrets is not audited)");
    List<TableRow> out = new ArrayList<>();
    for (MethodTables.ListedRow r : supervisor.methodSettings().tables().listed(site, m, t)) out.add(r.cells());
    return out;
  }

  /** A method's table on a site for a listing: public cells, and which secrets are set. */
  public List<MethodTables.ListedRow> list(String site, String methodId, String tableName) {
    Method m = supervisor.method(methodId);
    SettingTable t = table(m, tableName);
    supervisor.site(site);
    return supervisor.methodSettings().tables().listed(site, m, t);
  }
}

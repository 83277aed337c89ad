package org.otactive.supervise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.probe.BadRowException;
import org.otactive.probe.Method;
import org.otactive.probe.SettingTable;
import org.otactive.probe.TableRow;
import org.otactive.scope.AddressSet;
import org.otactive.store.JdbcMethodTables;
import org.otactive.store.JdbcMethodTables.StoredRow;
import org.otactive.store.SecretStore;
import org.otactive.store.StoreException;

/**
 * The {@link SettingTable tables} of a site's methods as stored, for every method alike: each
 * row's public cells as JSON, its secret cells sealed in the {@link SecretStore} under
 * {@code table:SITE:METHOD:TABLE:ROW:HEADER}. A row keeps its id (and so its secrets) across imports
 * while its key cells stay the same; that is how an empty secret cell in an import keeps the stored
 * secret. Reading secrets needs the key; listing which are set does not.
 */
public final class MethodTables {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> CELLS = new TypeReference<>() {};

  private final JdbcMethodTables store;
  private final SecretStore secrets;

  MethodTables(JdbcMethodTables store, SecretStore secrets) {
    this.store = store;
    this.secrets = secrets;
  }

  static String secretName(String site, String method, String table, String rowId, String header) {
    return "table:" + site + ":" + method + ":" + table + ":" + rowId + ":" + header;
  }

  /** A row as a listing shows it: public cells (secret ones empty) and which secrets are set. */
  public record ListedRow(TableRow cells, Set<String> secretsSet) {
    public ListedRow {
      secretsSet = Set.copyOf(secretsSet);
    }
  }

  /** A stored row with its id. */
  private record Kept(String rowId, TableRow row) {}

  private List<Kept> stored(String site, Method m, SettingTable t, boolean withSecrets) {
    List<Kept> out = new ArrayList<>();
    for (StoredRow r : store.rows(site, m.id(), t.name())) {
      LinkedHashMap<String, String> cells = new LinkedHashMap<>();
      Map<String, String> pub = read(r.cells(), site, m, t);
      for (SettingTable.Column c : t.columns()) {
        String v = c.secret()
            ? (withSecrets ? secrets.get(secretName(site, m.id(), t.name(), r.rowId(), c.header())).orElse("") : "")
            : pub.getOrDefault(c.header(), "");
        cells.put(c.header(), v);
      }
      out.add(new Kept(r.rowId(), new TableRow(cells)));
    }
    return out;
  }

  private static Map<String, String> read(String json, String site, Method m, SettingTable t) {
    try {
      return JSON.readValue(json, CELLS);
    } catch (JsonProcessingException e) {
      throw new StoreException("a stored row of " + m.id() + " " + t.name() + " on site " + site + " does not read back: "
          + e.getOriginalMessage(), e);
    }
  }

  /** The rows as stored, secret cells decrypted (needs the key). */
  public List<TableRow> rows(String site, Method m, SettingTable t) {
    return stored(site, m, t, true).stream().map(Kept::row).toList();
  }

  /** The rows without their secrets (no key needed), each with the secret columns that are set. */
  public List<ListedRow> listed(String site, Method m, SettingTable t) {
    String prefix = "table:" + site + ":" + m.id() + ":" + t.name() + ":";
    Set<String> set = new HashSet<>(secrets.names(prefix));
    List<ListedRow> out = new ArrayList<>();
    for (Kept k : stored(site, m, t, false)) {
      Set<String> has = new LinkedHashSet<>();
      for (SettingTable.Column c : t.columns()) {
        if (c.secret() && set.contains(secretName(site, m.id(), t.name(), k.rowId(), c.header()))) has.add(c.header());
      }
      out.add(new ListedRow(k.row(), has));
    }
    return out;
  }

  /**
   * An import checked and ready to write: the rows as they will be kept (secrets filled, kept ones
   * included), each with its id, and what it changes, in words fit for the audit log.
   */
  record Import(SettingTable table, List<TableRow> rows, List<String> rowIds, String summary) {}

  /**
   * Checks {@code given} for a site, all or nothing: required cells, then the method's own checks
   * against the site's scope ({@link Method#checkRows}), unique keys, and each empty secret cell
   * filled from the stored row with the same key (a required one must find one).
   *
   * @throws BadRowException naming the first bad row (its index among {@code given})
   */
  Import check(String site, Method m, SettingTable t, List<TableRow> given, AddressSet siteScope) {
    if (given.size() > SettingTable.MAX_ROWS) {
      throw new BadInputException(given.size() + " rows, more than the " + SettingTable.MAX_ROWS + " one table holds");
    }
    for (int i = 0; i < given.size(); i++) {
      for (SettingTable.Column c : t.columns()) {
        if (c.required() && !c.secret() && given.get(i).cell(c.header()).isBlank()) {
          throw new BadRowException(i, c.header() + " is empty");
        }
      }
    }
    List<TableRow> checked = m.checkRows(t, given, siteScope);
    if (checked.size() != given.size()) throw new IllegalStateException(m.id() + " checkRows changed the number of rows");
    Map<List<String>, Integer> seen = new HashMap<>();
    for (int i = 0; i < checked.size(); i++) {
      Integer earlier = seen.putIfAbsent(checked.get(i).key(t), i);
      if (earlier != null) {
        throw new BadRowException(i, "the same " + String.join(", ", t.key()) + " as an earlier row ("
            + Text.printable(String.join(", ", checked.get(i).key(t))) + "): each row's must be unique");
      }
    }
    Map<List<String>, Kept> before = new HashMap<>();
    for (Kept k : stored(site, m, t, true)) before.put(k.row().key(t), k);
    List<TableRow> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int added = 0;
    int kept = 0;
    int changed = 0;
    int secretsSet = 0;
    int secretsKept = 0;
    for (int i = 0; i < checked.size(); i++) {
      TableRow row = checked.get(i);
      Kept old = before.get(row.key(t));
      for (SettingTable.Column c : t.columns()) {
        if (!c.secret()) continue;
        if (!row.cell(c.header()).isEmpty()) {
          if (old == null || !old.row().cell(c.header()).equals(row.cell(c.header()))) secretsSet++;
          else secretsKept++;
          continue;
        }
        String stored = old == null ? "" : old.row().cell(c.header());
        if (stored.isEmpty() && c.required()) {
          throw new BadRowException(i, c.header() + " is empty and none is stored for the same "
              + String.join(", ", t.key()) + " (a new row needs its " + c.header() + ")");
        }
        if (!stored.isEmpty()) secretsKept++;
        row = row.with(c.header(), stored);
      }
      if (old == null) added++;
      else if (old.row().equals(row)) kept++;
      else changed++;
      rows.add(row);
      ids.add(old == null ? UUID.randomUUID().toString() : old.rowId());
    }
    int removed = before.size() - kept - changed;
    String summary = rows.size() + " row(s): " + added + " added, " + changed + " changed, " + kept + " unchanged, "
        + removed + " removed" + (t.hasSecrets() ? "; secrets: " + secretsSet + " set, " + secretsKept + " kept" : "");
    return new Import(t, rows, ids, summary);
  }

  /** Writes a checked import in the caller's transaction: rows replaced, secrets sealed, orphans deleted. */
  void save(String site, Method m, Import imp, Instant at) {
    SettingTable t = imp.table();
    Map<String, Kept> before = new HashMap<>();
    for (Kept k : stored(site, m, t, true)) before.put(k.rowId(), k);
    List<StoredRow> rows = new ArrayList<>();
    for (int i = 0; i < imp.rows().size(); i++) {
      TableRow row = imp.rows().get(i);
      String id = imp.rowIds().get(i);
      Map<String, String> pub = new LinkedHashMap<>();
      for (SettingTable.Column c : t.columns()) {
        if (!c.secret()) {
          pub.put(c.header(), row.cell(c.header()));
          continue;
        }
        String name = secretName(site, m.id(), t.name(), id, c.header());
        Kept old = before.get(id);
        String value = row.cell(c.header());
        if (value.isEmpty()) secrets.delete(name);
        else if (old == null || !old.row().cell(c.header()).equals(value)) secrets.put(name, value, at);
      }
      rows.add(new StoredRow(id, json(pub)));
    }
    Set<String> ids = new HashSet<>(imp.rowIds());
    for (Kept k : before.values()) {
      if (ids.contains(k.rowId())) continue;
      for (SettingTable.Column c : t.columns()) {
        if (c.secret()) secrets.delete(secretName(site, m.id(), t.name(), k.rowId(), c.header()));
      }
    }
    store.replace(site, m.id(), t.name(), rows);
  }

  private static String json(Map<String, String> cells) {
    try {
      return JSON.writeValueAsString(cells);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.otactive.supervise;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.otactive.probe.Configured;
import org.otactive.probe.Method;
import org.otactive.probe.MethodRegistry;
import org.otactive.probe.OptionValues;
import org.otactive.probe.SettingOption;
import org.otactive.probe.SettingTable;
import org.otactive.probe.TableRow;
import org.otactive.store.JdbcSupervision;
import org.otactive.store.JdbcSupervision.MethodSetting;
import org.otactive.store.SecretStore;
import org.otactive.store.StoreException;

/**
 * A site's method settings as stored, for every method alike: the public options as JSON in the
 * method's row, the secret ones sealed in the {@link SecretStore} (named
 * {@code method:SITE:METHOD:OPTION}), and the rows of its tables ({@link MethodTables}). Reading
 * secrets needs the key; listing which are set does not.
 */
public final class MethodSettings {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, List<String>>> MAP = new TypeReference<>() {};

  private final MethodRegistry registry;
  private final JdbcSupervision store;
  private final SecretStore secrets;
  private final MethodTables tables;

  MethodSettings(MethodRegistry registry, JdbcSupervision store, SecretStore secrets, MethodTables tables) {
    this.registry = registry;
    this.store = store;
    this.secrets = secrets;
    this.tables = tables;
  }

  /** The methods' setting tables, stored beside these options. */
  public MethodTables tables() {
    return tables;
  }

  public MethodRegistry registry() {
    return registry;
  }

  static String secretName(String site, String method, String option) {
    return "method:" + site + ":" + method + ":" + option;
  }

  /** The public options of a stored row (no key needed). */
  public OptionValues publicValues(MethodSetting row) {
    try {
      return new OptionValues(JSON.readValue(row.settings(), MAP));
    } catch (JsonProcessingException e) {
      throw new StoreException("the stored settings of " + row.method() + " on site " + row.site() + " do not read back: "
          + e.getOriginalMessage(), e);
    }
  }

  /** The secret options that are set for a method on a site (their names, no values). */
  public List<String> secretsSet(String site, String method) {
    String prefix = secretName(site, method, "");
    return secrets.names(prefix).stream().map(n -> n.substring(prefix.length())).toList();
  }

  /** Every option and every table row as stored, secrets decrypted (needs the key). */
  public OptionValues values(MethodSetting row) {
    Map<String, List<String>> all = new LinkedHashMap<>(publicValues(row).values());
    Method m = registry.get(row.method());
    for (SettingOption o : m.options()) {
      if (!o.secret()) continue;
      secrets.get(secretName(row.site(), row.method(), o.name())).ifPresent(v -> all.put(o.name(), List.of(v)));
    }
    Map<String, List<TableRow>> rows = new LinkedHashMap<>();
    for (SettingTable t : SettingTable.keptBy(m)) rows.put(t.name(), tables.rows(row.site(), m, t));
    return new OptionValues(all, rows);
  }

  /** The settings of a method not yet configured on a site: no option given, every table empty. */
  static OptionValues fresh(Method m) {
    Map<String, List<TableRow>> rows = new LinkedHashMap<>();
    for (SettingTable t : SettingTable.keptBy(m)) rows.put(t.name(), List.of());
    return new OptionValues(Map.of(), rows);
  }

  /** The method of a stored row with its settings, ready to run. */
  public Configured configured(MethodSetting row) {
    return registry.get(row.method()).configure(values(row));
  }

  /** The JSON of the public options, as stored in the method's row. */
  static String publicJson(Method m, OptionValues values) {
    try {
      return JSON.writeValueAsString(values.only(m.options(), false).values());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes the method's row and its secrets (in the caller's transaction): secret options whose
   * value changed are sealed anew, removed ones deleted.
   */
  void save(MethodSetting row, Method m, OptionValues before, OptionValues after, Instant at) {
    store.saveMethod(row);
    for (SettingOption o : m.options()) {
      if (!o.secret() || before.all(o.name()).equals(after.all(o.name()))) continue;
      String name = secretName(row.site(), row.method(), o.name());
      if (after.all(o.name()).isEmpty()) secrets.delete(name);
      else secrets.put(name, after.all(o.name()).get(0), at);
    }
  }

  /**
   * What changed, in words fit for the audit log and the console: public options with their old
   * and new values, secret ones only as "changed", "set" or "removed".
   */
  static String describeChange(Method m, OptionValues before, OptionValues after) {
    List<String> parts = new ArrayList<>();
    for (String name : after.changedFrom(before, m.options())) {
      SettingOption o = m.options().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
      boolean had = !before.all(name).isEmpty();
      boolean has = !after.all(name).isEmpty();
      if (o.secret()) {
        parts.add(name + (had && has ? " changed" : has ? " set" : " removed"));
      } else {
        String now = String.join(",", after.all(name));
        parts.add(had ? name + ": " + String.join(",", before.all(name)) + " -> " + now : name + "=" + now);
      }
    }
    return parts.isEmpty() ? "no change" : String.join("; ", parts);
  }

  /**
   * The settings for a listing: public values as typed, each secret as {@code (set)}, each table as
   * its number of rows; never a secret's value.
   */
  public String describe(MethodSetting row) {
    Method m = registry.get(row.method());
    OptionValues pub = publicValues(row);
    List<String> set = secretsSet(row.site(), row.method());
    List<String> parts = new ArrayList<>();
    for (SettingOption o : m.options()) {
      if (o.secret()) {
        parts.add(o.name() + "=" + (set.contains(o.name()) ? "(set)" : "(not set)"));
      } else if (pub.has(o.name())) {
        parts.add(o.name() + "=" + String.join(",", pub.all(o.name())));
      }
    }
    for (SettingTable t : SettingTable.keptBy(m)) {
      int n = tables.listed(row.site(), m, t).size();
      parts.add(t.name() + "=" + n + (n == 1 ? " row" : " rows"));
    }
    return String.join(" ", parts);
  }

  Optional<MethodSetting> row(String site, String method) {
    return store.method(site, method);
  }
}

package org.otactive.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;

/**
 * A method's settings as typed, by option name, and the rows of its {@link SettingTable tables}
 * by table name: what the command line, the API and the store carry for every method alike. A
 * method turns them into its own validated settings record ({@link Method#configure}); they are
 * kept as typed so they read back the same. Immutable.
 *
 * <p>A table that is absent was not given at all (a one-off run from the command line has no
 * tables); a site's settings carry every table of the method, empty ones included.
 */
public record OptionValues(Map<String, List<String>> values, Map<String, List<TableRow>> tables) {
  public OptionValues {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    values = Collections.unmodifiableMap(copy);
    Map<String, List<TableRow>> t = new LinkedHashMap<>();
    tables.forEach((k, v) -> t.put(k, List.copyOf(v)));
    tables = Collections.unmodifiableMap(t);
  }

  /** Options only, no tables. */
  public OptionValues(Map<String, List<String>> values) {
    this(values, Map.of());
  }

  public static OptionValues empty() {
    return new OptionValues(Map.of());
  }

  /** The values of one option (empty when not given). */
  public List<String> all(String option) {
    return values.getOrDefault(option, List.of());
  }

  public boolean has(String option) {
    return values.containsKey(option);
  }

  /** The one value of a single-valued option, or its default. */
  public String one(SettingOption option) {
    List<String> v = all(option.name());
    if (v.size() > 1) throw new BadInputException("--" + option.name() + " is given " + v.size() + " times; it takes one value");
    return v.isEmpty() ? option.defaultValue() : v.get(0);
  }

  /**
   * The one value of a whole-number option, or its default, within {@code min..max}.
   *
   * @throws BadInputException naming the option, the value and the range
   */
  public int integer(SettingOption option, int min, int max) {
    String text = one(option);
    try {
      int n = Integer.parseInt(text.strip());
      if (n >= min && n <= max) return n;
    } catch (NumberFormatException | NullPointerException ignored) {
      // one message below
    }
    throw new BadInputException("--" + option.name() + " out of range: '" + Text.printable(text) + "' (" + min + ".." + max + ")");
  }

  /** The rows of one table (empty when it is empty or not given). */
  public List<TableRow> table(String name) {
    return tables.getOrDefault(name, List.of());
  }

  /** Whether the table was given (perhaps empty): a site's settings, not a one-off command line. */
  public boolean hasTable(String name) {
    return tables.containsKey(name);
  }

  /** These values with one table's rows replaced. */
  public OptionValues withTable(String name, List<TableRow> rows) {
    Map<String, List<TableRow>> t = new LinkedHashMap<>(tables);
    t.put(name, rows);
    return new OptionValues(values, t);
  }

  /**
   * These values, with every option given in {@code changes} replaced by the changed values (and
   * every table given there replaced by its rows).
   */
  public OptionValues with(OptionValues changes) {
    Map<String, List<String>> merged = new LinkedHashMap<>(values);
    merged.putAll(changes.values);
    Map<String, List<TableRow>> t = new LinkedHashMap<>(tables);
    t.putAll(changes.tables);
    return new OptionValues(merged, t);
  }

  /** Only the options for which {@code keep} holds (no tables). */
  public OptionValues only(List<SettingOption> options, boolean secret) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (SettingOption o : options) {
      if (o.secret() == secret && values.containsKey(o.name())) out.put(o.name(), values.get(o.name()));
    }
    return new OptionValues(out);
  }

  /** The options whose values differ between {@code before} and this, in option order. */
  public List<String> changedFrom(OptionValues before, List<SettingOption> options) {
    List<String> out = new ArrayList<>();
    for (SettingOption o : options) {
      if (!before.all(o.name()).equals(all(o.name()))) out.add(o.name());
    }
    return out;
  }
}

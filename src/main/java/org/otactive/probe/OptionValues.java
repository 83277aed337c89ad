package org.otactive.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.common.BadInputException;

/**
 * A method's settings as typed, by option name: what the command line, the API and the store carry
 * for every method alike. A method turns them into its own validated settings record ({@link
 * Method#configure}); they are kept as typed so they read back the same. Immutable.
 */
public record OptionValues(Map<String, List<String>> values) {
  public OptionValues {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    values = Collections.unmodifiableMap(copy);
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

  /** These values, with every option given in {@code changes} replaced by the changed values. */
  public OptionValues with(OptionValues changes) {
    Map<String, List<String>> merged = new LinkedHashMap<>(values);
    merged.putAll(changes.values);
    return new OptionValues(merged);
  }

  /** Only the options for which {@code keep} holds. */
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

package org.otactive.probe;

import java.util.List;
import java.util.Set;

/**
 * An active monitoring method as the layers above {@code probe} know it: a plug-in registered once
 * in a {@link MethodRegistry}. {@code supervise}, {@code store}, {@code run}, {@code cli} and
 * {@code web} never name a concrete method; they ask its descriptor for its settings, options,
 * peers and what it sends.
 *
 * <p>Implementations are immutable and thread-safe; {@link #configure} sends nothing.
 */
public interface Method {
  /** Short stable name used on the command line, in the store and as the source of observations: {@code rdns}. */
  String id();

  /** The name people know it by: {@code Reverse DNS lookup}. */
  String displayName();

  /** One or two sentences: what it asks, and whom. */
  String description();

  /** Its settings, in the order they are shown. */
  List<SettingOption> options();

  /**
   * Validates settings given as typed (missing options take their defaults) and returns the
   * method ready to run with them.
   *
   * @throws org.otactive.common.BadInputException naming the option and value that cannot be used
   */
  Configured configure(OptionValues values);

  /**
   * The repeatable options shown as tables rather than lists of typed values (none by default).
   * The console renders each as rows with one input per column.
   */
  default List<OptionTable> tables() {
    return List.of();
  }

  /** The fact attributes a one-off run shows as columns, in order (e.g. {@code hostname}, {@code fqdn}). */
  List<ResultColumn> resultColumns();

  /**
   * The inventory attributes this method can fill, in order ({@code hostname}, {@code fqdn}): what
   * coverage and the minimal plan count as gaps it closes. By default its result columns.
   */
  default List<String> fills() {
    return resultColumns().stream().map(ResultColumn::attribute).toList();
  }

  /**
   * Whether asking about this device is worth it, given what is known about it from every source
   * (for reverse DNS: no source knows its host name; for Windows Endpoint Monitoring: it looks like
   * Windows, or nothing is known). Pure and cheap: the planner calls it for every address of a site
   * and sends nothing. By default: some attribute of {@link #fills} is unknown.
   */
  default boolean worthAsking(KnownDevice known) {
    for (String attribute : fills()) {
      if (!known.has(attribute)) return true;
    }
    return false;
  }

  /**
   * The attributes of {@link #fills} a run would fill for this device: empty when asking it is not
   * worth it (then the planner leaves it out).
   */
  default Set<String> gaps(KnownDevice known) {
    if (!worthAsking(known)) return Set.of();
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (String attribute : fills()) {
      if (!known.has(attribute)) out.add(attribute);
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  /**
   * A fact attribute shown as a column of a one-off run's results.
   *
   * @param list whether the value holds several space-separated items (JSON shows an array)
   */
  record ResultColumn(String attribute, boolean list) {}
}

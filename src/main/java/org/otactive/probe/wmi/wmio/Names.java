package org.otactive.probe.wmi.wmio;

/** WMI's names (classes, properties, methods, qualifiers) compare case-insensitively. */
final class Names {
  private Names() {}

  /**
   * The name as {@link String#CASE_INSENSITIVE_ORDER} and {@link String#equalsIgnoreCase} see it,
   * char by char: two names are equal ignoring case exactly when their folds are equal.
   */
  static String fold(String name) {
    char[] c = name.toCharArray();
    for (int i = 0; i < c.length; i++) c[i] = Character.toLowerCase(Character.toUpperCase(c[i]));
    return new String(c);
  }
}

package org.otactive.probe.wmi.wmio;

import java.util.List;

/** The strings a DictionaryReference (MS-WMIO 2.2.80) stands for, by ordinal. */
final class Dictionary {
  static final int FLAG = 0x8000_0000;
  static final List<String> STRINGS = List.of("\"", "key", "", "read", "write", "volatile", "provider", "dynamic",
      "cimwin32", "DWORD", "CIMTYPE");

  private Dictionary() {}

  /** The reference for a qualifier name, or -1 when the name is not in the dictionary. */
  static int referenceOf(String name) {
    int i = STRINGS.indexOf(name);
    return i < 0 || name.isEmpty() ? -1 : FLAG | i;
  }
}

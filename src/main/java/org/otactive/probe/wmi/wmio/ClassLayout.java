package org.otactive.probe.wmi.wmio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where a class's properties sit in an encoding: ValueTable slots packed in declaration order
 * (2.2.29, 2.2.34) and the PropertyLookupTable order (2.2.21). WMI looks properties up by binary
 * search on case-insensitive names, so the table is sorted that way (ordinal order breaks ties).
 */
record ClassLayout(List<Property> declared, List<Property> lookup, int[] lookupOrder, int[] offsets,
    int ndTableLength, int valueTableLength) {
  static final Comparator<String> LOOKUP_ORDER =
      String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

  static ClassLayout of(WmiClass c) {
    List<Property> declared = c.properties();
    int[] offsets = new int[declared.size()];
    int at = 0;
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = at;
      at += declared.get(i).type().inlineSize();
    }
    Integer[] byName = new Integer[declared.size()];
    for (int i = 0; i < byName.length; i++) byName[i] = i;
    Arrays.sort(byName, Comparator.comparing(i -> declared.get(i).name(), LOOKUP_ORDER));
    int[] lookupOrder = new int[byName.length];
    List<Property> lookup = new ArrayList<>(byName.length);
    for (int i = 0; i < byName.length; i++) {
      lookupOrder[i] = byName[i];
      lookup.add(declared.get(byName[i]));
    }
    return new ClassLayout(declared, lookup, lookupOrder, offsets, (declared.size() + 3) / 4, at);
  }

  /** The declaration order of the i-th property in lookup order. */
  int declarationOrderOfLookup(int i) {
    return lookupOrder[i];
  }

  int valueOffset(int declarationOrder) {
    return offsets[declarationOrder];
  }
}

package org.otactive.probe.wmi.wmio;

import java.util.List;
import java.util.Objects;

/**
 * A property of a class (MS-WMIO 2.2.30 PropertyInfo with its name and default).
 *
 * @param origin the class that declares it: the owning class's own name, or one of its superclasses
 *     for an inherited property (2.2.35 ClassOfOrigin)
 * @param defaultValue the class's default; a NULL value when the class gives none
 * @param defaultInherited whether the default comes from a superclass (NdTable bit 1, 2.2.27)
 */
public record Property(String name, CimType type, String origin, List<Qualifier> qualifiers,
    CimValue defaultValue, boolean defaultInherited) {
  public Property {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(origin, "origin");
    qualifiers = List.copyOf(qualifiers);
    Objects.requireNonNull(defaultValue, "defaultValue");
    if (!defaultValue.type().equals(type)) {
      throw new IllegalArgumentException("property " + name + " is " + type + " but its default is "
          + defaultValue.type());
    }
  }

  /** The value of the named qualifier, or null. Names compare case-insensitively, as in WMI. */
  public CimValue qualifier(String qualifierName) {
    for (Qualifier q : qualifiers) {
      if (q.name().equalsIgnoreCase(qualifierName)) return q.value();
    }
    return null;
  }

  /** Whether the property carries a TRUE {@code key} qualifier. */
  public boolean isKey() {
    CimValue k = qualifier("key");
    return k != null && k.value() instanceof Boolean b && b;
  }
}

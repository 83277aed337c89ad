package org.otactive.probe.wmi.wmio;

import java.util.Objects;

/**
 * A CIM qualifier (MS-WMIO 2.2.60): a name, a typed value and a flavor (2.2.62), on a class, a
 * property, a method, a method parameter or an instance.
 *
 * @param flavor the octet of 2.2.62, a combination of the {@code FLAVOR_*} bits
 */
public record Qualifier(String name, CimValue value, int flavor) {
  /** WBEM_FLAVOR_FLAG_PROPAGATE_TO_INSTANCE. */
  public static final int FLAVOR_TO_INSTANCE = 0x01;
  /** WBEM_FLAVOR_FLAG_PROPAGATE_TO_DERIVED_CLASS (ToSubclass). */
  public static final int FLAVOR_TO_SUBCLASS = 0x02;
  /** WBEM_FLAVOR_NOT_OVERRIDABLE. */
  public static final int FLAVOR_NOT_OVERRIDABLE = 0x10;
  /** WBEM_FLAVOR_ORIGIN_PROPAGATED: inherited, not set here. */
  public static final int FLAVOR_PROPAGATED = 0x20;
  /** WBEM_FLAVOR_ORIGIN_SYSTEM. */
  public static final int FLAVOR_SYSTEM = 0x40;
  /** WBEM_FLAVOR_AMENDED (localised). */
  public static final int FLAVOR_AMENDED = 0x80;

  /** The qualifier that names a property's CIM type in words (2.3.1, 2.3.2). */
  public static final String CIMTYPE = "CIMTYPE";

  public Qualifier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (flavor < 0 || flavor > 0xFF) throw new IllegalArgumentException("flavor is an octet: " + flavor);
    CimType t = value.type();
    if (value.isNull() && !t.isArray() && t.base().isInline()) {
      // a QualifierValue of an inline type has no way to say NULL (2.2.64)
      throw new IllegalArgumentException("qualifier " + name + " of type " + t + " cannot be NULL");
    }
  }

  /** A qualifier with flavor 0 (local, not propagated). */
  public static Qualifier of(String name, CimValue value) {
    return new Qualifier(name, value, 0);
  }

  /** A boolean TRUE qualifier such as {@code key}, {@code in} or {@code abstract}. */
  public static Qualifier flag(String name, int flavor) {
    return new Qualifier(name, CimValue.bool(true), flavor);
  }

  /** The CIMTYPE qualifier, e.g. {@code "uint32"}, {@code "datetime"}, {@code "ref:Win32_Service"}. */
  public static Qualifier cimType(String typeName) {
    return new Qualifier(CIMTYPE, CimValue.string(typeName), FLAVOR_TO_INSTANCE | FLAVOR_TO_SUBCLASS);
  }
}

package org.otactive.probe.wmi.wmio;

import java.util.Objects;

/**
 * A CIM type as MS-WMIO 2.2.82 encodes it: a base type, optionally combined with the array flag
 * 0x2000. Constants name the scalar types; {@link #asArray()} gives the array type, e.g.
 * {@code CimType.STRING.asArray()} is {@code string[]} (wire code 0x2008).
 */
public record CimType(CimBaseType base, boolean isArray) {
  /** The array flag of 2.2.82. */
  public static final int ARRAY_FLAG = 0x2000;

  public static final CimType SINT8 = new CimType(CimBaseType.SINT8, false);
  public static final CimType UINT8 = new CimType(CimBaseType.UINT8, false);
  public static final CimType SINT16 = new CimType(CimBaseType.SINT16, false);
  public static final CimType UINT16 = new CimType(CimBaseType.UINT16, false);
  public static final CimType SINT32 = new CimType(CimBaseType.SINT32, false);
  public static final CimType UINT32 = new CimType(CimBaseType.UINT32, false);
  public static final CimType SINT64 = new CimType(CimBaseType.SINT64, false);
  public static final CimType UINT64 = new CimType(CimBaseType.UINT64, false);
  public static final CimType REAL32 = new CimType(CimBaseType.REAL32, false);
  public static final CimType REAL64 = new CimType(CimBaseType.REAL64, false);
  public static final CimType BOOLEAN = new CimType(CimBaseType.BOOLEAN, false);
  public static final CimType STRING = new CimType(CimBaseType.STRING, false);
  public static final CimType DATETIME = new CimType(CimBaseType.DATETIME, false);
  public static final CimType REFERENCE = new CimType(CimBaseType.REFERENCE, false);
  public static final CimType CHAR16 = new CimType(CimBaseType.CHAR16, false);
  public static final CimType OBJECT = new CimType(CimBaseType.OBJECT, false);

  public CimType {
    Objects.requireNonNull(base, "base");
  }

  /** The scalar type of this base type. */
  public static CimType of(CimBaseType base) {
    return new CimType(base, false);
  }

  /** The array type of this type's base. */
  public CimType asArray() {
    return new CimType(base, true);
  }

  /** The type of one element (this type itself when scalar). */
  public CimType elementType() {
    return new CimType(base, false);
  }

  /** The wire code: the base code, OR 0x2000 for arrays. */
  public int code() {
    return base.code() | (isArray ? ARRAY_FLAG : 0);
  }

  /** Octets a value of this type takes in a ValueTable: arrays are heap references. */
  public int inlineSize() {
    return isArray ? 4 : base.inlineSize();
  }

  /**
   * The type with this wire code (only the low 16 bits count, and the 0x4000 "inherited" bit of a
   * PropertyType is not part of it), or null when the code names no CIM type.
   */
  public static CimType ofCode(int code) {
    int c = code & 0xFFFF;
    boolean array = (c & ARRAY_FLAG) != 0;
    CimBaseType b = CimBaseType.ofCode(c & ~ARRAY_FLAG);
    return b == null ? null : new CimType(b, array);
  }

  /** MOF spelling, e.g. {@code uint32} or {@code string[]}. */
  @Override
  public String toString() {
    return base.mofName() + (isArray ? "[]" : "");
  }
}

package org.otactive.probe.wmi.wmio;

/**
 * The CIM base types of MS-WMIO 2.2.82 (CimBaseType), with their wire codes and the number of
 * octets a value takes inline in a ValueTable or an Encoded-Array (2.2.71): numbers, BOOL and
 * char16 are inline, strings, datetimes, references and objects are 4-octet heap references.
 */
public enum CimBaseType {
  SINT8(16, 1, "sint8"),
  UINT8(17, 1, "uint8"),
  SINT16(2, 2, "sint16"),
  UINT16(18, 2, "uint16"),
  SINT32(3, 4, "sint32"),
  UINT32(19, 4, "uint32"),
  SINT64(20, 8, "sint64"),
  UINT64(21, 8, "uint64"),
  REAL32(4, 4, "real32"),
  REAL64(5, 8, "real64"),
  BOOLEAN(11, 2, "boolean"),
  STRING(8, 4, "string"),
  DATETIME(101, 4, "datetime"),
  REFERENCE(102, 4, "ref"),
  CHAR16(103, 2, "char16"),
  OBJECT(13, 4, "object");

  private final int code;
  private final int inlineSize;
  private final String mofName;

  CimBaseType(int code, int inlineSize, String mofName) {
    this.code = code;
    this.inlineSize = inlineSize;
    this.mofName = mofName;
  }

  /** The wire code (2.2.82), e.g. 19 for uint32. */
  public int code() {
    return code;
  }

  /** Octets a value of this type takes in a ValueTable or an Encoded-Array. */
  public int inlineSize() {
    return inlineSize;
  }

  /** The type's name in MOF and in the CIMTYPE qualifier ({@code "uint32"}, {@code "ref"}, ...). */
  public String mofName() {
    return mofName;
  }

  /** Integer types, whose values are {@link Long}s. */
  public boolean isInteger() {
    return switch (this) {
      case SINT8, UINT8, SINT16, UINT16, SINT32, UINT32, SINT64, UINT64 -> true;
      default -> false;
    };
  }

  /** Types whose values live in a heap as Encoded-Strings. */
  public boolean isText() {
    return this == STRING || this == DATETIME || this == REFERENCE;
  }

  /** Types whose values sit in the ValueTable itself rather than in a heap (2.2.71). */
  public boolean isInline() {
    return !isText() && this != OBJECT;
  }

  private static final CimBaseType[] BY_CODE = new CimBaseType[128];

  static {
    for (CimBaseType t : values()) BY_CODE[t.code] = t;
  }

  /** The base type with this wire code, or null. */
  public static CimBaseType ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}

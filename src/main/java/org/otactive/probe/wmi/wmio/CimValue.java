package org.otactive.probe.wmi.wmio;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A typed CIM value, or a typed NULL ({@code value == null}).
 *
 * <p>The Java form of {@link #value()} depends on the type, and the constructor checks it:
 * <ul>
 *   <li>integers: {@link Long}, within the type's range; {@code uint64} keeps its 64 bits in a
 *       {@code Long} ({@link #text()} and {@link #asUnsigned()} read it unsigned);
 *   <li>{@code real32}: {@link Float}; {@code real64}: {@link Double}; {@code boolean}: {@link Boolean};
 *   <li>{@code string}, {@code datetime} (the CIM DATETIME string, e.g.
 *       {@code 20240101120000.000000+060}) and {@code ref} (an object path): {@link String};
 *   <li>{@code char16}: {@link Character}; {@code object}: a {@link WmiObject} (embedded class or instance);
 *   <li>arrays: an unmodifiable {@link List} of the element form, with no null elements.
 * </ul>
 *
 * <p>Strings are kept exactly as decoded from the network: they may hold any character, including
 * control characters. Whoever stores or shows them sanitises them.
 */
public record CimValue(CimType type, Object value) {
  public CimValue {
    Objects.requireNonNull(type, "type");
    if (value != null) {
      if (type.isArray()) {
        if (!(value instanceof List<?> list)) {
          throw new IllegalArgumentException(type + " needs a List, not " + value.getClass().getSimpleName());
        }
        List<Object> copy = new ArrayList<>(list.size());
        for (Object e : list) {
          checkScalar(type.base(), Objects.requireNonNull(e, "an array element"));
          copy.add(e);
        }
        value = Collections.unmodifiableList(copy);
      } else {
        checkScalar(type.base(), value);
      }
    }
  }

  private static void checkScalar(CimBaseType base, Object v) {
    Class<?> want = switch (base) {
      case SINT8, UINT8, SINT16, UINT16, SINT32, UINT32, SINT64, UINT64 -> Long.class;
      case REAL32 -> Float.class;
      case REAL64 -> Double.class;
      case BOOLEAN -> Boolean.class;
      case STRING, DATETIME, REFERENCE -> String.class;
      case CHAR16 -> Character.class;
      case OBJECT -> WmiObject.class;
    };
    if (!want.isInstance(v)) {
      throw new IllegalArgumentException(base.mofName() + " needs a " + want.getSimpleName() + ", not "
          + v.getClass().getSimpleName());
    }
    if (v instanceof Long l && !inRange(base, l)) {
      throw new IllegalArgumentException(l + " is out of range for " + base.mofName());
    }
  }

  private static boolean inRange(CimBaseType base, long v) {
    return switch (base) {
      case SINT8 -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
      case UINT8 -> v >= 0 && v <= 0xFF;
      case SINT16 -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
      case UINT16 -> v >= 0 && v <= 0xFFFF;
      case SINT32 -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE;
      case UINT32 -> v >= 0 && v <= 0xFFFF_FFFFL;
      default -> true;
    };
  }

  /** The NULL of a type. */
  public static CimValue nullOf(CimType type) {
    return new CimValue(type, null);
  }

  /**
   * A value of {@code type} from a convenient Java value: any {@link Number} (or its decimal
   * string) for numbers, a {@link BigInteger} for large uint64s, a {@link Boolean} or
   * {@code "true"/"false"}, a one-character String for char16, a {@link Collection} or Java array
   * for arrays; null gives NULL.
   *
   * @throws IllegalArgumentException if the value does not fit the type
   */
  public static CimValue of(CimType type, Object value) {
    if (value == null) return nullOf(type);
    if (!type.isArray()) return new CimValue(type, convert(type.base(), value));
    List<Object> out = new ArrayList<>();
    if (value instanceof Collection<?> c) {
      for (Object e : c) out.add(convert(type.base(), e));
    } else if (value.getClass().isArray()) {
      int n = java.lang.reflect.Array.getLength(value);
      for (int i = 0; i < n; i++) out.add(convert(type.base(), java.lang.reflect.Array.get(value, i)));
    } else {
      throw new IllegalArgumentException(type + " needs a collection, not " + value.getClass().getSimpleName());
    }
    return new CimValue(type, out);
  }

  private static Object convert(CimBaseType base, Object v) {
    Objects.requireNonNull(v, "an array element");
    try {
      return switch (base) {
        case SINT8, UINT8, SINT16, UINT16, SINT32, UINT32, SINT64 -> v instanceof String s
            ? Long.parseLong(s.trim()) : integral(v).longValueExact();
        case UINT64 -> v instanceof String s ? Long.parseUnsignedLong(s.trim()) : unsigned64(integral(v));
        case REAL32 -> v instanceof String s ? Float.parseFloat(s) : ((Number) v).floatValue();
        case REAL64 -> v instanceof String s ? Double.parseDouble(s) : ((Number) v).doubleValue();
        case BOOLEAN -> v instanceof String s ? parseBoolean(s) : (Boolean) v;
        case STRING, DATETIME, REFERENCE -> v instanceof CharSequence s ? s.toString() : bad(base, v);
        case CHAR16 -> v instanceof String s && s.length() == 1 ? Character.valueOf(s.charAt(0)) : (Character) v;
        case OBJECT -> (WmiObject) v;
      };
    } catch (ClassCastException | ArithmeticException | NumberFormatException e) {
      return bad(base, v);
    }
  }

  private static BigInteger integral(Object v) {
    if (v instanceof BigInteger b) return b;
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return BigInteger.valueOf(((Number) v).longValue());
    }
    throw new ClassCastException();
  }

  private static long unsigned64(BigInteger b) {
    if (b.signum() < 0 || b.bitLength() > 64) throw new ArithmeticException();
    return b.longValue();
  }

  private static Boolean parseBoolean(String s) {
    if (s.equalsIgnoreCase("true")) return true;
    if (s.equalsIgnoreCase("false")) return false;
    throw new NumberFormatException();
  }

  private static Object bad(CimBaseType base, Object v) {
    throw new IllegalArgumentException("not a " + base.mofName() + ": " + v);
  }

  public static CimValue string(String s) {
    return new CimValue(CimType.STRING, s);
  }

  public static CimValue datetime(String cimDatetime) {
    return new CimValue(CimType.DATETIME, cimDatetime);
  }

  public static CimValue reference(String objectPath) {
    return new CimValue(CimType.REFERENCE, objectPath);
  }

  public static CimValue uint8(int v) {
    return new CimValue(CimType.UINT8, (long) v);
  }

  public static CimValue uint16(int v) {
    return new CimValue(CimType.UINT16, (long) v);
  }

  public static CimValue uint32(long v) {
    return new CimValue(CimType.UINT32, v);
  }

  public static CimValue uint64(long bits) {
    return new CimValue(CimType.UINT64, bits);
  }

  public static CimValue sint32(int v) {
    return new CimValue(CimType.SINT32, (long) v);
  }

  public static CimValue sint64(long v) {
    return new CimValue(CimType.SINT64, v);
  }

  public static CimValue bool(boolean v) {
    return new CimValue(CimType.BOOLEAN, v);
  }

  public static CimValue char16(char c) {
    return new CimValue(CimType.CHAR16, c);
  }

  public static CimValue object(WmiObject o) {
    return new CimValue(CimType.OBJECT, o);
  }

  /** A string array. */
  public static CimValue strings(List<String> values) {
    return new CimValue(CimType.STRING.asArray(), values);
  }

  public boolean isNull() {
    return value == null;
  }

  /** An integer value (uint64 as its 64 bits). */
  public long asLong() {
    if (value instanceof Long l) return l;
    throw wrongKind("an integer");
  }

  /** An integer value read unsigned (for uint64 above 2^63). */
  public BigInteger asUnsigned() {
    long v = asLong();
    return type.base() == CimBaseType.UINT64 ? new BigInteger(Long.toUnsignedString(v)) : BigInteger.valueOf(v);
  }

  /** A real value, or an integer one widened. */
  public double asDouble() {
    if (value instanceof Float f) return f;
    if (value instanceof Double d) return d;
    if (value instanceof Long l) return type.base() == CimBaseType.UINT64 ? asUnsigned().doubleValue() : l;
    throw wrongKind("a number");
  }

  public boolean asBoolean() {
    if (value instanceof Boolean b) return b;
    throw wrongKind("a boolean");
  }

  /** A string, datetime or reference value. */
  public String asString() {
    if (value instanceof String s) return s;
    throw wrongKind("a string");
  }

  public char asChar() {
    if (value instanceof Character c) return c;
    throw wrongKind("a char16");
  }

  public WmiObject asObject() {
    if (value instanceof WmiObject o) return o;
    throw wrongKind("an object");
  }

  /** The elements of an array value, in their Java form. */
  public List<?> asList() {
    if (value instanceof List<?> l) return l;
    throw wrongKind("an array");
  }

  private IllegalStateException wrongKind(String want) {
    return new IllegalStateException(type + (value == null ? " NULL" : "") + " is not " + want);
  }

  /**
   * The value as text, or null for NULL: numbers in decimal (uint64 unsigned), booleans as
   * {@code true}/{@code false}, strings as they are, objects as {@code instance of Class} or
   * {@code class Class}, arrays as {@code {a, b}}.
   */
  public String text() {
    if (value == null) return null;
    if (value instanceof List<?> l) {
      return l.stream().map(e -> scalarText(type.base(), e)).collect(Collectors.joining(", ", "{", "}"));
    }
    return scalarText(type.base(), value);
  }

  private static String scalarText(CimBaseType base, Object v) {
    if (base == CimBaseType.UINT64) return Long.toUnsignedString((Long) v);
    if (v instanceof WmiObject o) {
      return o instanceof WmiInstance ? "instance of " + o.className() : "class " + o.className();
    }
    return String.valueOf(v);
  }

  @Override
  public String toString() {
    return type + " " + (value == null ? "NULL" : text());
  }
}

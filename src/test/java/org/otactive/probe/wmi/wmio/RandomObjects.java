package org.otactive.probe.wmi.wmio;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random classes and instances for properties and fuzz seeds: every CIM type scalar and array,
 * NULLs, class defaults (own and inherited), qualifiers of any type and flavor (dictionary names
 * included), methods, embedded objects, decorations, any non-NUL character (surrogates and control
 * characters included) in names and values.
 */
final class RandomObjects {
  static final WmiClass PART = WmiClass.builder("Part").property("N", CimType.UINT8).property("S", CimType.STRING)
      .build();
  /** Embedded objects: an instance and a class. */
  static final List<WmiObject> EMBEDDED = List.of(WmiInstance.of(PART).with("N", 9).with("S", "nested"),
      PART.withDecoration(new Decoration("h", "root")));
  static final List<String> DICTIONARY_NAMES = List.of("key", "read", "write", "CIMTYPE", "volatile", "provider",
      "dynamic", "cimwin32", "DWORD", "\"");
  private static final char[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0\u00e9\u00df\u4e2d"
      .toCharArray();

  private final Random r;

  RandomObjects(Random r) {
    this.r = r;
  }

  String name() {
    char[] c = new char[1 + r.nextInt(8)];
    for (int i = 0; i < c.length; i++) c[i] = NAME_CHARS[r.nextInt(NAME_CHARS.length)];
    return new String(c);
  }

  /** Names distinct ignoring case, as WMI compares them. */
  List<String> names(int max) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      String n = name();
      if (seen.add(Names.fold(n))) out.add(n);
    }
    return out;
  }

  /** Any string MS-WMIO can carry: every character but NUL. */
  String text() {
    char[] c = new char[r.nextInt(10)];
    for (int i = 0; i < c.length; i++) {
      c[i] = switch (r.nextInt(4)) {
        case 0 -> (char) (' ' + r.nextInt(95));
        case 1 -> (char) (1 + r.nextInt(0xFF));
        default -> (char) (1 + r.nextInt(0xFFFF));
      };
    }
    return new String(c);
  }

  CimType type() {
    CimBaseType b = CimBaseType.values()[r.nextInt(CimBaseType.values().length)];
    return r.nextBoolean() ? CimType.of(b) : CimType.of(b).asArray();
  }

  Object scalar(CimBaseType b) {
    return switch (b) {
      case SINT8 -> (long) (byte) r.nextInt();
      case UINT8 -> (long) r.nextInt(0x100);
      case SINT16 -> (long) (short) r.nextInt();
      case UINT16 -> (long) r.nextInt(0x10000);
      case SINT32 -> (long) r.nextInt();
      case UINT32 -> r.nextLong() & 0xFFFF_FFFFL;
      case SINT64, UINT64 -> r.nextLong();
      case REAL32 -> Float.intBitsToFloat(r.nextInt());
      case REAL64 -> Double.longBitsToDouble(r.nextLong());
      case BOOLEAN -> r.nextBoolean();
      case STRING, DATETIME, REFERENCE -> text();
      case CHAR16 -> (char) r.nextInt(0x10000);
      case OBJECT -> EMBEDDED.get(r.nextInt(EMBEDDED.size()));
    };
  }

  CimValue value(CimType t, boolean nullable) {
    if (nullable && r.nextInt(4) == 0) return CimValue.nullOf(t);
    if (!t.isArray()) return new CimValue(t, scalar(t.base()));
    List<Object> elements = new ArrayList<>();
    for (int i = r.nextInt(5); i > 0; i--) elements.add(scalar(t.base()));
    return new CimValue(t, elements);
  }

  Qualifier qualifier() {
    String name = r.nextInt(3) == 0 ? DICTIONARY_NAMES.get(r.nextInt(DICTIONARY_NAMES.size())) : name();
    CimType t = type();
    return new Qualifier(name, value(t, t.isArray() || !t.base().isInline()), r.nextInt(0x100));
  }

  List<Qualifier> qualifiers(int max) {
    List<Qualifier> out = new ArrayList<>();
    for (int i = r.nextInt(max + 1); i > 0; i--) out.add(qualifier());
    return out;
  }

  Decoration decoration() {
    return r.nextInt(3) == 0 ? null : new Decoration(text(), text());
  }

  Method.Builder method() {
    Method.Builder m = Method.builder(name());
    qualifiers(2).forEach(m::qualifier);
    Set<String> taken = new HashSet<>(Set.of(Names.fold(Method.RETURN_VALUE)));
    for (String p : names(4)) {
      if (!taken.add(Names.fold(p))) continue;
      if (r.nextBoolean()) m.in(p, type());
      else m.out(p, type());
    }
    if (r.nextBoolean()) m.returns(type());
    return m;
  }

  void properties(WmiClass.Builder b, WmiClass parent, int max) {
    for (String n : names(max)) {
      if (parent != null && parent.property(n) != null) continue;
      CimType t = type();
      b.property(n, t, value(t, true), qualifiers(2).toArray(Qualifier[]::new));
    }
  }

  WmiClass root() {
    WmiClass.Builder b = WmiClass.builder(name()).decoration(decoration());
    qualifiers(3).forEach(b::qualifier);
    properties(b, null, 6);
    Set<String> methods = new HashSet<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      Method.Builder m = method();
      if (methods.add(Names.fold(m.build("x").name()))) b.method(m);
    }
    return b.build();
  }

  /** A class derived from {@code parent}: own properties, and some inherited defaults overridden. */
  WmiClass derived(WmiClass parent) {
    WmiClass.Builder b = WmiClass.builder(name()).superclass(parent).decoration(decoration());
    qualifiers(2).forEach(b::qualifier);
    properties(b, parent, 4);
    for (Property p : parent.properties()) {
      if (r.nextInt(4) == 0) b.defaultValue(p.name(), value(p.type(), true));
    }
    return b.build();
  }

  WmiClass wmiClass() {
    return switch (r.nextInt(3)) {
      case 0 -> root();
      case 1 -> derived(root());
      default -> derived(derived(root()));
    };
  }

  WmiInstance instance() {
    WmiClass c = wmiClass();
    Map<String, CimValue> values = new LinkedHashMap<>();
    Map<String, List<Qualifier>> propertyQualifiers = new LinkedHashMap<>();
    boolean anyPropertyQualifiers = r.nextInt(4) == 0;
    for (Property p : c.properties()) {
      if (r.nextInt(3) != 0) values.put(p.name(), value(p.type(), true)); // else: the class default
      if (anyPropertyQualifiers) propertyQualifiers.put(p.name(), qualifiers(2));
    }
    return new WmiInstance(c, values, qualifiers(2), propertyQualifiers, decoration());
  }
}

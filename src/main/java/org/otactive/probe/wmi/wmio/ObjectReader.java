package org.otactive.probe.wmi.wmio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One decoding of MS-WMIO bytes. Reads are absolute and bounded by the window of the structure
 * being read; offsets in errors are from the start of the input.
 *
 * <p>Heap items are decoded once per (offset, heap) and shared, and every string octet scanned and
 * value decoded is charged to a budget proportional to the input: heap references may point
 * anywhere in their heap, so without this a small input could name one item (or overlapping
 * strings) many times over and cost quadratic time or memory.
 */
final class ObjectReader {
  private static final int HEAP_NULL = 0xFFFF_FFFF;
  private static final int INHERITED = 0x4000;

  private final byte[] b;
  private final ByteBuffer le;
  private final Map<Long, String> strings = new HashMap<>();
  private final Map<Long, WmiObject> objects = new HashMap<>();
  private long budget;

  ObjectReader(byte[] b) {
    this.b = b;
    this.le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    this.budget = 64L * b.length + 65_536;
  }

  // ---- primitives ----

  private void need(long at, long n, long end, String what) throws WmioFormatException {
    if (at < 0 || n < 0 || at + n > end || at + n > b.length) {
      throw new WmioFormatException(what + " needs " + n + " octets but the block ends at " + Math.min(end, b.length),
          (int) Math.max(0, Math.min(at, b.length)));
    }
  }

  private void charge(long units, int at) throws WmioFormatException {
    budget -= units;
    if (budget < 0) throw new WmioFormatException("heap references make the object too large to decode", at);
  }

  int u8(int at, int end, String what) throws WmioFormatException {
    need(at, 1, end, what);
    return b[at] & 0xFF;
  }

  int u16(int at, int end, String what) throws WmioFormatException {
    need(at, 2, end, what);
    return le.getShort(at) & 0xFFFF;
  }

  int u32(int at, int end, String what) throws WmioFormatException {
    need(at, 4, end, what);
    return le.getInt(at);
  }

  /** A length or offset field: unsigned, and it must leave the result within {@code limit}. */
  private int extent(int at, int end, long base, long limit, long min, String what) throws WmioFormatException {
    long v = u32(at, end, what) & 0xFFFF_FFFFL;
    if (v < min) throw new WmioFormatException(what + " " + v + " is below the minimum " + min, at);
    if (base + v > limit) {
      throw new WmioFormatException(what + " " + v + " runs past the end of its block at " + limit, at);
    }
    return (int) v;
  }

  /** An inline Encoded-String (2.2.78); returns the string and where it ends. */
  private Text inlineString(int at, int end, String what) throws WmioFormatException {
    int flag = u8(at, end, what);
    int p = at + 1;
    StringBuilder s = new StringBuilder();
    if (flag == 0) {
      while (true) {
        int c = u8(p, end, what + " (no terminating NUL)");
        p++;
        if (c == 0) break;
        s.append((char) c);
      }
    } else if (flag == 1) {
      while (true) {
        int c = u16(p, end, what + " (no terminating NUL)");
        p += 2;
        if (c == 0) break;
        s.append((char) c);
      }
    } else {
      throw new WmioFormatException(what + " has string flag " + flag + ", not 0 (8-bit) or 1 (UTF-16)", at);
    }
    charge(p - at, at);
    return new Text(s.toString(), p);
  }

  private record Text(String value, int end) {}

  // ---- heaps (2.2.66) ----

  /** A heap's items: {@code at} is its first item, {@code end} one past its last octet. */
  private final class Heap {
    final int at;
    final int end;

    Heap(int at, int end) {
      this.at = at;
      this.end = end;
    }

    /** The absolute position of an item, checked to start inside the heap. */
    int item(int ref, int refAt, String what) throws WmioFormatException {
      long off = ref & 0xFFFF_FFFFL;
      if ((ref & Dictionary.FLAG) != 0 || at + off >= end) {
        throw new WmioFormatException(what + " refers to heap offset " + off + " outside a heap of " + (end - at)
            + " octets", refAt);
      }
      return (int) (at + off);
    }

    /** A HeapStringRef (2.2.68): NULL, a dictionary string (2.2.80) or an Encoded-String. */
    String string(int ref, int refAt, String what) throws WmioFormatException {
      if (ref == HEAP_NULL) return null;
      if ((ref & Dictionary.FLAG) != 0) {
        int i = ref & ~Dictionary.FLAG;
        if (i >= Dictionary.STRINGS.size()) {
          throw new WmioFormatException(what + " is dictionary reference " + i + ", beyond the 11 of 2.2.80", refAt);
        }
        return Dictionary.STRINGS.get(i);
      }
      int p = item(ref, refAt, what);
      long key = (long) p << 32 | end;
      String s = strings.get(key);
      if (s == null) {
        s = inlineString(p, end, what).value();
        strings.put(key, s);
      }
      return s;
    }

    /** An embedded object: ObjectEncodingLength then an ObjectBlock (2.2.71), or NULL. */
    WmiObject object(int ref, int refAt, int depth, String what) throws WmioFormatException {
      if (ref == HEAP_NULL) return null;
      int p = item(ref, refAt, what);
      long key = (long) p << 32 | end;
      WmiObject o = objects.get(key);
      if (o == null) {
        int len = extent(p, end, p + 4L, end, 1, what + " length");
        o = objectBlock(p + 4, p + 4 + len, depth + 1);
        objects.put(key, o);
      }
      return o;
    }
  }

  private Heap heap(int at, int end, String what) throws WmioFormatException {
    int len = u32(at, end, what + " length") & 0x7FFF_FFFF; // 31 bits; the top bit is always set
    if ((long) at + 4 + len > end) {
      throw new WmioFormatException(what + " of " + len + " octets runs past the end of its block at " + end, at);
    }
    return new Heap(at + 4, at + 4 + len);
  }

  // ---- values (2.2.71) ----

  /** An EncodedValue of {@code type} at {@code at} (inline, or a reference into {@code heap}). */
  private CimValue value(CimType type, int at, int end, Heap heap, int depth, String what) throws WmioFormatException {
    charge(1, at);
    if (!type.isArray()) return new CimValue(type, scalar(type.base(), at, end, heap, depth, what, true));
    int ref = u32(at, end, what);
    if (ref == HEAP_NULL) return CimValue.nullOf(type);
    int p = heap.item(ref, at, what);
    int size = type.base().inlineSize();
    long count = u32(p, heap.end, what + " array count") & 0xFFFF_FFFFL;
    if (count * size > heap.end - (p + 4L)) {
      throw new WmioFormatException(what + " array of " + count + " " + type.base().mofName() + " cannot fit in the "
          + (heap.end - p - 4) + " heap octets left", p);
    }
    charge(count, p);
    List<Object> elements = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      elements.add(scalar(type.base(), p + 4 + i * size, heap.end, heap, depth, what + "[" + i + "]", false));
    }
    return new CimValue(type, elements);
  }

  private Object scalar(CimBaseType t, int at, int end, Heap heap, int depth, String what, boolean nullable)
      throws WmioFormatException {
    Object v = switch (t) {
      case SINT8 -> (long) (byte) u8(at, end, what);
      case UINT8 -> (long) u8(at, end, what);
      case SINT16 -> (long) (short) u16(at, end, what);
      case UINT16 -> (long) u16(at, end, what);
      case SINT32 -> (long) u32(at, end, what);
      case UINT32 -> u32(at, end, what) & 0xFFFF_FFFFL;
      case SINT64, UINT64 -> {
        need(at, 8, end, what);
        yield le.getLong(at);
      }
      case REAL32 -> Float.intBitsToFloat(u32(at, end, what));
      case REAL64 -> {
        need(at, 8, end, what);
        yield Double.longBitsToDouble(le.getLong(at));
      }
      case BOOLEAN -> u16(at, end, what) != 0;
      case CHAR16 -> (char) u16(at, end, what);
      case STRING, DATETIME, REFERENCE -> heap.string(u32(at, end, what), at, what);
      case OBJECT -> heap.object(u32(at, end, what), at, depth, what);
    };
    if (v == null && !nullable) throw new WmioFormatException(what + " is a NULL array element", at);
    return v;
  }

  // ---- qualifier sets (2.2.59) ----

  private List<Qualifier> qualifierSet(int at, int end, Heap heap, int depth, String what) throws WmioFormatException {
    List<Qualifier> out = new ArrayList<>();
    int p = at + 4;
    while (p < end) {
      int nameRef = u32(p, end, what + " qualifier name");
      int flavor = u8(p + 4, end, what + " qualifier flavor");
      int code = u32(p + 5, end, what + " qualifier type");
      CimType type = CimType.ofCode(code);
      if (type == null || (code & 0xFFFF) != code) {
        throw new WmioFormatException(what + " qualifier has unknown CIM type 0x" + Integer.toHexString(code), p + 5);
      }
      String name = heap.string(nameRef, p, what + " qualifier name");
      if (name == null) throw new WmioFormatException(what + " has a qualifier without a name", p);
      out.add(new Qualifier(name, value(type, p + 9, end, heap, depth, what + " qualifier " + name), flavor));
      p += 9 + type.inlineSize();
    }
    return out;
  }

  /** The window of a QualifierSet at {@code at}: its EncodingLength includes itself. */
  private int qualifierSetEnd(int at, int end, String what) throws WmioFormatException {
    return at + extent(at, end, at, end, 4, what + " length");
  }

  // ---- ObjectBlock (2.2.5) ----

  WmiObject objectBlock(int at, int end, int depth) throws WmioFormatException {
    if (depth > WmioDecoder.MAX_DEPTH) {
      throw new WmioFormatException("objects nested deeper than " + WmioDecoder.MAX_DEPTH, at);
    }
    int flags = u8(at, end, "ObjectFlags");
    int kind = flags & 0x03;
    if (kind != 1 && kind != 2) {
      throw new WmioFormatException("ObjectFlags 0x" + Integer.toHexString(flags)
          + " says neither class (0x01) nor instance (0x02)", at);
    }
    int p = at + 1;
    Decoration decoration = null;
    if ((flags & 0x04) != 0) {
      Text server = inlineString(p, end, "DecServerName");
      Text namespace = inlineString(server.end(), end, "DecNamespaceName");
      decoration = new Decoration(server.value(), namespace.value());
      p = namespace.end();
    }
    try {
      if (kind == 1) {
        ClassPart parent = classPart(p, end, depth, "ParentClass");
        MethodsPart parentMethods = methodsPart(parent.end, end, depth, parent, "ParentClass");
        ClassPart current = classPart(parentMethods.end, end, depth, "CurrentClass");
        MethodsPart methods = methodsPart(current.end, end, depth, current, "CurrentClass");
        WmiClass parentClass = null;
        if (parent.name != null) {
          parentClass = new WmiClass(parent.name, parent.superclasses, parent.qualifiers, parent.properties(),
              parentMethods.methods, null, null);
        } else if (!parent.slots.isEmpty() || !parentMethods.methods.isEmpty()) {
          throw new WmioFormatException("ParentClass without a name has properties or methods", p);
        }
        if (current.name == null) throw new WmioFormatException("CurrentClass has no name", parentMethods.end);
        return new WmiClass(current.name, current.superclasses, current.qualifiers, current.properties(),
            methods.methods, parentClass, decoration);
      }
      ClassPart cls = classPart(p, end, depth, "CurrentClass");
      if (cls.name == null) throw new WmioFormatException("the instance's class has no name", p);
      return instancePart(cls.end, end, depth, cls, decoration);
    } catch (IllegalArgumentException e) {
      throw new WmioFormatException("inconsistent object: " + e.getMessage(), at);
    }
  }

  /** EncodingUnitInstanceNoClass (2.2.3), its class part laid out from {@code wmiClass}. */
  WmiInstance instanceNoClass(int at, int end, WmiClass wmiClass) throws WmioFormatException {
    int flags = u8(at, end, "ObjectFlags");
    if ((flags & 0x03) != 0x02) {
      throw new WmioFormatException("ObjectFlags 0x" + Integer.toHexString(flags) + " is not an instance's", at);
    }
    int p = at + 1;
    Decoration decoration = null;
    if ((flags & 0x04) != 0) {
      Text server = inlineString(p, end, "DecServerName");
      Text namespace = inlineString(server.end(), end, "DecNamespaceName");
      decoration = new Decoration(server.value(), namespace.value());
      p = namespace.end();
    }
    ClassLayout layout = ClassLayout.of(wmiClass.classPart());
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < layout.declared().size(); i++) {
      slots.add(new Slot(layout.declared().get(i), i, layout.valueOffset(i)));
    }
    List<Slot> lookup = new ArrayList<>();
    for (Property prop : layout.lookup()) lookup.add(slots.get(layout.declared().indexOf(prop)));
    ClassPart cls = new ClassPart(wmiClass.name(), wmiClass.superclasses(), wmiClass.qualifiers(), slots, lookup,
        layout.ndTableLength(), layout.ndTableLength() + layout.valueTableLength(), at);
    try {
      return instancePart(p, end, 0, cls, decoration);
    } catch (IllegalArgumentException e) {
      throw new WmioFormatException("inconsistent object: " + e.getMessage(), at);
    }
  }

  // ---- ClassPart (2.2.15) ----

  /** A property with where its value sits: its DeclarationOrder and ValueTableOffset. */
  record Slot(Property property, int order, int valueOffset) {}

  private record ClassPart(String name, List<String> superclasses, List<Qualifier> qualifiers, List<Slot> slots,
      List<Slot> lookup, int ndTableLength, int ndValueTableLength, int end) {
    List<Property> properties() {
      return slots.stream().map(Slot::property).toList();
    }
  }

  private ClassPart classPart(int at, int end, int depth, String what) throws WmioFormatException {
    // ClassHeader (2.2.16): its EncodingLength bounds the whole ClassPart; octets past the heap are slack
    int e = at + extent(at, end, at, end, 29, what + " ClassPart EncodingLength");
    int nameRef = u32(at + 5, e, what + " ClassNameRef");
    long ndvt = u32(at + 9, e, what + " NdTableValueTableLength") & 0xFFFF_FFFFL;

    // DerivationList (2.2.17)
    int p = at + 13;
    int dEnd = p + extent(p, e, p, e, 4, what + " DerivationList length");
    List<String> superclasses = new ArrayList<>();
    for (int q = p + 4; q < dEnd; ) {
      Text t = inlineString(q, dEnd, what + " DerivationList class name");
      u32(t.end(), dEnd, what + " DerivationList name length");
      superclasses.add(t.value());
      q = t.end() + 4;
    }
    p = dEnd;

    int qualifiersAt = p;
    int qualifiersEnd = qualifierSetEnd(p, e, what + " ClassQualifierSet");
    p = qualifiersEnd;

    // PropertyLookupTable (2.2.21)
    long count = u32(p, e, what + " PropertyCount") & 0xFFFF_FFFFL;
    if (count * 8 > e - (p + 4L)) {
      throw new WmioFormatException(what + " PropertyCount " + count + " cannot fit in the " + (e - p - 4)
          + " octets left", p);
    }
    int lookupAt = p + 4;
    p = lookupAt + (int) count * 8;
    int ndLength = (int) ((count + 3) / 4);
    if (ndvt < ndLength || p + ndvt > e) {
      throw new WmioFormatException(what + " NdTableValueTableLength " + ndvt + " does not fit " + count
          + " properties and the block", at + 9);
    }
    int ndAt = p;
    int valuesAt = p + ndLength;
    int valuesEnd = (int) (p + ndvt);
    Heap heap = heap(valuesEnd, e, what + " ClassHeap");

    String name = heap.string(nameRef, at + 5, what + " ClassNameRef");
    List<Qualifier> qualifiers = qualifierSet(qualifiersAt, qualifiersEnd, heap, depth, what + " class");
    String self = name == null ? "" : name;

    Slot[] byOrder = new Slot[(int) count];
    List<Slot> lookup = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      int entry = lookupAt + 8 * i;
      String pname = heap.string(u32(entry, e, what + " PropertyNameRef"), entry, what + " PropertyNameRef");
      if (pname == null) throw new WmioFormatException(what + " has a property without a name", entry);
      String pwhat = what + " property " + pname;
      int info = heap.item(u32(entry + 4, e, pwhat + " PropertyInfoRef"), entry + 4, pwhat + " PropertyInfoRef");
      int code = u32(info, heap.end, pwhat + " PropertyType");
      CimType type = CimType.ofCode(code & ~INHERITED);
      if (type == null || (code & ~INHERITED & 0xFFFF) != (code & ~INHERITED)) {
        throw new WmioFormatException(pwhat + " has unknown CIM type 0x" + Integer.toHexString(code), info);
      }
      int order = u16(info + 4, heap.end, pwhat + " DeclarationOrder");
      long valueOffset = u32(info + 6, heap.end, pwhat + " ValueTableOffset") & 0xFFFF_FFFFL;
      long originIndex = u32(info + 10, heap.end, pwhat + " ClassOfOrigin") & 0xFFFF_FFFFL;
      int qEnd = qualifierSetEnd(info + 14, heap.end, pwhat + " PropertyQualifierSet");
      if (order >= count || byOrder[order] != null) {
        throw new WmioFormatException(pwhat + " DeclarationOrder " + order + " is out of range or taken", info + 4);
      }
      if (valueOffset + type.inlineSize() > valuesEnd - valuesAt) {
        throw new WmioFormatException(pwhat + " ValueTableOffset " + valueOffset + " is outside the ValueTable of "
            + (valuesEnd - valuesAt) + " octets", info + 6);
      }
      // ClassOfOrigin counts from the root class: 0 is the last DerivationList entry, and the
      // class itself is DerivationList size (the examples of section 3.2 are laid out so).
      int n = superclasses.size();
      if (originIndex > n) {
        throw new WmioFormatException(pwhat + " ClassOfOrigin " + originIndex + " is beyond its " + n
            + " superclasses", info + 10);
      }
      String origin = originIndex == n ? self : superclasses.get(n - 1 - (int) originIndex);
      List<Qualifier> pq = qualifierSet(info + 14, qEnd, heap, depth, pwhat);
      int nd = ndBits(ndAt, order);
      CimValue dflt = (nd & 1) != 0 ? CimValue.nullOf(type)
          : value(type, valuesAt + (int) valueOffset, valuesEnd, heap, depth, pwhat + " default");
      Slot slot = new Slot(new Property(pname, type, origin, pq, dflt, (nd & 2) != 0), order, (int) valueOffset);
      byOrder[order] = slot;
      lookup.add(slot);
    }
    return new ClassPart(name, superclasses, qualifiers, Arrays.asList(byOrder), lookup, ndLength, (int) ndvt, e);
  }

  private int ndBits(int ndAt, int order) {
    return (b[ndAt + order / 4] >> (2 * (order % 4))) & 3;
  }

  // ---- MethodsPart (2.2.38) ----

  private record MethodsPart(List<Method> methods, int end) {}

  private MethodsPart methodsPart(int at, int end, int depth, ClassPart cls, String what) throws WmioFormatException {
    int e = at + extent(at, end, at, end, 12, what + " MethodsPart EncodingLength");
    int count = u16(at + 4, e, what + " MethodCount");
    int descAt = at + 8;
    if ((long) count * 24 + 4 > e - descAt) {
      throw new WmioFormatException(what + " MethodCount " + count + " cannot fit in the " + (e - descAt)
          + " octets left", at + 4);
    }
    Heap heap = heap(descAt + count * 24, e, what + " MethodHeap");
    List<Method> methods = new ArrayList<>(count);
    String self = cls.name == null ? "" : cls.name;
    for (int i = 0; i < count; i++) {
      int d = descAt + 24 * i;
      String name = heap.string(u32(d, e, what + " MethodName"), d, what + " MethodName");
      if (name == null) throw new WmioFormatException(what + " has a method without a name", d);
      String mwhat = what + " method " + name;
      long originIndex = u32(d + 8, e, mwhat + " MethodOrigin") & 0xFFFF_FFFFL;
      int n = cls.superclasses.size();
      if (originIndex > n) {
        throw new WmioFormatException(mwhat + " MethodOrigin " + originIndex + " is beyond its " + n
            + " superclasses", d + 8);
      }
      String origin = originIndex == n ? self : cls.superclasses.get(n - 1 - (int) originIndex);
      int qRef = u32(d + 12, e, mwhat + " MethodQualifiers");
      List<Qualifier> qualifiers = List.of();
      if (qRef != HEAP_NULL) {
        int q = heap.item(qRef, d + 12, mwhat + " MethodQualifiers");
        qualifiers = qualifierSet(q, qualifierSetEnd(q, heap.end, mwhat + " MethodQualifiers"), heap, depth, mwhat);
      }
      WmiClass in = signature(heap, u32(d + 16, e, mwhat + " InputSignature"), d + 16, depth, mwhat + " InputSignature");
      WmiClass out = signature(heap, u32(d + 20, e, mwhat + " OutputSignature"), d + 20, depth,
          mwhat + " OutputSignature");
      methods.add(new Method(name, origin, qualifiers, in, out));
    }
    return new MethodsPart(methods, e);
  }

  /** A MethodSignatureBlock (2.2.70): the length of the ObjectBlock that follows it, then that block. */
  private WmiClass signature(Heap heap, int ref, int refAt, int depth, String what) throws WmioFormatException {
    if (ref == HEAP_NULL) return null;
    int p = heap.item(ref, refAt, what);
    int len = extent(p, heap.end, p + 4L, heap.end, 0, what + " length");
    if (len == 0) return null;
    long key = (long) p << 32 | heap.end;
    WmiObject o = objects.get(key);
    if (o == null) {
      o = objectBlock(p + 4, p + 4 + len, depth + 1);
      objects.put(key, o);
    }
    if (o instanceof WmiClass c) return c;
    throw new WmioFormatException(what + " is an instance, not a __PARAMETERS class", p + 4);
  }

  // ---- InstanceType after its CurrentClass (2.2.53) ----

  private WmiInstance instancePart(int at, int end, int depth, ClassPart cls, Decoration decoration)
      throws WmioFormatException {
    int e = at + extent(at, end, at, end, 18, "InstanceType EncodingLength");
    int ndAt = at + 9;
    int valuesAt = ndAt + cls.ndTableLength;
    long valuesEnd = (long) ndAt + cls.ndValueTableLength;
    if (valuesEnd > e) {
      throw new WmioFormatException("instance NdTable and values of " + cls.ndValueTableLength
          + " octets run past the end of the instance at " + e, ndAt);
    }
    int p = (int) valuesEnd;
    int qualifiersAt = p;
    int qualifiersEnd = qualifierSetEnd(p, e, "InstanceQualifierSet");
    p = qualifiersEnd;
    int flag = u8(p, e, "InstPropQualSetFlag");
    p++;
    List<int[]> propertySets = new ArrayList<>();
    if (flag == 2) {
      for (int i = 0; i < cls.lookup.size(); i++) {
        int qEnd = qualifierSetEnd(p, e, "instance property QualifierSet");
        propertySets.add(new int[] {p, qEnd});
        p = qEnd;
      }
    } else if (flag != 1) {
      throw new WmioFormatException("InstPropQualSetFlag " + flag + " is neither 1 nor 2", p - 1);
    }
    Heap heap = heap(p, e, "InstanceHeap");

    LinkedHashMap<String, CimValue> values = new LinkedHashMap<>();
    for (Slot s : cls.slots) {
      Property prop = s.property();
      int nd = ndBits(ndAt, s.order());
      // bit 0: the value is NULL; bit 1: the instance takes its class default
      boolean isNull = (nd & 1) != 0;
      boolean isDefault = (nd & 2) != 0;
      if (isDefault && (!isNull || prop.defaultValue().isNull())) continue;
      values.put(prop.name(), isNull ? CimValue.nullOf(prop.type())
          : value(prop.type(), valuesAt + s.valueOffset(), (int) valuesEnd, heap, depth, "instance " + prop.name()));
    }
    List<Qualifier> qualifiers = qualifierSet(qualifiersAt, qualifiersEnd, heap, depth, "instance");
    Map<String, List<Qualifier>> propertyQualifiers = new LinkedHashMap<>();
    for (int i = 0; i < propertySets.size(); i++) {
      String pname = cls.lookup.get(i).property().name();
      int[] w = propertySets.get(i);
      List<Qualifier> qs = qualifierSet(w[0], w[1], heap, depth, "instance property " + pname);
      if (!qs.isEmpty()) propertyQualifiers.put(pname, qs);
    }
    WmiClass wmiClass = new WmiClass(cls.name, cls.superclasses, cls.qualifiers, cls.properties(), List.of(), null,
        null);
    return new WmiInstance(wmiClass, values, qualifiers, propertyQualifiers, decoration);
  }
}

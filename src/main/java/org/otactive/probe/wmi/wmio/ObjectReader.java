package org.otactive.probe.wmi.wmio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One decoding of MS-WMIO bytes. Reads are absolute and bounded by the window of the structure
 * being read; offsets in errors are from the start of the input. Errors name the field; the
 * property, method or part they are in is added on the way out ({@link WmioFormatException#within}),
 * so the common path builds no messages.
 *
 * <p>Heap references may point anywhere in their heap, and many at one item: a small input could
 * name one long string (or overlapping ones) thousands of times over. So items are decoded once per
 * (offset, heap) and shared, which bounds the work, and every reference is charged the full size of
 * what it names against a budget proportional to the input, which bounds what a caller walking the
 * values can meet: a decoded object is never more than a small multiple of its encoding.
 */
final class ObjectReader {
  private static final int HEAP_NULL = 0xFFFF_FFFF;
  private static final int INHERITED = 0x4000;

  private final byte[] b;
  private final ByteBuffer le;
  private final Map<Long, String> strings = new HashMap<>();
  private final Map<Long, Decoded> objects = new HashMap<>();
  private long budget;

  ObjectReader(byte[] b) {
    this.b = b;
    this.le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    this.budget = 64L * b.length + 65_536;
  }

  // ---- primitives ----

  private void need(long at, long n, long end, String what) throws WmioFormatException {
    if (at < 0 || n < 0 || at + n > end || at + n > b.length) {
      throw new WmioFormatException(what + " needs " + n + " octets but its block ends at "
          + Math.min(end, b.length), (int) Math.max(0, Math.min(at, b.length)));
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

  /** A length field: unsigned, at least {@code min}, and {@code base + value} must not pass {@code limit}. */
  private int extent(int at, int end, long base, long limit, long min, String what) throws WmioFormatException {
    long v = u32(at, end, what) & 0xFFFF_FFFFL;
    if (v < min) throw new WmioFormatException(what + " " + v + " is below the minimum " + min, at);
    if (base + v > limit) {
      throw new WmioFormatException(what + " " + v + " runs past the end of its block at " + limit, at);
    }
    return (int) v;
  }

  private record Text(String value, int end) {}

  /** A decoded heap object and the budget its decoding took, charged again at each reference. */
  private record Decoded(WmiObject object, long cost) {}

  private Decoded decodeOnce(long key, int at, int end, int depth) throws WmioFormatException {
    Decoded d = objects.get(key);
    if (d != null) {
      charge(d.cost(), at);
      return d;
    }
    long before = budget;
    d = new Decoded(objectBlock(at, end, depth), before - budget);
    objects.put(key, d);
    return d;
  }

  /** An inline Encoded-String (2.2.78): a flag octet, then 8-bit or UTF-16LE characters to a NUL. */
  private Text inlineString(int at, int end, String what) throws WmioFormatException {
    int flag = u8(at, end, what);
    int limit = Math.min(end, b.length);
    int p = at + 1;
    if (flag == 0) {
      while (p < limit && b[p] != 0) p++;
      if (p >= limit) throw new WmioFormatException(what + " has no terminating NUL before " + limit, at);
      charge(p - at, at);
      return new Text(new String(b, at + 1, p - at - 1, StandardCharsets.ISO_8859_1), p + 1);
    }
    if (flag == 1) {
      // char by char, not through a charset: unpaired surrogates stay as they are
      while (p + 1 < limit && (b[p] | b[p + 1]) != 0) p += 2;
      if (p + 1 >= limit) throw new WmioFormatException(what + " has no terminating NUL before " + limit, at);
      charge(p - at, at);
      char[] c = new char[(p - at - 1) / 2];
      for (int i = 0; i < c.length; i++) c[i] = le.getChar(at + 1 + 2 * i);
      return new Text(new String(c), p + 2);
    }
    throw new WmioFormatException(what + " has string flag " + flag + ", not 0 (8-bit) or 1 (UTF-16)", at);
  }

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
        throw new WmioFormatException(what + " refers to heap offset " + off + ", outside a heap of " + (end - at)
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
        s = inlineString(p, end, what).value(); // charged as it is scanned
        strings.put(key, s);
      } else {
        charge(s.length() + 2L, p);
      }
      return s;
    }

    /** An embedded object: ObjectEncodingLength then an ObjectBlock (2.2.71), or NULL. */
    WmiObject object(int ref, int refAt, int depth, String what) throws WmioFormatException {
      if (ref == HEAP_NULL) return null;
      int p = item(ref, refAt, what);
      int len = extent(p, end, p + 4L, end, 1, what + " ObjectEncodingLength");
      return decodeOnce((long) p << 32 | end, p + 4, p + 4 + len, depth + 1).object();
    }
  }

  private Heap heap(int at, int end, String what) throws WmioFormatException {
    int len = u32(at, end, what + " HeapLength") & 0x7FFF_FFFF; // 31 bits; the top one is always set
    if ((long) at + 4 + len > end) {
      throw new WmioFormatException(what + " of " + len + " octets runs past the end of its block at " + end, at);
    }
    return new Heap(at + 4, at + 4 + len);
  }

  // ---- values (2.2.71) ----

  /** An EncodedValue of {@code type} at {@code at}: inline, or a reference into {@code heap}. */
  private CimValue value(CimType type, int at, int end, Heap heap, int depth) throws WmioFormatException {
    charge(1, at);
    if (!type.isArray()) return new CimValue(type, scalar(type.base(), at, end, heap, depth, true));
    int ref = u32(at, end, "array reference");
    if (ref == HEAP_NULL) return CimValue.nullOf(type);
    int p = heap.item(ref, at, "array reference");
    int size = type.base().inlineSize();
    long count = u32(p, heap.end, "ArrayCount") & 0xFFFF_FFFFL;
    if (count * size > heap.end - (p + 4L)) {
      throw new WmioFormatException("ArrayCount " + count + " of " + type.base().mofName() + " cannot fit in the "
          + (heap.end - p - 4) + " heap octets left", p);
    }
    charge(count, p);
    List<Object> elements = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) elements.add(scalar(type.base(), p + 4 + i * size, heap.end, heap, depth, false));
    return new CimValue(type, elements);
  }

  private Object scalar(CimBaseType t, int at, int end, Heap heap, int depth, boolean nullable)
      throws WmioFormatException {
    Object v = switch (t) {
      case SINT8 -> (long) (byte) u8(at, end, "sint8");
      case UINT8 -> (long) u8(at, end, "uint8");
      case SINT16 -> (long) (short) u16(at, end, "sint16");
      case UINT16 -> (long) u16(at, end, "uint16");
      case SINT32 -> (long) u32(at, end, "sint32");
      case UINT32 -> u32(at, end, "uint32") & 0xFFFF_FFFFL;
      case SINT64, UINT64 -> {
        need(at, 8, end, t.mofName());
        yield le.getLong(at);
      }
      case REAL32 -> Float.intBitsToFloat(u32(at, end, "real32"));
      case REAL64 -> {
        need(at, 8, end, "real64");
        yield Double.longBitsToDouble(le.getLong(at));
      }
      case BOOLEAN -> u16(at, end, "boolean") != 0;
      case CHAR16 -> (char) u16(at, end, "char16");
      case STRING, DATETIME, REFERENCE -> heap.string(u32(at, end, t.mofName()), at, t.mofName());
      case OBJECT -> heap.object(u32(at, end, "object"), at, depth, "object");
    };
    if (v == null && !nullable) throw new WmioFormatException("an array element is NULL", at);
    return v;
  }

  // ---- qualifier sets (2.2.59) ----

  /** A QualifierSet whose EncodingLength (which counts itself) is at {@code at}. */
  private int qualifierSetEnd(int at, int end) throws WmioFormatException {
    return at + extent(at, end, at, end, 4, "QualifierSet EncodingLength");
  }

  private List<Qualifier> qualifierSet(int at, int end, Heap heap, int depth) throws WmioFormatException {
    List<Qualifier> out = new ArrayList<>();
    int p = at + 4;
    while (p < end) {
      int nameRef = u32(p, end, "QualifierName");
      String name = heap.string(nameRef, p, "QualifierName");
      if (name == null) throw new WmioFormatException("a qualifier has no name", p);
      try {
        int flavor = u8(p + 4, end, "QualifierFlavor");
        int code = u32(p + 5, end, "QualifierType");
        CimType type = CimType.ofCode(code);
        if (type == null || (code & 0xFFFF) != code) {
          throw new WmioFormatException("QualifierType 0x" + Integer.toHexString(code) + " is no CIM type", p + 5);
        }
        out.add(new Qualifier(name, value(type, p + 9, end, heap, depth), flavor));
        p += 9 + type.inlineSize();
      } catch (WmioFormatException e) {
        throw e.within("qualifier " + name);
      }
    }
    return out;
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
          + " say neither class (0x01) nor instance (0x02)", at);
    }
    Decorated dec = decoration(flags, at + 1, end);
    Decoration d = dec.decoration();
    int classAt = dec.end();
    try {
      if (kind == 1) return classType(classAt, end, depth, d);
      ClassPart cls = within("CurrentClass", () -> classPart(classAt, end, depth));
      if (cls.name == null) throw new WmioFormatException("the instance's class has no name", classAt);
      return within("InstanceType", () -> instancePart(cls.end, end, depth, cls, d));
    } catch (IllegalArgumentException e) {
      throw new WmioFormatException("inconsistent object: " + e.getMessage(), at);
    }
  }

  private WmiClass classType(int at, int end, int depth, Decoration decoration) throws WmioFormatException {
    ClassPart parent = within("ParentClass", () -> classPart(at, end, depth));
    MethodsPart parentMethods = within("ParentClass", () -> methodsPart(parent.end, end, depth, parent));
    ClassPart current = within("CurrentClass", () -> classPart(parentMethods.end, end, depth));
    MethodsPart methods = within("CurrentClass", () -> methodsPart(current.end, end, depth, current));
    WmiClass parentClass = null;
    if (parent.name != null) {
      parentClass = new WmiClass(parent.name, parent.superclasses, parent.qualifiers, parent.properties(),
          parentMethods.methods, null, null);
    } else if (!parent.slots.isEmpty() || !parentMethods.methods.isEmpty()) {
      throw new WmioFormatException("a ParentClass without a name has properties or methods", at);
    }
    if (current.name == null) throw new WmioFormatException("the CurrentClass has no name", parentMethods.end);
    return new WmiClass(current.name, current.superclasses, current.qualifiers, current.properties(),
        methods.methods, parentClass, decoration);
  }

  private interface Part<T> {
    T read() throws WmioFormatException;
  }

  private record Decorated(Decoration decoration, int end) {}

  /** The Decoration (2.2.7) at {@code at} if ObjectFlags say there is one, and where it ends. */
  private Decorated decoration(int flags, int at, int end) throws WmioFormatException {
    if ((flags & 0x04) == 0) return new Decorated(null, at);
    Text server = inlineString(at, end, "DecServerName");
    Text namespace = inlineString(server.end(), end, "DecNamespaceName");
    return new Decorated(new Decoration(server.value(), namespace.value()), namespace.end());
  }

  private static <T> T within(String context, Part<T> part) throws WmioFormatException {
    try {
      return part.read();
    } catch (WmioFormatException e) {
      throw e.within(context);
    }
  }

  /** EncodingUnitInstanceNoClass (2.2.3), its class part laid out from {@code wmiClass}. */
  WmiInstance instanceNoClass(int at, int end, WmiClass wmiClass) throws WmioFormatException {
    int flags = u8(at, end, "ObjectFlags");
    if ((flags & 0x03) != 0x02) {
      throw new WmioFormatException("ObjectFlags 0x" + Integer.toHexString(flags) + " are not an instance's", at);
    }
    Decorated dec = decoration(flags, at + 1, end);
    ClassLayout layout = ClassLayout.of(wmiClass.classPart());
    List<Slot> slots = new ArrayList<>();
    for (int i = 0; i < layout.declared().size(); i++) {
      slots.add(new Slot(layout.declared().get(i), i, layout.valueOffset(i)));
    }
    List<Slot> lookup = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) lookup.add(slots.get(layout.declarationOrderOfLookup(i)));
    ClassPart cls = new ClassPart(wmiClass.name(), wmiClass.superclasses(), wmiClass.qualifiers(), slots, lookup,
        layout.ndTableLength(), layout.ndTableLength() + layout.valueTableLength(), at);
    try {
      return instancePart(dec.end(), end, 0, cls, dec.decoration());
    } catch (IllegalArgumentException e) {
      throw new WmioFormatException("inconsistent object: " + e.getMessage(), at);
    }
  }

  // ---- ClassPart (2.2.15) ----

  /** A property with where its value sits: its DeclarationOrder and ValueTableOffset. */
  private record Slot(Property property, int order, int valueOffset) {}

  private record ClassPart(String name, List<String> superclasses, List<Qualifier> qualifiers, List<Slot> slots,
      List<Slot> lookup, int ndTableLength, int ndValueTableLength, int end) {
    List<Property> properties() {
      return slots.stream().map(Slot::property).toList();
    }
  }

  private ClassPart classPart(int at, int end, int depth) throws WmioFormatException {
    // ClassHeader (2.2.16): its EncodingLength bounds the whole ClassPart; octets past the heap are slack
    int e = at + extent(at, end, at, end, 29, "ClassPart EncodingLength");
    int nameRef = u32(at + 5, e, "ClassNameRef");
    long ndvt = u32(at + 9, e, "NdTableValueTableLength") & 0xFFFF_FFFFL;

    // DerivationList (2.2.17)
    int p = at + 13;
    int dEnd = p + extent(p, e, p, e, 4, "DerivationList EncodingLength");
    List<String> superclasses = new ArrayList<>();
    for (int q = p + 4; q < dEnd; ) {
      Text t = inlineString(q, dEnd, "DerivationList class name");
      u32(t.end(), dEnd, "DerivationList class name length");
      superclasses.add(t.value());
      q = t.end() + 4;
    }
    p = dEnd;

    int qualifiersAt = p;
    int qualifiersEnd = within("ClassQualifierSet", () -> qualifierSetEnd(qualifiersAt, e));
    p = qualifiersEnd;

    // PropertyLookupTable (2.2.21)
    long count = u32(p, e, "PropertyCount") & 0xFFFF_FFFFL;
    if (count * 8 > e - (p + 4L)) {
      throw new WmioFormatException("PropertyCount " + count + " cannot fit in the " + (e - p - 4)
          + " octets left", p);
    }
    int lookupAt = p + 4;
    p = lookupAt + (int) count * 8;
    int ndLength = (int) ((count + 3) / 4);
    if (ndvt < ndLength || p + ndvt > e) {
      throw new WmioFormatException("NdTableValueTableLength " + ndvt + " does not fit " + count
          + " properties and the block", at + 9);
    }
    int ndAt = p;
    int valuesAt = p + ndLength;
    int valuesEnd = (int) (p + ndvt);
    Heap heap = heap(valuesEnd, e, "ClassHeap");

    String name = heap.string(nameRef, at + 5, "ClassNameRef");
    List<Qualifier> qualifiers = within("ClassQualifierSet", () -> qualifierSet(qualifiersAt, qualifiersEnd, heap,
        depth));
    String self = name == null ? "" : name;

    Slot[] byOrder = new Slot[(int) count];
    List<Slot> lookup = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      int entry = lookupAt + 8 * i;
      String pname = heap.string(u32(entry, e, "PropertyNameRef"), entry, "PropertyNameRef");
      if (pname == null) throw new WmioFormatException("a property has no name", entry);
      try {
        int info = heap.item(u32(entry + 4, e, "PropertyInfoRef"), entry + 4, "PropertyInfoRef");
        int code = u32(info, heap.end, "PropertyType");
        CimType type = CimType.ofCode(code & ~INHERITED);
        if (type == null || (code & ~INHERITED & 0xFFFF) != (code & ~INHERITED)) {
          throw new WmioFormatException("PropertyType 0x" + Integer.toHexString(code) + " is no CIM type", info);
        }
        int order = u16(info + 4, heap.end, "DeclarationOrder");
        long valueOffset = u32(info + 6, heap.end, "ValueTableOffset") & 0xFFFF_FFFFL;
        long originIndex = u32(info + 10, heap.end, "ClassOfOrigin") & 0xFFFF_FFFFL;
        int qEnd = qualifierSetEnd(info + 14, heap.end);
        if (order >= count || byOrder[order] != null) {
          throw new WmioFormatException("DeclarationOrder " + order + " is out of range or taken", info + 4);
        }
        if (valueOffset + type.inlineSize() > valuesEnd - valuesAt) {
          throw new WmioFormatException("ValueTableOffset " + valueOffset + " is outside the ValueTable of "
              + (valuesEnd - valuesAt) + " octets", info + 6);
        }
        // ClassOfOrigin counts from the root class: 0 is the last DerivationList entry and the
        // class itself is the list's size (so section 3.2's MyClass2 reads: Id 0 Base, Array 1 MyClass).
        int n = superclasses.size();
        if (originIndex > n) {
          throw new WmioFormatException("ClassOfOrigin " + originIndex + " is beyond its " + n + " superclasses",
              info + 10);
        }
        String origin = originIndex == n ? self : superclasses.get(n - 1 - (int) originIndex);
        List<Qualifier> pq = qualifierSet(info + 14, qEnd, heap, depth);
        int nd = ndBits(ndAt, order);
        CimValue dflt = (nd & 1) != 0 ? CimValue.nullOf(type)
            : value(type, valuesAt + (int) valueOffset, valuesEnd, heap, depth);
        Slot slot = new Slot(new Property(pname, type, origin, pq, dflt, (nd & 2) != 0), order, (int) valueOffset);
        byOrder[order] = slot;
        lookup.add(slot);
      } catch (WmioFormatException x) {
        throw x.within("property " + pname);
      }
    }
    return new ClassPart(name, superclasses, qualifiers, Arrays.asList(byOrder), lookup, ndLength, (int) ndvt, e);
  }

  private int ndBits(int ndAt, int order) {
    return (b[ndAt + order / 4] >> (2 * (order % 4))) & 3;
  }

  // ---- MethodsPart (2.2.38) ----

  private record MethodsPart(List<Method> methods, int end) {}

  private MethodsPart methodsPart(int at, int end, int depth, ClassPart cls) throws WmioFormatException {
    int e = at + extent(at, end, at, end, 12, "MethodsPart EncodingLength");
    int count = u16(at + 4, e, "MethodCount");
    int descAt = at + 8;
    if ((long) count * 24 + 4 > e - descAt) {
      throw new WmioFormatException("MethodCount " + count + " cannot fit in the " + (e - descAt) + " octets left",
          at + 4);
    }
    Heap heap = heap(descAt + count * 24, e, "MethodHeap");
    List<Method> methods = new ArrayList<>(count);
    String self = cls.name == null ? "" : cls.name;
    for (int i = 0; i < count; i++) {
      int d = descAt + 24 * i;
      String name = heap.string(u32(d, e, "MethodName"), d, "MethodName");
      if (name == null) throw new WmioFormatException("a method has no name", d);
      try {
        long originIndex = u32(d + 8, e, "MethodOrigin") & 0xFFFF_FFFFL;
        int n = cls.superclasses.size();
        if (originIndex > n) {
          throw new WmioFormatException("MethodOrigin " + originIndex + " is beyond its " + n + " superclasses", d + 8);
        }
        String origin = originIndex == n ? self : cls.superclasses.get(n - 1 - (int) originIndex);
        int qRef = u32(d + 12, e, "MethodQualifiers");
        List<Qualifier> qualifiers = List.of();
        if (qRef != HEAP_NULL) {
          int q = heap.item(qRef, d + 12, "MethodQualifiers");
          qualifiers = qualifierSet(q, qualifierSetEnd(q, heap.end), heap, depth);
        }
        int inRef = u32(d + 16, e, "InputSignature");
        int outRef = u32(d + 20, e, "OutputSignature");
        WmiClass in = within("InputSignature", () -> signature(heap, inRef, d + 16, depth));
        WmiClass out = within("OutputSignature", () -> signature(heap, outRef, d + 20, depth));
        methods.add(new Method(name, origin, qualifiers, in, out));
      } catch (WmioFormatException x) {
        throw x.within("method " + name);
      }
    }
    return new MethodsPart(methods, e);
  }

  /** A MethodSignatureBlock (2.2.70): the length of the ObjectBlock that follows, then that block. */
  private WmiClass signature(Heap heap, int ref, int refAt, int depth) throws WmioFormatException {
    if (ref == HEAP_NULL) return null;
    int p = heap.item(ref, refAt, "MethodSignatureBlock reference");
    int len = extent(p, heap.end, p + 4L, heap.end, 0, "MethodSignatureBlock length");
    if (len == 0) return null;
    WmiObject o = decodeOnce((long) p << 32 | heap.end, p + 4, p + 4 + len, depth + 1).object();
    if (o instanceof WmiClass c) return c;
    throw new WmioFormatException("a method signature is an instance, not a __PARAMETERS class", p + 4);
  }

  // ---- InstanceType after its CurrentClass (2.2.53) ----

  private WmiInstance instancePart(int at, int end, int depth, ClassPart cls, Decoration decoration)
      throws WmioFormatException {
    int e = at + extent(at, end, at, end, 18, "EncodingLength");
    int ndAt = at + 9;
    int valuesAt = ndAt + cls.ndTableLength;
    long valuesEnd = (long) ndAt + cls.ndValueTableLength;
    if (valuesEnd > e) {
      throw new WmioFormatException("NdTable and InstanceData of " + cls.ndValueTableLength
          + " octets run past the end of the instance at " + e, ndAt);
    }
    int p = (int) valuesEnd;
    int qualifiersAt = p;
    int qualifiersEnd = within("InstanceQualifierSet", () -> qualifierSetEnd(qualifiersAt, e));
    p = qualifiersEnd;
    int flag = u8(p, e, "InstPropQualSetFlag");
    p++;
    int[] sets = new int[0];
    if (flag == 2) {
      sets = new int[cls.lookup.size() + 1];
      for (int i = 0; i < cls.lookup.size(); i++) {
        sets[i] = p;
        p = qualifierSetEnd(p, e);
      }
      sets[cls.lookup.size()] = p;
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
      try {
        values.put(prop.name(), isNull ? CimValue.nullOf(prop.type())
            : value(prop.type(), valuesAt + s.valueOffset(), (int) valuesEnd, heap, depth));
      } catch (WmioFormatException x) {
        throw x.within("property " + prop.name());
      }
    }
    List<Qualifier> qualifiers = within("InstanceQualifierSet", () -> qualifierSet(qualifiersAt, qualifiersEnd, heap,
        depth));
    Map<String, List<Qualifier>> propertyQualifiers = new LinkedHashMap<>();
    for (int i = 0; i + 1 < sets.length; i++) {
      String pname = cls.lookup.get(i).property().name();
      int from = sets[i];
      int to = sets[i + 1];
      List<Qualifier> qs = within("qualifiers of property " + pname, () -> qualifierSet(from, to, heap, depth));
      if (!qs.isEmpty()) propertyQualifiers.put(pname, qs);
    }
    WmiClass wmiClass = new WmiClass(cls.name, cls.superclasses, cls.qualifiers, cls.properties(), List.of(), null,
        null);
    return new WmiInstance(wmiClass, values, qualifiers, propertyQualifiers, decoration);
  }
}

package org.otactive.probe.wmi.wmio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Lays objects out as MS-WMIO, the way the examples of section 3 are laid out: each heap starts with
 * the class name (so no value is ever at offset 0, which some readers take for "no value"), then
 * class qualifiers, then per property in lookup order its name, PropertyInfo and qualifier strings,
 * then the defaults; an array's elements follow its table of references, in order. Heaps are
 * compact: no unused octets.
 */
final class ObjectWriter {
  static final int SIGNATURE = 0x1234_5678;
  private static final int HEAP_NULL = 0xFFFF_FFFF;
  private static final int HEAP_LENGTH_FLAG = 0x8000_0000;

  private ObjectWriter() {}

  static byte[] encodingUnit(WmiObject o) {
    byte[] block = objectBlock(o);
    return new ByteSink().u32(SIGNATURE).u32(block.length).bytes(block).toByteArray();
  }

  static byte[] objectBlock(WmiObject o) {
    ByteSink s = new ByteSink();
    s.u8((o instanceof WmiClass ? 0x01 : 0x02) | (o.decoration() != null ? 0x04 : 0));
    decoration(s, o.decoration());
    switch (o) {
      case WmiClass c -> {
        if (c.parent() != null) {
          classPart(s, c.parent());
          methodsPart(s, c.parent());
        } else if (!c.superclasses().isEmpty()) {
          throw new IllegalArgumentException("class " + c.name() + " derives from " + c.superclass()
              + " but has no parent to encode as its ParentClass");
        } else {
          rootParent(s);
        }
        classPart(s, c);
        methodsPart(s, c);
      }
      case WmiInstance i -> {
        classPart(s, i.wmiClass());
        instancePart(s, i);
      }
    }
    return s.toByteArray();
  }

  static byte[] instanceNoClass(WmiInstance i) {
    ByteSink s = new ByteSink();
    s.u8(0x02 | (i.decoration() != null ? 0x04 : 0));
    decoration(s, i.decoration());
    instancePart(s, i);
    return s.toByteArray();
  }

  private static void decoration(ByteSink s, Decoration d) {
    if (d == null) return;
    string(s, d.server());
    string(s, d.namespace());
  }

  /** An Encoded-String (2.2.78): 8-bit when every character is at most U+00FF, else UTF-16LE. */
  static void string(ByteSink s, String v) {
    boolean narrow = true;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == 0) throw new IllegalArgumentException("an Encoded-String cannot hold NUL: " + v.replace('\0', '?'));
      narrow &= c <= 0xFF;
    }
    s.u8(narrow ? 0 : 1);
    for (int i = 0; i < v.length(); i++) {
      if (narrow) s.u8(v.charAt(i));
      else s.u16(v.charAt(i));
    }
    if (narrow) s.u8(0);
    else s.u16(0);
  }

  // ---- ClassPart (2.2.15) ----

  /** The ParentClass of a class without a superclass (2.2.11): no name, nothing in it. */
  private static void rootParent(ByteSink s) {
    s.u32(29).u8(0).u32(HEAP_NULL).u32(0); // ClassHeader
    s.u32(4); // DerivationList
    s.u32(4); // ClassQualifierSet
    s.u32(0); // PropertyCount
    s.u32(HEAP_LENGTH_FLAG); // ClassHeap
    s.u32(12).u16(0).u16(0).u32(HEAP_LENGTH_FLAG); // MethodsPart
  }

  private static void classPart(ByteSink out, WmiClass c) {
    ClassLayout layout = ClassLayout.of(c);
    ByteSink heap = new ByteSink();
    string(heap, c.name());

    ByteSink part = new ByteSink();
    part.u32(0).u8(0).u32(0).u32(layout.ndTableLength() + layout.valueTableLength());
    int derivationAt = part.reserve(4, 0);
    for (String superclass : c.superclasses()) {
      string(part, superclass);
      part.u32(superclass.length() + 2); // in characters, with the flag and the NUL (2.2.18)
    }
    part.patch32(derivationAt, part.size() - derivationAt);
    qualifierSet(part, c.qualifiers(), heap);

    int count = layout.declared().size();
    part.u32(count);
    int lookupAt = part.reserve(8 * count, 0);
    byte[] nd = new byte[layout.ndTableLength()];
    for (int i = 0; i < count; i++) {
      Property p = layout.declared().get(i);
      int bits = (p.defaultValue().isNull() ? 1 : 0) | (p.defaultInherited() ? 2 : 0);
      nd[i / 4] |= (byte) (bits << (2 * (i % 4)));
    }
    part.bytes(nd);
    int valuesAt = part.reserve(layout.valueTableLength(), 0xFF); // NoValue (2.2.74) unless a default follows

    for (int i = 0; i < count; i++) {
      int order = layout.declarationOrderOfLookup(i);
      Property p = layout.declared().get(order);
      part.patch32(lookupAt + 8 * i, heap.size());
      string(heap, p.name());
      part.patch32(lookupAt + 8 * i + 4, propertyInfo(heap, c, p, order, layout));
    }
    for (int i = 0; i < count; i++) {
      Property p = layout.declared().get(i);
      if (!p.defaultValue().isNull()) put(part, valuesAt + layout.valueOffset(i), p.defaultValue(), heap);
    }
    part.u32(heap.size() | HEAP_LENGTH_FLAG).bytes(heap.toByteArray());
    part.patch32(0, part.size());
    out.bytes(part.toByteArray());
  }

  /** A PropertyInfo (2.2.30) appended to the heap; returns its offset. */
  private static int propertyInfo(ByteSink heap, WmiClass c, Property p, int order, ClassLayout layout) {
    int at = heap.size();
    boolean inherited = !p.origin().equals(c.name());
    heap.u32(p.type().code() | (inherited ? 0x4000 : 0));
    heap.u16(order);
    heap.u32(layout.valueOffset(order));
    heap.u32(originIndex(c, p.origin()));
    qualifierSet(heap, p.qualifiers(), heap);
    return at;
  }

  /** ClassOfOrigin / MethodOrigin: counted from the root class; the class itself is the list's size. */
  private static int originIndex(WmiClass c, String origin) {
    int n = c.superclasses().size();
    return origin.equals(c.name()) ? n : n - 1 - c.superclasses().indexOf(origin);
  }

  // ---- MethodsPart (2.2.38) ----

  private static void methodsPart(ByteSink out, WmiClass c) {
    if (c.methods().size() > 0xFFFF) throw new IllegalArgumentException(c.name() + " has too many methods");
    ByteSink heap = new ByteSink();
    ByteSink descriptions = new ByteSink();
    for (Method m : c.methods()) {
      int name = heap.size();
      string(heap, m.name());
      int in = signature(heap, m.in());
      int outSignature = signature(heap, m.out());
      int qualifiers = heap.size();
      qualifierSet(heap, m.qualifiers(), heap);
      descriptions.u32(name).u8(m.origin().equals(c.name()) ? 0 : 0x20).u8(0).u16(0);
      descriptions.u32(originIndex(c, m.origin())).u32(qualifiers).u32(in).u32(outSignature);
    }
    byte[] d = descriptions.toByteArray();
    byte[] h = heap.toByteArray();
    out.u32(12 + d.length + h.length).u16(c.methods().size()).u16(0).bytes(d);
    out.u32(h.length | HEAP_LENGTH_FLAG).bytes(h);
  }

  /** A MethodSignatureBlock (2.2.70): the ObjectBlock's length, then the __PARAMETERS class. */
  private static int signature(ByteSink heap, WmiClass parameters) {
    if (parameters == null) return HEAP_NULL;
    int at = heap.size();
    byte[] block = objectBlock(parameters);
    heap.u32(block.length).bytes(block);
    return at;
  }

  // ---- InstanceType after its CurrentClass (2.2.53) ----

  private static void instancePart(ByteSink out, WmiInstance inst) {
    ClassLayout layout = ClassLayout.of(inst.wmiClass());
    ByteSink heap = new ByteSink();
    string(heap, inst.className());

    ByteSink part = new ByteSink();
    part.u32(0).u8(0).u32(0); // EncodingLength, InstanceFlags, InstanceClassName (heap offset 0)
    int count = layout.declared().size();
    byte[] nd = new byte[layout.ndTableLength()];
    for (int i = 0; i < count; i++) {
      Property p = layout.declared().get(i);
      CimValue v = inst.values().get(p.name());
      // bit 0: NULL; bit 1: the class default, NULL too when that default is
      int bits = v == null ? 2 | (p.defaultValue().isNull() ? 1 : 0) : v.isNull() ? 1 : 0;
      nd[i / 4] |= (byte) (bits << (2 * (i % 4)));
    }
    part.bytes(nd);
    // slots of NULL and default values stay zero: readers such as impacket take 0 for "no value"
    int valuesAt = part.reserve(layout.valueTableLength(), 0);
    for (int i = 0; i < count; i++) {
      int order = layout.declarationOrderOfLookup(i);
      CimValue v = inst.values().get(layout.declared().get(order).name());
      if (v != null && !v.isNull()) put(part, valuesAt + layout.valueOffset(order), v, heap);
    }
    qualifierSet(part, inst.qualifiers(), heap);
    if (inst.propertyQualifiers().isEmpty()) {
      part.u8(1);
    } else {
      part.u8(2);
      for (Property p : layout.lookup()) {
        qualifierSet(part, inst.propertyQualifiers().getOrDefault(p.name(), List.of()), heap);
      }
    }
    part.u32(heap.size() | HEAP_LENGTH_FLAG).bytes(heap.toByteArray());
    part.patch32(0, part.size());
    out.bytes(part.toByteArray());
  }

  // ---- qualifiers and values ----

  /** A QualifierSet (2.2.59) appended to {@code target}; names and values not inline go to {@code heap}. */
  private static void qualifierSet(ByteSink target, List<Qualifier> qualifiers, ByteSink heap) {
    int size = 4;
    for (Qualifier q : qualifiers) size += 9 + q.value().type().inlineSize();
    int at = target.reserve(size, 0);
    target.patch32(at, size);
    int p = at + 4;
    for (Qualifier q : qualifiers) {
      int name = Dictionary.referenceOf(q.name());
      if (name == -1) {
        name = heap.size();
        string(heap, q.name());
      }
      target.patch32(p, name);
      target.patch(p + 4, new byte[] {(byte) q.flavor()});
      target.patch32(p + 5, q.value().type().code());
      put(target, p + 9, q.value(), heap);
      p += 9 + q.value().type().inlineSize();
    }
  }

  /** Writes an EncodedValue (2.2.71) at {@code at}: inline, or a reference to what it appends to the heap. */
  private static void put(ByteSink target, int at, CimValue v, ByteSink heap) {
    if (v.type().isArray() || !v.type().base().isInline()) {
      target.patch32(at, heapItem(heap, v));
    } else {
      target.patch(at, inline(v.type().base(), v.value()));
    }
  }

  /** Appends a string, object or array to the heap; returns its offset (NULL: no item). */
  private static int heapItem(ByteSink heap, CimValue v) {
    if (v.isNull()) return HEAP_NULL;
    int at = heap.size();
    CimBaseType base = v.type().base();
    if (!v.type().isArray()) {
      if (v.value() instanceof WmiObject o) {
        byte[] block = objectBlock(o);
        heap.u32(block.length).bytes(block);
      } else {
        string(heap, (String) v.value());
      }
      return at;
    }
    List<?> elements = v.asList();
    heap.u32(elements.size());
    int table = heap.reserve(elements.size() * base.inlineSize(), 0);
    for (int i = 0; i < elements.size(); i++) {
      put(heap, table + i * base.inlineSize(), new CimValue(v.type().elementType(), elements.get(i)), heap);
    }
    return at;
  }

  private static byte[] inline(CimBaseType t, Object v) {
    ByteBuffer b = ByteBuffer.allocate(t.inlineSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (t) {
      case SINT8, UINT8 -> b.put((byte) (long) (Long) v);
      case SINT16, UINT16 -> b.putShort((short) (long) (Long) v);
      case SINT32, UINT32 -> b.putInt((int) (long) (Long) v);
      case SINT64, UINT64 -> b.putLong((Long) v);
      case REAL32 -> b.putInt(Float.floatToRawIntBits((Float) v));
      case REAL64 -> b.putLong(Double.doubleToRawLongBits((Double) v));
      case BOOLEAN -> b.putShort((Boolean) v ? (short) 0xFFFF : 0);
      case CHAR16 -> b.putChar((Character) v);
      default -> throw new IllegalStateException(t + " is not inline");
    }
    return b.array();
  }
}

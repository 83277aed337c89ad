package org.otactive.probe.wmi.wmio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * [MS-WMIO] section 3 (Structure Examples): the encodings of classes {@code base} and
 * {@code MyClass} (3), of an instance of MyClass (3.1) and of {@code MyClass2} with a method (3.2)
 * decode to what the section's tables say, and encode back to the same octets.
 *
 * <p>Where Windows wrote octets the spec calls insignificant (random MethodCountPadding, 2.2.40;
 * unused heap octets, 2.2.66 and 2.3.4; octets after the ObjectBlock, 2.2.1), the expected bytes are
 * the printed ones with exactly those octets zeroed or cut, each named below.
 */
class WmioVectorsTest {
  static final Decoration DPRAVAT_DEV = new Decoration("DPRAVAT-DEV", "ROOT");
  static final int CIMTYPE_FLAVOR = Qualifier.FLAVOR_TO_INSTANCE | Qualifier.FLAVOR_TO_SUBCLASS;

  static byte[] vector(String name) {
    try (InputStream in = WmioVectorsTest.class.getResourceAsStream(name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return HexFormat.of().parseHex(text.lines().filter(l -> !l.startsWith("#"))
          .collect(Collectors.joining()).replace(" ", ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] base() {
    return vector("section3-base.hex");
  }

  static byte[] myClass() {
    return vector("section3-myclass.hex");
  }

  static byte[] instance() {
    return vector("section3.1-instance.hex");
  }

  static byte[] myClass2() {
    return vector("section3.2-myclass2.hex");
  }

  /** Little-endian UINT32 written over {@code b} at {@code at}. */
  static void le32(byte[] b, int at, int v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
  }

  /** {@code b} without the {@code n} octets at {@code at}. */
  static byte[] cut(byte[] b, int at, int n) {
    byte[] out = new byte[b.length - n];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(b, at + n, out, at, b.length - at - n);
    return out;
  }

  static byte[] unit(byte[] block) {
    byte[] out = new byte[8 + block.length];
    le32(out, 0, 0x12345678);
    le32(out, 4, block.length);
    System.arraycopy(block, 0, out, 8, block.length);
    return out;
  }

  /** The class {@code Base} as section 3's table describes it. */
  static WmiClass expectedBase() {
    return new WmiClass("Base", List.of(), List.of(), List.of(new Property("Id", CimType.SINT32, "Base",
        List.of(new Qualifier("CIMTYPE", CimValue.string("sint32"), CIMTYPE_FLAVOR),
            new Qualifier("key", CimValue.bool(true), 0x13)),
        CimValue.nullOf(CimType.SINT32), false)), List.of(), null, null);
  }

  /** MyClass's properties as section 3's table describes them, in declaration order. */
  static List<Property> expectedMyClassProperties() {
    return List.of(
        new Property("Id", CimType.SINT32, "Base", List.of(
            new Qualifier("CIMTYPE", CimValue.string("sint32"), 0x23), new Qualifier("key", CimValue.bool(true), 0x33)),
            CimValue.nullOf(CimType.SINT32), true),
        new Property("Data1", CimType.STRING, "MyClass", List.of(
            new Qualifier("CIMTYPE", CimValue.string("string"), CIMTYPE_FLAVOR),
            new Qualifier("read", CimValue.bool(true), 0), new Qualifier("write", CimValue.bool(true), 0)),
            CimValue.nullOf(CimType.STRING), false),
        new Property("Data2", CimType.STRING, "MyClass", List.of(
            new Qualifier("CIMTYPE", CimValue.string("string"), CIMTYPE_FLAVOR)),
            CimValue.string("defaultValue"), false),
        new Property("Array", CimType.UINT32.asArray(), "MyClass", List.of(
            new Qualifier("CIMTYPE", CimValue.string("uint32"), CIMTYPE_FLAVOR)),
            CimValue.nullOf(CimType.UINT32.asArray()), false));
  }

  static WmiClass expectedMyClass() {
    return new WmiClass("MyClass", List.of("Base"),
        List.of(Qualifier.of("Description", CimValue.string("MyClass Example"))), expectedMyClassProperties(),
        List.of(), expectedBase(), DPRAVAT_DEV);
  }

  @Test
  void section3BaseDecodesToItsTable() throws Exception {
    assertThat(WmioDecoder.decode(base())).isEqualTo(expectedBase().withDecoration(DPRAVAT_DEV));
  }

  @Test
  void section3BaseEncodesToThePrintedOctets() {
    // the printed ObjectEncodingLength is 0xD0 and 0xC0 octets follow: 0xAF of ObjectBlock, then 0x11
    // insignificant ones (2.2.1); the CurrentClass's MethodCountPadding is random "34 00" (2.2.40)
    byte[] block = Arrays.copyOfRange(base(), 8, 8 + 0xAF);
    block[94] = 0x01; // NdTable 05: one property, so 6 unused bits that "can have any value" (2.2.26)
    block[169] = 0;
    assertThat(WmioEncoder.encodeObjectBlock(expectedBase().withDecoration(DPRAVAT_DEV))).isEqualTo(block);
    assertThat(WmioEncoder.encode(expectedBase().withDecoration(DPRAVAT_DEV))).isEqualTo(unit(block));
  }

  @Test
  void section3MyClassDecodesToItsTable() throws Exception {
    WmiClass myClass = (WmiClass) WmioDecoder.decode(myClass());
    assertThat(myClass).isEqualTo(expectedMyClass());
    // its ParentClass is Base's CurrentClass, octet for octet (the section says so): same class
    assertThat(myClass.parent()).isEqualTo(expectedBase());
    assertThat(myClass.property("data2").defaultValue().asString()).isEqualTo("defaultValue");
  }

  /**
   * MyClass as printed, with what 2.2.40, 2.2.66 and 2.2.1 let a writer leave out: the random
   * MethodCountPadding of both MethodsParts ("34 00", "00 73") zeroed, the unused bits of Base's
   * one-property NdTable (05) cleared, the 6 unused octets at the
   * end of the CurrentClass heap (heap offsets 0x10B-0x110) cut and the ClassPart EncodingLength
   * (0x176) and HeapLength (0x111) reduced by 6, and the 38 octets after the ObjectBlock cut.
   */
  static byte[] compactMyClassBlock() {
    byte[] b = Arrays.copyOfRange(myClass(), 8, 8 + 520);
    b[53] = 0x01; // ParentClass NdTable
    b[128] = 0; // ParentClass MethodCountPadding
    b[515] = 0; // CurrentClass MethodCountPadding
    le32(b, 134, 0x170);
    le32(b, 231, 0x8000_010B);
    return cut(b, 502, 6);
  }

  @Test
  void section3MyClassEncodesToThePrintedOctets() {
    assertThat(WmioEncoder.encode(expectedMyClass())).isEqualTo(unit(compactMyClassBlock()));
  }

  @Test
  void section3_1InstanceDecodesToItsTable() throws Exception {
    WmiInstance i = (WmiInstance) WmioDecoder.decode(instance());
    assertThat(i.className()).isEqualTo("MyClass");
    assertThat(i.decoration()).isEqualTo(DPRAVAT_DEV);
    assertThat(i.wmiClass()).isEqualTo(expectedMyClass().classPart());
    // NdTable 0x20: Data2 takes the class default; the others are set
    assertThat(i.values()).containsExactly(
        java.util.Map.entry("Id", new CimValue(CimType.SINT32, 123L)),
        java.util.Map.entry("Data1", CimValue.string("StringField")),
        java.util.Map.entry("Array", new CimValue(CimType.UINT32.asArray(), List.of(1L, 2L, 3L))));
    assertThat(i.isDefault("Data2")).isTrue();
    assertThat(i.effectiveValues()).containsExactly(
        java.util.Map.entry("Id", new CimValue(CimType.SINT32, 123L)),
        java.util.Map.entry("Data1", CimValue.string("StringField")),
        java.util.Map.entry("Data2", CimValue.string("defaultValue")),
        java.util.Map.entry("Array", new CimValue(CimType.UINT32.asArray(), List.of(1L, 2L, 3L))));
    assertThat(i.qualifiers()).isEmpty();
    assertThat(i.propertyQualifiers()).isEmpty();
  }

  static WmiInstance expectedInstance() {
    return WmiInstance.of(expectedMyClass()).withDecoration(DPRAVAT_DEV).with("Id", 123).with("Data1", "StringField")
        .with("Array", List.of(1, 2, 3));
  }

  @Test
  void section3_1InstanceEncodesToThePrintedOctets() {
    // the CurrentClass is MyClass's, with the same 6 unused heap octets (here at 388) cut
    byte[] printed = Arrays.copyOfRange(instance(), 8, instance().length);
    byte[] b = printed.clone();
    le32(b, 20, 0x170);
    le32(b, 117, 0x8000_010B);
    b = cut(b, 388, 6);
    byte[] ours = WmioEncoder.encode(expectedInstance());
    assertThat(ours).isEqualTo(unit(b));
    // the InstanceType's own 0x49 octets, unchanged
    assertThat(Arrays.copyOfRange(ours, ours.length - 0x49, ours.length))
        .isEqualTo(Arrays.copyOfRange(printed, printed.length - 0x49, printed.length));
  }

  /**
   * Section 3.1's second case, "[test] Data1": one QualifierSet per property after
   * InstPropQualSetFlag 2, and "test" appended to the heap at 0x26. Built from the section's table,
   * which leaves out the qualifier's flavor octet (its QualifierSet length 0x0F counts it; 0 here)
   * and does not restate the InstanceType EncodingLength (0x49 + 27 + 6 = 0x6A).
   */
  static byte[] instanceWithPropertyQualifier() {
    byte[] printed = Arrays.copyOfRange(instance(), 8, instance().length);
    int flagAt = printed.length - 0x26 - 4 - 1;
    byte[] sets = HexFormat.of().parseHex("02" + "04000000" + "0f000000" + "26000000" + "00" + "0b000000" + "ffff"
        + "04000000" + "04000000" + "2c000080");
    byte[] heap = Arrays.copyOfRange(printed, printed.length - 0x26, printed.length);
    byte[] test = HexFormat.of().parseHex("007465737400");
    byte[] out = new byte[flagAt + sets.length + heap.length + test.length];
    System.arraycopy(printed, 0, out, 0, flagAt);
    System.arraycopy(sets, 0, out, flagAt, sets.length);
    System.arraycopy(heap, 0, out, flagAt + sets.length, heap.length);
    System.arraycopy(test, 0, out, flagAt + sets.length + heap.length, test.length);
    le32(out, 394, 0x6A);
    return unit(out);
  }

  @Test
  void section3_1InstanceWithAPropertyQualifierDecodesAndEncodes() throws Exception {
    byte[] wire = instanceWithPropertyQualifier();
    WmiInstance i = (WmiInstance) WmioDecoder.decode(wire);
    assertThat(i.propertyQualifiers()).containsExactly(
        java.util.Map.entry("Data1", List.of(Qualifier.of("test", CimValue.bool(true)))));
    assertThat(i.effectiveValues()).isEqualTo(expectedInstance().effectiveValues());
    WmiInstance expected = expectedInstance().withPropertyQualifier("Data1", Qualifier.of("test", CimValue.bool(true)));
    assertThat(i).isEqualTo(expected);
    // our writer lays it out as the table does once MyClass's unused heap octets are cut
    byte[] compact = cut(Arrays.copyOfRange(wire, 8, wire.length), 388, 6);
    le32(compact, 20, 0x170);
    le32(compact, 117, 0x8000_010B);
    assertThat(WmioEncoder.encode(expected)).isEqualTo(unit(compact));
  }

  @Test
  void section3_2MyClass2DecodesToItsTable() throws Exception {
    WmiClass c = (WmiClass) WmioDecoder.decode(myClass2());
    assertThat(c.name()).isEqualTo("MyClass2");
    assertThat(c.superclasses()).containsExactly("MyClass", "Base");
    assertThat(c.decoration()).isEqualTo(DPRAVAT_DEV);
    assertThat(c.qualifiers()).isEmpty(); // Description has flavor 0: it does not propagate
    // ClassOfOrigin counts from the root: Id (0) is Base's, Array (1) MyClass's
    assertThat(c.properties()).extracting(Property::name, Property::origin, Property::type, Property::defaultInherited)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Id", "Base", CimType.SINT32, true),
            org.assertj.core.groups.Tuple.tuple("Data1", "MyClass", CimType.STRING, true),
            org.assertj.core.groups.Tuple.tuple("Data2", "MyClass", CimType.STRING, true),
            org.assertj.core.groups.Tuple.tuple("Array", "MyClass", CimType.UINT32.asArray(), true));
    assertThat(c.property("Data1").qualifiers()).containsExactly(
        new Qualifier("CIMTYPE", CimValue.string("string"), 0x23));
    assertThat(c.property("Data2").defaultValue()).isEqualTo(CimValue.string("defaultValue"));
    // the ParentClass is MyClass's class part and methods
    assertThat(c.parent()).isEqualTo(new WmiClass("MyClass", List.of("Base"),
        List.of(Qualifier.of("Description", CimValue.string("MyClass Example"))), expectedMyClassProperties(),
        List.of(), null, null));

    assertThat(c.methods()).hasSize(1);
    Method restart = c.method("restart");
    assertThat(restart.name()).isEqualTo("Restart");
    assertThat(restart.origin()).isEqualTo("MyClass2");
    assertThat(restart.qualifiers()).containsExactly(
        Qualifier.of("execute", CimValue.bool(true)),
        Qualifier.of("performance", CimValue.strings(List.of("fast", "sideffects"))));

    Decoration dpm = new Decoration("DP-M", "ROOT\\default");
    WmiClass in = restart.in();
    assertThat(in.name()).isEqualTo("__PARAMETERS");
    assertThat(in.decoration()).isEqualTo(dpm);
    assertThat(in.qualifiers()).containsExactly(Qualifier.of("abstract", CimValue.bool(true)));
    assertThat(in.properties()).containsExactly(new Property("ServiceName", CimType.STRING, "__PARAMETERS", List.of(
        new Qualifier("CIMTYPE", CimValue.string("string"), CIMTYPE_FLAVOR),
        Qualifier.of("in", CimValue.bool(true)),
        new Qualifier("ID", CimValue.sint32(0), 0x11)), CimValue.nullOf(CimType.STRING), false));

    WmiClass out = restart.out();
    assertThat(out.decoration()).isEqualTo(dpm);
    // the printed Status is typed CIM-TYPE-OBJECT (13) with CIMTYPE "object:int", not sint32 as the MOF says
    assertThat(out.properties()).containsExactly(
        new Property("Status", CimType.OBJECT, "__PARAMETERS", List.of(
            new Qualifier("CIMTYPE", CimValue.string("object:int"), CIMTYPE_FLAVOR),
            Qualifier.of("out", CimValue.bool(true)),
            new Qualifier("ID", CimValue.sint32(1), 0x11)), CimValue.nullOf(CimType.OBJECT), false),
        new Property("ReturnValue", CimType.UINT32, "__PARAMETERS", List.of(
            new Qualifier("CIMTYPE", CimValue.string("uint32"), CIMTYPE_FLAVOR),
            Qualifier.of("out", CimValue.bool(true))), CimValue.nullOf(CimType.UINT32), false));
  }

  @Test
  void section3_2MyClass2EncodesAndDecodesBackUnchanged() throws Exception {
    // its heaps are full of fragments left by editing (the table names them), so the printed
    // octets are not what a compact writer produces; what they mean must survive the trip
    WmiClass c = (WmiClass) WmioDecoder.decode(myClass2());
    byte[] ours = WmioEncoder.encode(c);
    assertThat(WmioDecoder.decode(ours)).isEqualTo(c);
    assertThat(ours.length).isLessThan(myClass2().length);
  }
}

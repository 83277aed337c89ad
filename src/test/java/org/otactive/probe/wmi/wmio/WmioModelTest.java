package org.otactive.probe.wmi.wmio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The values, builders and encoder rules callers meet when they build objects to send or serve. */
class WmioModelTest {
  static WmiClass stdRegProv() {
    return WmiClass.builder("StdRegProv")
        .method(Method.builder("EnumKey").in("hDefKey", CimType.UINT32).in("sSubKeyName", CimType.STRING)
            .out("sNames", CimType.STRING.asArray()).returns(CimType.UINT32))
        .method(Method.builder("GetStringValue").in("hDefKey", CimType.UINT32).in("sSubKeyName", CimType.STRING)
            .in("sValueName", CimType.STRING).out("sValue", CimType.STRING).returns(CimType.UINT32))
        .build();
  }

  @Test
  void methodParametersAreTwoParametersClassesAsSection2_3_3LaysThemOut() {
    Method enumKey = stdRegProv().method("enumkey");
    WmiClass in = enumKey.in();
    assertThat(in.name()).isEqualTo("__PARAMETERS");
    assertThat(in.qualifiers()).containsExactly(Qualifier.of("abstract", CimValue.bool(true)));
    assertThat(in.properties()).extracting(Property::name).containsExactly("hDefKey", "sSubKeyName");
    assertThat(in.property("hDefKey").qualifiers()).containsExactly(Qualifier.cimType("uint32"),
        Qualifier.of("in", CimValue.bool(true)), new Qualifier("ID", CimValue.sint32(0), 0x11));
    assertThat(in.property("sSubKeyName").qualifier("ID")).isEqualTo(CimValue.sint32(1));
    WmiClass out = enumKey.out();
    assertThat(out.properties()).extracting(Property::name).containsExactly("sNames", "ReturnValue");
    assertThat(out.property("sNames").type()).isEqualTo(CimType.STRING.asArray());
    assertThat(out.property("sNames").qualifier("ID")).isEqualTo(CimValue.sint32(2));
    assertThat(out.property("ReturnValue").qualifier("ID")).isNull();
    assertThat(out.property("ReturnValue").qualifier("out")).isEqualTo(CimValue.bool(true));
    assertThat(enumKey.origin()).isEqualTo("StdRegProv");
  }

  @Test
  void anInParametersInstanceForGetStringValueEncodesAndDecodes() throws Exception {
    WmiInstance call = WmiInstance.of(stdRegProv().method("GetStringValue").in()).with("hDefKey", 0x8000_0002L)
        .with("sSubKeyName", "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\7-Zip")
        .with("sValueName", "DisplayName");
    byte[] wire = WmioEncoder.encode(call);
    WmiInstance back = (WmiInstance) WmioDecoder.decode(wire);
    assertThat(back).isEqualTo(call);
    assertThat(back.value("hDefKey").asLong()).isEqualTo(0x8000_0002L);
    assertThat(back.className()).isEqualTo("__PARAMETERS");
    // and the answer, as a fake host would send it
    WmiInstance answer = WmiInstance.of(stdRegProv().method("GetStringValue").out()).with("sValue", "7-Zip 23.01")
        .with("ReturnValue", 0);
    WmiInstance read = (WmiInstance) WmioDecoder.decode(WmioEncoder.encode(answer));
    assertThat(read.value("ReturnValue").asLong()).isZero();
    assertThat(read.value("sValue").asString()).isEqualTo("7-Zip 23.01");
  }

  @Test
  void aDerivedClassInheritsWhatPropagates() {
    WmiClass base = WmiClass.builder("CIM_OperatingSystem")
        .qualifier(new Qualifier("abstract", CimValue.bool(true), 0)) // does not propagate
        .qualifier(new Qualifier("Locale", CimValue.uint32(1033), Qualifier.FLAVOR_TO_SUBCLASS))
        .property("Name", CimType.STRING, Qualifier.flag("key", Qualifier.FLAVOR_TO_SUBCLASS))
        .property("Status", CimType.STRING, CimValue.string("OK"), Qualifier.of("read", CimValue.bool(true)))
        .build();
    WmiClass os = WmiClass.builder("Win32_OperatingSystem").superclass(base).property("BuildNumber", CimType.STRING)
        .defaultValue("Name", CimValue.string("Windows")).build();
    assertThat(os.superclasses()).containsExactly("CIM_OperatingSystem");
    assertThat(os.parent()).isEqualTo(base);
    assertThat(os.qualifiers()).containsExactly(new Qualifier("Locale", CimValue.uint32(1033), 0x22));
    assertThat(os.properties()).extracting(Property::name, Property::origin).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Name", "CIM_OperatingSystem"),
        org.assertj.core.groups.Tuple.tuple("Status", "CIM_OperatingSystem"),
        org.assertj.core.groups.Tuple.tuple("BuildNumber", "Win32_OperatingSystem"));
    assertThat(os.property("Name").isKey()).isTrue();
    assertThat(os.property("Name").defaultInherited()).isFalse(); // overridden here
    assertThat(os.property("Status").defaultInherited()).isTrue();
    assertThat(os.property("Status").qualifier("read")).isNull(); // flavor 0: not to subclasses
    assertThat(os.property("Status").qualifier("CIMTYPE")).isEqualTo(CimValue.string("string"));
  }

  @Test
  void instanceValuesAreCheckedAgainstTheirClass() {
    WmiClass c = WmiClass.builder("C").property("N", CimType.UINT16).property("S", CimType.STRING).build();
    WmiInstance i = WmiInstance.of(c);
    assertThatThrownBy(() -> i.with("N", CimValue.string("x"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("N is uint16, not string");
    assertThatThrownBy(() -> i.with("N", 70_000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("70000 is out of range for uint16");
    assertThatThrownBy(() -> i.with("Nope", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("C has no property Nope");
    WmiInstance j = i.with("n", "42").withNull("s");
    assertThat(j.values()).containsOnlyKeys("N", "S"); // the class's spelling
    assertThat(j.value("N")).isEqualTo(CimValue.uint16(42));
    assertThat(j.withDefault("S").isDefault("S")).isTrue();
  }

  @Test
  void javaValuesConvertToEachCimType() {
    assertThat(CimValue.of(CimType.UINT64, "18446744073709551615").asUnsigned())
        .isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(CimValue.of(CimType.UINT64, new BigInteger("9223372036854775808")).text())
        .isEqualTo("9223372036854775808");
    assertThat(CimValue.of(CimType.SINT8, -128).asLong()).isEqualTo(-128);
    assertThat(CimValue.of(CimType.REAL32, 2).value()).isEqualTo(2.0f);
    assertThat(CimValue.of(CimType.BOOLEAN, "TRUE").asBoolean()).isTrue();
    assertThat(CimValue.of(CimType.CHAR16, "x").asChar()).isEqualTo('x');
    assertThat(CimValue.of(CimType.UINT16.asArray(), new int[] {1, 2}).text()).isEqualTo("{1, 2}");
    assertThat(CimValue.of(CimType.STRING, null).isNull()).isTrue();
    assertThat(CimValue.of(CimType.DATETIME, "20240101000000.000000+000").type()).isEqualTo(CimType.DATETIME);
    assertThatThrownBy(() -> CimValue.of(CimType.UINT8, -1)).hasMessage("-1 is out of range for uint8");
    assertThatThrownBy(() -> CimValue.of(CimType.SINT32, 1.5)).hasMessage("not a sint32: 1.5");
    assertThatThrownBy(() -> new CimValue(CimType.STRING.asArray(), java.util.Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> CimValue.nullOf(CimType.UINT32).asLong()).isInstanceOf(IllegalStateException.class)
        .hasMessage("uint32 NULL is not an integer");
  }

  @Test
  void typesHaveTheirWireCodes() {
    assertThat(CimType.STRING.asArray().code()).isEqualTo(0x2008);
    assertThat(CimType.UINT32.code()).isEqualTo(19);
    assertThat(CimType.ofCode(8293)).isEqualTo(CimType.DATETIME.asArray());
    assertThat(CimType.ofCode(0x4003)).isNull(); // the inherited bit belongs to PropertyType only
    assertThat(CimType.ofCode(1)).isNull();
    assertThat(CimType.REFERENCE.asArray()).hasToString("ref[]");
  }

  @Test
  void stringsAre8BitWhenTheyCanBeAndUtf16OtherwiseAsSection2_2_78Says() {
    assertThat(encodedClassName("caf\u00e9")).containsExactly(0x00, 'c', 'a', 'f', 0xE9, 0x00);
    assertThat(encodedClassName("\u4e2d")).containsExactly(0x01, 0x2D, 0x4E, 0x00, 0x00);
  }

  /** The class name as the first item of its ClassHeap. */
  static int[] encodedClassName(String name) {
    byte[] b = WmioEncoder.encodeObjectBlock(WmiInstance.of(WmiClass.builder(name).build()));
    int heap = 1 + 25 + 4; // ObjectFlags, a property-less ClassPart up to its heap, HeapLength
    int end = heap + 1;
    while (b[end] != 0 || (b[heap] == 1 && b[end + 1] != 0)) end += b[heap] == 1 ? 2 : 1;
    end += b[heap] == 1 ? 2 : 1;
    return java.util.stream.IntStream.range(heap, end).map(i -> b[i] & 0xFF).toArray();
  }

  @Test
  void theEncoderRefusesWhatMsWmioCannotCarry() {
    WmiClass c = WmiClass.builder("C").property("S", CimType.STRING).build();
    assertThatThrownBy(() -> WmioEncoder.encode(WmiInstance.of(c).with("S", "a\0b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("an Encoded-String cannot hold NUL: a?b");
    WmiClass derived = WmiClass.builder("D").superclass(c).build();
    WmiClass withoutParent = new WmiClass("D", List.of("C"), List.of(), derived.properties(), List.of(), null, null);
    assertThatThrownBy(() -> WmioEncoder.encode(withoutParent)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("class D derives from C but has no parent to encode as its ParentClass");
    // its instances need no parent: an instance carries its class part only
    assertThat(WmioEncoder.encode(WmiInstance.of(withoutParent))).isNotEmpty();
    assertThatThrownBy(() -> Qualifier.of("Q", CimValue.nullOf(CimType.UINT32)))
        .hasMessage("qualifier Q of type uint32 cannot be NULL");
  }

  @Test
  void namesCompareIgnoringCaseAndMustBeDistinct() {
    assertThatThrownBy(() -> WmiClass.builder("C").property("Name", CimType.STRING).property("NAME", CimType.UINT8))
        .hasMessage("C already has a property NAME");
    Property a = new Property("x", CimType.UINT8, "C", List.of(), CimValue.nullOf(CimType.UINT8), false);
    Property b = new Property("X", CimType.UINT8, "C", List.of(), CimValue.nullOf(CimType.UINT8), false);
    assertThatThrownBy(() -> new WmiClass("C", List.of(), List.of(), List.of(a, b), List.of(), null, null))
        .hasMessage("C has two properties X");
  }
}

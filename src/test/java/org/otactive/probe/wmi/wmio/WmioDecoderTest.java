package org.otactive.probe.wmi.wmio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.otactive.probe.wmi.wmio.WmioVectorsTest.instance;
import static org.otactive.probe.wmi.wmio.WmioVectorsTest.le32;
import static org.otactive.probe.wmi.wmio.WmioVectorsTest.myClass;
import static org.otactive.probe.wmi.wmio.WmioVectorsTest.myClass2;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the decoder does with encodings that are odd, hostile or broken. */
class WmioDecoderTest {
  /** Offset of the 3.1 instance's InstanceType (after the 8-octet header, decoration and class part). */
  static final int INSTANCE_TYPE = 8 + 20 + 0x176;

  @Test
  void aWrongSignatureIsNamed() {
    byte[] b = instance();
    b[0] = 0x79;
    assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
        .hasMessage("EncodingUnit Signature is 0x12345679, not 0x12345678 (at offset 0)");
  }

  @Test
  void everyTruncationOfEveryExampleFailsWithTheFormatException() {
    for (byte[] full : List.of(WmioVectorsTest.base(), myClass(), instance(), myClass2())) {
      byte[] encoded = full;
      int significant = 0;
      for (int n = 0; n < encoded.length; n++) {
        byte[] cut = java.util.Arrays.copyOf(encoded, n);
        try {
          WmioDecoder.decode(cut);
          significant = Math.max(significant, n); // trailing octets are not needed
        } catch (WmioFormatException e) {
          assertThat(e.offset()).isBetween(0, n);
        }
      }
      // each decodes only once its last significant octet is there
      assertThat(significant).isLessThan(encoded.length);
    }
  }

  @Test
  void aDeclaredLengthShorterThanTheObjectIsNamedWithTheField() {
    byte[] b = instance();
    le32(b, 4, 0x100);
    assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
        .hasMessage("CurrentClass: ClassPart EncodingLength 374 runs past the end of its block at 264 (at offset 28)");
  }

  @Test
  void anUnknownPropertyTypeIsNamedWithItsPropertyAndOffset() {
    byte[] b = myClass();
    // Data1's PropertyInfo sits at ClassHeap offset 0x5C of MyClass's CurrentClass (heap at 8 + 235)
    int at = 8 + 235 + 0x5C;
    assertThat(b[at]).isEqualTo((byte) 8);
    b[at] = 0x77;
    assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
        .hasMessage("CurrentClass: property Data1: PropertyType 0x77 is no CIM type (at offset " + at + ")");
  }

  @Test
  void aHeapReferenceOutsideItsHeapIsNamed() {
    byte[] b = instance();
    le32(b, INSTANCE_TYPE + 14, 0x7000); // Data1's value
    assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
        .hasMessage("InstanceType: property Data1: string refers to heap offset 28672, outside a heap of 38 octets"
            + " (at offset " + (INSTANCE_TYPE + 14) + ")");
  }

  @Test
  void objectFlagsMustSayClassOrInstance() {
    for (int flags : new int[] {0x00, 0x03, 0x04, 0x07}) {
      byte[] b = instance();
      b[8] = (byte) flags;
      assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
          .hasMessageContaining("neither class (0x01) nor instance (0x02) (at offset 8)");
    }
  }

  @Test
  void countsAreCheckedAgainstTheOctetsLeftBeforeAnythingIsAllocated() {
    byte[] b = myClass();
    int propertyCount = 8 + 134 + 13 + 0x0E + 0x11;
    le32(b, propertyCount, 0xFFFF_FFFF);
    assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
        .hasMessage("CurrentClass: PropertyCount 4294967295 cannot fit in the 326 octets left (at offset "
            + propertyCount + ")");
    byte[] c = instance();
    int arrayCount = INSTANCE_TYPE + 35 + 9; // InstanceHeap (at +35) offset 9: Array's Encoded-Array
    le32(c, arrayCount, 0x4000_0000);
    assertThatThrownBy(() -> WmioDecoder.decode(c)).isInstanceOf(WmioFormatException.class)
        .hasMessage("InstanceType: property Array: ArrayCount 1073741824 of uint32 cannot fit in the 25 heap octets"
            + " left (at offset " + arrayCount + ")");
  }

  @Test
  void unknownDictionaryReferencesAreNamed() {
    byte[] b = myClass();
    int cimtypeName = 8 + 235 + 0x2E + 18; // Array's first qualifier name: 0x8000000A (CIMTYPE)
    assertThat(ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(cimtypeName)).isEqualTo(0x8000_000A);
    le32(b, cimtypeName, 0x8000_000B);
    assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
        .hasMessageContaining("property Array: QualifierName is dictionary reference 11, beyond the 11 of 2.2.80");
  }

  @Test
  void ndTableBitsSayNullDefaultOrValue() throws Exception {
    // 3.1's NdTable is 0x20: Data2 (bits 4-5) takes its class default "defaultValue"
    byte[] b = instance();
    int nd = INSTANCE_TYPE + 9;
    assertThat(b[nd]).isEqualTo((byte) 0x20);
    b[nd] = 0x31; // Id 01: NULL; Data2 11: NULL though its class has a default
    WmiInstance i = (WmiInstance) WmioDecoder.decode(b);
    assertThat(i.value("Id").isNull()).isTrue();
    assertThat(i.isDefault("Id")).isFalse();
    assertThat(i.value("Data2").isNull()).isTrue();
    assertThat(i.isDefault("Data2")).isFalse();
    b[nd] = 0x23; // Id 11: the class default, which is NULL
    i = (WmiInstance) WmioDecoder.decode(b);
    assertThat(i.isDefault("Id")).isTrue();
    assertThat(i.value("Id").isNull()).isTrue();
    assertThat(i.value("Data2").asString()).isEqualTo("defaultValue");
  }

  @Test
  void objectsNestDeepOnlyToTheLimit() throws Exception {
    WmiClass box = WmiClass.builder("Box").property("Inner", CimType.OBJECT).build();
    WmiInstance nested = WmiInstance.of(box);
    for (int depth = 1; depth <= WmioDecoder.MAX_DEPTH; depth++) nested = WmiInstance.of(box).with("Inner", nested);
    assertThat(WmioDecoder.decode(WmioEncoder.encode(nested))).isEqualTo(nested);
    byte[] tooDeep = WmioEncoder.encode(WmiInstance.of(box).with("Inner", nested));
    assertThatThrownBy(() -> WmioDecoder.decode(tooDeep)).isInstanceOf(WmioFormatException.class)
        .hasMessageContaining("objects nested deeper than 16");
  }

  @Test
  void heapItemsReferencedManyTimesAreDecodedOnceAndShared() throws Exception {
    byte[] b = stringArrayInstance(100, "x".repeat(1000), i -> 0);
    WmiInstance i = (WmiInstance) WmioDecoder.decode(b);
    List<?> values = i.value("A").asList();
    assertThat(values).hasSize(100);
    assertThat(values.get(0)).isSameAs(values.get(99));
  }

  @Test
  void oneItemReferencedTooOftenIsRefusedForWhatItWouldExpandTo() {
    // 30,000 references to one 50,000-character string: 1.5 billion characters for whoever reads them
    byte[] b = stringArrayInstance(30_000, "x".repeat(50_000), i -> 0);
    assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
        .hasMessageContaining("heap references make the object too large to decode");
  }

  @Test
  void overlappingStringsCannotMakeDecodingQuadratic() {
    // 30,000 references, each to a later octet of one 60,000-character run of U+0001: read as
    // UTF-16 strings, every one runs to the end; together 900 million octets to scan
    int n = 30_000;
    byte[] b = stringArrayInstance(n, "\u0001".repeat(60_000) + "\0", i -> 1 + i);
    assertThatThrownBy(() -> WmioDecoder.decode(b)).isInstanceOf(WmioFormatException.class)
        .hasMessageContaining("heap references make the object too large to decode");
  }

  /**
   * An instance of class {@code C { string A[]; }} whose array has {@code n} references into one
   * 8-bit string {@code s} stored after it: reference {@code i} points {@code at(i)} octets past the
   * string's flag octet. The string ends with two more NULs, so that any octet of it may be read
   * as the start of an 8-bit or a UTF-16 string.
   */
  static byte[] stringArrayInstance(int n, String s, java.util.function.IntUnaryOperator at) {
    ByteBuffer heap = ByteBuffer.allocate(3 + 4 + 4 * n + s.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
    heap.put(new byte[] {0, 'C', 0});
    int array = heap.position();
    int string = array + 4 + 4 * n;
    heap.putInt(n);
    for (int i = 0; i < n; i++) heap.putInt(string + at.applyAsInt(i));
    heap.put((byte) 0).put(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put(new byte[] {0, 0, 0});
    ByteBuffer classHeap = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    classHeap.put(new byte[] {0, 'C', 0, 0, 'A', 0}).putInt(0x2008).putShort((short) 0).putInt(0).putInt(0).putInt(4);
    ByteBuffer out = ByteBuffer.allocate(1 + 66 + 23 + heap.capacity()).order(ByteOrder.LITTLE_ENDIAN);
    out.put((byte) 0x02);
    // ClassPart: header, DerivationList, ClassQualifierSet, one property "A" (PropertyInfo at 6)
    out.putInt(66).put((byte) 0).putInt(0).putInt(5).putInt(4).putInt(4).putInt(1).putInt(3).putInt(6);
    out.put((byte) 0x01).putInt(-1).putInt(24 | 0x8000_0000).put(classHeap.array());
    // InstanceType: A set (NdTable 0) to the array at heap offset 3
    out.putInt(23 + heap.capacity()).put((byte) 0).putInt(0).put((byte) 0).putInt(array).putInt(4).put((byte) 1);
    out.putInt(heap.capacity() | 0x8000_0000).put(heap.array());
    return WmioVectorsTest.unit(out.array());
  }

  @Test
  void anInstanceWithoutItsClassDecodesWithTheClassGiven() throws Exception {
    WmiInstance expected = WmioVectorsTest.expectedInstance();
    byte[] noClass = WmioEncoder.encodeInstanceNoClass(expected);
    assertThat(noClass[0]).isEqualTo((byte) 0x06);
    assertThat(WmioDecoder.decodeInstanceNoClass(noClass, 0, noClass.length, WmioVectorsTest.expectedMyClass()))
        .isEqualTo(expected);
    // it is the InstanceType of the full encoding, after the ObjectFlags and Decoration
    byte[] full = WmioEncoder.encode(expected);
    assertThat(java.util.Arrays.copyOfRange(noClass, 20, noClass.length))
        .isEqualTo(java.util.Arrays.copyOfRange(full, full.length - (noClass.length - 20), full.length));
    byte[] aClass = WmioEncoder.encode(WmioVectorsTest.expectedMyClass());
    assertThatThrownBy(() -> WmioDecoder.decodeInstanceNoClass(aClass, 8, aClass.length - 8,
        WmioVectorsTest.expectedMyClass())).isInstanceOf(WmioFormatException.class)
        .hasMessage("ObjectFlags 0x5 are not an instance's (at offset 8)");
  }

  @Test
  void randomBytesAfterAValidHeaderFailOnlyWithTheFormatException() {
    Random r = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[9 + r.nextInt(200)];
      r.nextBytes(b);
      le32(b, 0, 0x12345678);
      le32(b, 4, b.length - 8);
      b[8] = (byte) (1 + r.nextInt(6));
      try {
        WmioDecoder.decode(b);
      } catch (WmioFormatException expected) {
        assertThat(expected.getMessage()).endsWith(")");
      }
    }
  }

  @Test
  void stringsKeepWhatTheyCarryForTheCallerToSanitise() throws Exception {
    String hostile = "evil\u001b[31m\r\n\u202e\ud800";
    WmiClass c = WmiClass.builder("C").property("S", CimType.STRING).build();
    WmiInstance i = WmiInstance.of(c).with("S", hostile);
    assertThat(((WmiInstance) WmioDecoder.decode(WmioEncoder.encode(i))).value("S").asString()).isEqualTo(hostile);
  }

  @Test
  void unusedHeapOctetsAndSlackAfterTheHeapAreIgnored() throws Exception {
    // section 3.2's __PARAMETERS classes carry 174 and 275 octets after their heaps, inside their ClassPart
    WmiClass c = (WmiClass) WmioDecoder.decode(myClass2());
    assertThat(c.method("Restart").in().properties()).extracting(Property::name).containsExactly("ServiceName");
    assertThat(c.method("Restart").out().properties()).extracting(Property::name)
        .containsExactly("Status", "ReturnValue");
  }
}

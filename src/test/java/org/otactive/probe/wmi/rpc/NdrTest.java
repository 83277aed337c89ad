package org.otactive.probe.wmi.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** NDR 2.0 layouts (C706 14) and hostile counts. */
class NdrTest {
  @Test
  void alignmentPointersAndStrings() throws Exception {
    NdrWriter w = new NdrWriter();
    w.u8(1).u32(2).u16(3).u64(4);
    assertThat(w.pointer(true)).isTrue();
    w.wideString("ab", true);
    Object shared = new Object();
    assertThat(w.fullPointer(shared)).isTrue();
    assertThat(w.fullPointer(shared)).as("the same object again is not marshalled twice").isFalse();
    assertThat(w.fullPointer(null)).isFalse();
    w.uuid(UUID.fromString("8a885d04-1ceb-11c9-9fe8-08002b104860"));
    assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(
        "01000000" + "02000000" + "0300" + "000000000000" + "0400000000000000"
            + "00000200" + "03000000" + "00000000" + "03000000" + "610062000000" + "0000"
            + "04000200" + "04000200" + "00000000"
            + "045d888aeb1cc9119fe808002b104860");

    NdrReader r = new NdrReader(w.toByteArray());
    assertThat(r.u8()).isEqualTo(1);
    assertThat(r.u32()).isEqualTo(2);
    assertThat(r.u16()).isEqualTo(3);
    assertThat(r.u64()).isEqualTo(4);
    assertThat(r.pointer()).isEqualTo(0x20000);
    assertThat(r.wideString()).isEqualTo("ab");
    assertThat(r.pointer()).isEqualTo(r.pointer());
    assertThat(r.pointer()).isZero();
    assertThat(r.uuid()).isEqualTo(SyntaxId.NDR20.uuid());
    r.expectEnd();
  }

  @Test
  void bstrIsAUniquePointerToAFlaggedWordBlobWithoutNul() throws Exception {
    NdrWriter w = new NdrWriter();
    w.bstr("WQL").bstr(null).bstr("");
    assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(
        "00000200" + "03000000" + "06000000" + "03000000" + "570051004c00" + "0000" // MS-OAUT 2.2.23.1
            + "00000000"
            + "04000200" + "00000000" + "00000000" + "00000000");
    NdrReader r = new NdrReader(w.toByteArray());
    assertThat(r.bstr()).isEqualTo("WQL");
    assertThat(r.bstr()).isNull();
    assertThat(r.bstr()).isEmpty();
    r.expectEnd();
    // a null BSTR on the wire: cBytes 0xFFFFFFFF, no units (MS-OAUT 2.2.23.2)
    NdrReader nullBstr = new NdrReader(HexFormat.of().parseHex("00000200" + "00000000" + "ffffffff" + "00000000"));
    assertThat(nullBstr.bstr()).isNull();
    NdrReader lying = new NdrReader(HexFormat.of().parseHex("00000200" + "01000000" + "08000000" + "01000000" + "4100"));
    assertThatThrownBy(lying::bstr).isInstanceOf(NdrException.class).hasMessageContaining("cBytes 8 exceeds");
  }

  @Test
  void typeSerializationVersion1WrapsAndPadsToEight() throws Exception {
    byte[] wrapped = TypeSerialization.encode(new byte[] {1, 2, 3});
    assertThat(HexFormat.of().formatHex(wrapped)).isEqualTo(
        "01100800cccccccc" + "0800000000000000" + "0102030000000000"); // MS-RPCE 2.2.6.1, 2.2.6.2
    assertThat(TypeSerialization.decode(wrapped)).containsExactly(1, 2, 3, 0, 0, 0, 0, 0);
    byte[] bigEndian = wrapped.clone();
    bigEndian[1] = 0;
    assertThatThrownBy(() -> TypeSerialization.decode(bigEndian)).hasMessageContaining("endianness");
    byte[] tooLong = wrapped.clone();
    tooLong[8] = 9;
    assertThatThrownBy(() -> TypeSerialization.decode(tooLong)).hasMessageContaining("9 bytes");
  }

  @Test
  void countsLargerThanTheDataAreRefusedBeforeAllocating() {
    byte[] huge = HexFormat.of().parseHex("ffffff7f" + "00000000" + "ffffff7f");
    assertThatThrownBy(() -> new NdrReader(huge).wideString()).isInstanceOf(NdrException.class)
        .hasMessageContaining("cannot fit");
    byte[] offsetPastMax = HexFormat.of().parseHex("02000000" + "02000000" + "01000000" + "6100");
    assertThatThrownBy(() -> new NdrReader(offsetPastMax).wideString()).hasMessageContaining("exceeds maximum");
    assertThatThrownBy(() -> new NdrReader(new byte[3]).u32()).isInstanceOf(NdrException.class);
  }

  @Test
  void eptMapTowerEncodesTheFiveTcpFloors() throws Exception {
    Tower t = Tower.tcp(EndpointMapper.INTERFACE);
    assertThat(t.floors()).hasSize(5);
    Tower back = Tower.decode(t.encode());
    assertThat(back.floors().get(3).lhs()).containsExactly(0x07);
    assertThat(back.tcpPort()).hasValue(0);
    byte[] port = t.encode();
    // the TCP floor's port is big-endian: set it to 49152 (0xc000)
    int tcpRhs = port.length - (2 + 1 + 2 + 4) - 2;
    port[tcpRhs] = (byte) 0xc0;
    assertThat(Tower.decode(port).tcpPort()).hasValue(49152);
  }
}

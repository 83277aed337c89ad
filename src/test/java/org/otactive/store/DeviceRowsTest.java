package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otactive.common.BadInputException;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Device;
import org.otactive.inventory.Observation;
import org.otactive.scope.Addresses;

class DeviceRowsTest {
  private static final Instant T = Instant.parse("2026-11-01T10:00:00.123456Z");

  private static Device device(String address, String mac, String value) {
    return new Device(address, mac, T, T.plusSeconds(5),
        List.of(new AttributeValue("hostname", value, "rdns", "PTR from 127.0.0.1:53", T, T.plusSeconds(5))));
  }

  @Test
  void aRowGivesBackItsDevicesInAddressOrder() {
    Device a = device("10.1.2.200", "00:11:22:33:44:55", "plc");
    Device b = device("10.1.2.3", null, "hmi");
    Device c = new Device("10.1.2.30", null, T, T, List.of());
    byte[] row = DeviceRows.row(List.of(DeviceRows.pack(a), DeviceRows.pack(b), DeviceRows.pack(c)));

    List<DeviceRows.Packed> back = DeviceRows.devices(row);

    assertThat(back).extracting(DeviceRows.Packed::address).containsExactly("10.1.2.3", "10.1.2.30", "10.1.2.200");
    assertThat(back.stream().map(DeviceRows::unpack).toList()).containsExactly(b, c, a);
  }

  @Test
  void smallDevicesShareTheirBlocksRowAndABigOneHasItsOwn() {
    DeviceRows.Packed small = DeviceRows.pack(device("10.1.2.3", null, "hmi"));
    DeviceRows.Packed big = DeviceRows.pack(device("10.1.2.3", null, "x".repeat(DeviceRows.SOLO_BYTES)));
    DeviceRows.Packed v6 = DeviceRows.pack(device("2001:db8::1:2", null, "eng"));

    assertThat(DeviceRows.keyFor(small)).containsExactly(10, 1, 2);
    assertThat(DeviceRows.keyFor(big)).containsExactly(10, 1, 2, 3);
    assertThat(DeviceRows.keyFor(v6)).hasSize(15).startsWith(0x20, 0x01, 0x0d, (byte) 0xb8);
  }

  @Test
  void addressBytesReadCanonicalTextAsTheAddressParserDoes() {
    for (String text : List.of("0.0.0.0", "10.20.30.40", "255.255.255.255", "192.168.0.1", "::1", "2001:db8::1", "::ffff:10.0.0.1")) {
      assertThat(DeviceRows.addressBytes(text)).as(text).containsExactly(Addresses.parse(text).getAddress());
    }
  }

  @Test
  void textThatIsNotOneAddressIsRefusedByName() {
    for (String text : List.of("10.0.0.256", "10.0.0", "10.0.0.1.2", "10..0.1", "host.example", "10.0.0.0/24", "")) {
      assertThatThrownBy(() -> DeviceRows.addressBytes(text)).as(text).isInstanceOf(BadInputException.class)
          .hasMessageContaining(text);
    }
  }

  @Test
  void aDamagedRowIsRefusedNotMisread() {
    byte[] row = DeviceRows.row(List.of(DeviceRows.pack(device("10.1.2.3", null, "hmi"))));
    assertThatThrownBy(() -> DeviceRows.devices(java.util.Arrays.copyOf(row, row.length - 3)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cut short");
    row[0] = 9;
    assertThatThrownBy(() -> DeviceRows.devices(row)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown version");
  }
  private static Observation seen(String attribute, String value, String source, Instant at) {
    return new Observation("10.1.2.3", attribute, value, source, "another detail", at);
  }

  /** A device with two values from two sources, one of them not ASCII. */
  private static Device twoValues() {
    return new Device("10.1.2.3", "00:11:22:33:44:55", T, T.plusSeconds(5), List.of(
        new AttributeValue("hostname", "plc-1", "rdns", "PTR from 127.0.0.1:53", T, T.plusSeconds(5)),
        new AttributeValue("os", "Wärmepumpe ÜS-3 ✓", "wem", "WMI", T, T.plusSeconds(3))));
  }

  @Test
  void aConfirmationLaterThanTheStoredTimesMovesThemOnTheBytes() {
    Device d = twoValues();
    Instant later = T.plusSeconds(60).plusNanos(7_000);

    byte[] bytes = DeviceRows.confirmed(DeviceRows.pack(d).bytes(), List.of(seen("os", "Wärmepumpe ÜS-3 ✓", "wem", later)),
        later);

    Device back = DeviceRows.unpack(new DeviceRows.Packed("10.1.2.3", new byte[] {10, 1, 2, 3}, bytes));
    assertThat(back).isEqualTo(new Device("10.1.2.3", "00:11:22:33:44:55", T, later, List.of(d.latest().get(0),
        new AttributeValue("os", "Wärmepumpe ÜS-3 ✓", "wem", "WMI", T, later))));
    assertThat(bytes).as("packed as the whole device would be").isEqualTo(DeviceRows.pack(back).bytes());
  }

  @Test
  void confirmationsNoLaterThanTheStoredTimesLeaveTheBytesAsTheyAre() {
    byte[] packed = DeviceRows.pack(twoValues()).bytes();

    assertThat(DeviceRows.confirmed(packed, List.of(seen("hostname", "plc-1", "rdns", T.plusSeconds(5)),
        seen("os", "Wärmepumpe ÜS-3 ✓", "wem", T.plusSeconds(1))), T.plusSeconds(5))).isSameAs(packed);
  }

  @Test
  void anythingButAConfirmationIsLeftToTheRules() {
    byte[] packed = DeviceRows.pack(twoValues()).bytes();
    Instant later = T.plusSeconds(60);
    for (Observation o : List.of(seen("hostname", "plc-2", "rdns", later), seen("hostname", "PLC-1", "rdns", later),
        seen("hostname", "plc-1", "passive", later), seen("vendor", "plc-1", "rdns", later),
        seen("os", "Warmepumpe US-3", "wem", later), seen("os", "Wärmepumpe ÜS-3 ✓ ", "wem", later))) {
      assertThat(DeviceRows.confirmed(packed, List.of(seen("hostname", "plc-1", "rdns", later), o), later)).as(o.toString())
          .isNull();
    }
  }

  @Test
  void textsAreComparedAsTheirUtf8Bytes() {
    byte[] b = "xx Wärme ✓ plc".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int wLen = "Wärme ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertThat(DeviceRows.sameText(b, 3, wLen, "Wärme ✓")).isTrue();
    assertThat(DeviceRows.sameText(b, 3, wLen, "Warme ✓")).isFalse();
    assertThat(DeviceRows.sameText(b, 3, wLen, "Wärme")).isFalse();
    assertThat(DeviceRows.sameText(b, b.length - 3, 3, "plc")).isTrue();
    assertThat(DeviceRows.sameText(b, b.length - 3, 3, "plC")).isFalse();
    assertThat(DeviceRows.sameText(b, b.length - 3, 2, "plc")).isFalse();
    assertThat(DeviceRows.sameText(b, 0, 0, "")).isTrue();
  }
}

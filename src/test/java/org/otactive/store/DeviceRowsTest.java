package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otactive.common.BadInputException;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Device;
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
}

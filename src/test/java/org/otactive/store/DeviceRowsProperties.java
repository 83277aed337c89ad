package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Device;

/**
 * A device packed and unpacked is the device, whatever its texts and times: the packing's first
 * guess at the size is exact only for ASCII texts and this century's times, and everything else
 * must come back as well.
 */
class DeviceRowsProperties {
  @Provide
  Arbitrary<Device> devices() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.strings().ascii().ofMaxLength(140),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(30),
        Arbitraries.strings().all().ofMaxLength(20),
        Arbitraries.of("", "hostname", "rdns", "PTR from 127.0.0.1:53", "plc-1.plant.example"));
    // Microseconds (what is stored) from 1900 to 2200: before 1970 and far ahead pack longer.
    Arbitrary<Instant> time = Arbitraries.longs().between(-2_208_988_800_000_000L, 7_258_118_400_000_000L)
        .map(us -> Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L));
    Arbitrary<AttributeValue> value = Combinators.combine(text, text, text, text, time, time).as(AttributeValue::new);
    Arbitrary<String> address = Arbitraries.of("10.1.2.3", "255.255.255.255", "2001:db8::1:2", "fe80::1");
    return Combinators.combine(address, Arbitraries.of("00:11:22:33:44:55", "").injectNull(0.5), time, time,
        value.list().ofMaxSize(5)).as((a, mac, first, last, values) -> new Device(a, mac == null || mac.isEmpty() ? null : mac,
            first, last, values));
  }

  @Property(tries = 1_000)
  void aPackedDeviceUnpacksToItself(@ForAll("devices") Device d) {
    DeviceRows.Packed packed = DeviceRows.pack(d);
    List<AttributeValue> sorted = new ArrayList<>(d.latest());
    sorted.sort(LatestValues.ORDER); // by the texts as given, before they are encoded
    List<AttributeValue> inOrder = sorted.stream().map(DeviceRowsProperties::asUtf8).toList();
    Device back = DeviceRows.unpack(packed);
    assertThat(back.address()).isEqualTo(d.address());
    assertThat(back.mac()).isEqualTo(d.mac());
    assertThat(back.firstSeen()).isEqualTo(d.firstSeen());
    assertThat(back.lastSeen()).isEqualTo(d.lastSeen());
    assertThat(back.latest()).isEqualTo(inOrder);
    // And in a row of devices, as the store keeps it.
    assertThat(DeviceRows.devices(DeviceRows.row(List.of(packed))).stream().map(DeviceRows::unpack).toList())
        .containsExactly(back);
  }

  /** What UTF-8 can carry: a lone surrogate becomes '?' in any encoder's hands. */
  private static AttributeValue asUtf8(AttributeValue v) {
    return new AttributeValue(utf8(v.attribute()), utf8(v.value()), utf8(v.source()), utf8(v.detail()), v.since(), v.lastSeen());
  }

  private static String utf8(String s) {
    return new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.UTF_8);
  }
}

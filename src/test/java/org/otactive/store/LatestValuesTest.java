package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.otactive.inventory.AttributeValue;

/** {@link LatestValues}: a device's latest values packed into one column. */
class LatestValuesTest {
  @Property(tries = 300)
  void whatIsPackedUnpacksTheSameInOrderAtMicrosecondPrecision(@ForAll("values") List<AttributeValue> values) {
    List<AttributeValue> expected = values.stream()
        .map(v -> new AttributeValue(v.attribute(), v.value(), v.source(), v.detail(),
            v.since().truncatedTo(ChronoUnit.MICROS), v.lastSeen().truncatedTo(ChronoUnit.MICROS)))
        .sorted(BY_ATTRIBUTE_THEN_SOURCE).toList();
    assertThat(LatestValues.decode(LatestValues.encode(values))).isEqualTo(expected);
  }

  /** The order the layout gives, written out here independently of the class's own comparator. */
  private static final java.util.Comparator<AttributeValue> BY_ATTRIBUTE_THEN_SOURCE =
      java.util.Comparator.comparing(AttributeValue::attribute).thenComparing(AttributeValue::source);

  @Provide
  Arbitrary<List<AttributeValue>> values() {
    // Attributes and sources often the same few (as a device's are), so that ties are broken by the source.
    Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Arbitraries.of("fqdn", "hostname", "rdns",
        "wem", ""));
    Arbitrary<Instant> time = Arbitraries.longs().between(-2_000_000_000L, 4_000_000_000L)
        .flatMap(s -> Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n)));
    return Combinators.combine(text, text, text, text, time, time).as(AttributeValue::new).list().ofMaxSize(12)
        .uniqueElements(v -> v.attribute() + "\u0000" + v.source());
  }

  @Test
  void aDeviceWithoutValuesHasNone() {
    assertThat(LatestValues.decode(null)).isEmpty();
    assertThat(LatestValues.decode(LatestValues.encode(List.of()))).isEmpty();
  }

  @Test
  void damagedBytesAreRefusedWithAReasonNotMisread() {
    byte[] packed = LatestValues.encode(List.of(new AttributeValue("hostname", "plc-1", "rdns", "PTR from 127.0.0.1:53",
        Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"))));
    assertThatThrownBy(() -> LatestValues.decode(Arrays.copyOf(packed, packed.length - 3)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cut short");
    byte[] other = packed.clone();
    other[0] = 9;
    assertThatThrownBy(() -> LatestValues.decode(other)).hasMessageContaining("unknown version");
  }
}

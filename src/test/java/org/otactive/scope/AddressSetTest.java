package org.otactive.scope;

import org.otactive.common.BadInputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressSetTest {
  private static List<String> list(AddressSet s) {
    return StreamSupport.stream(s.spliterator(), false).map(Addresses::canonical).toList();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
    "10.0.0.0/24; 256",
    "10.0.0.77/24; 256",                 // host bits set: the whole block, as nmap reads it
    "10.0.0.0/255.255.255.0; 256",       // mask form
    "10.0.0.5; 1",
    "10.0.0.0/32; 1",
    "10.0.0.1-10.0.1.20; 276",           // a-b across an octet
    "10.0.0.1-20; 20",                   // segment range
    "fd00::/120; 256",
    "fd00::1-fd00::10; 16",
    "fd00::5; 1",
    "0.0.0.0/0; 4294967296",
  })
  void countsEveryForm(String spec, String count) {
    assertThat(AddressSet.of(spec).size()).isEqualTo(new BigInteger(count));
  }

  @Test
  void iteratesInOrderOnceEachAcrossOverlapsAndFamilies() {
    AddressSet s = AddressSet.of(List.of("fd00::1-fd00::2", "10.0.0.3-10.0.0.5", "10.0.0.0/30"), List.of());
    assertThat(list(s)).containsExactly(
        "10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5", "fd00::1", "fd00::2");
  }

  @Test
  void exclusionsCutHoles() {
    AddressSet s = AddressSet.of(List.of("10.0.0.0/29", "fd00::/126"), List.of("10.0.0.2-10.0.0.3", "10.0.0.7", "fd00::1"));
    assertThat(list(s)).containsExactly("10.0.0.0", "10.0.0.1", "10.0.0.4", "10.0.0.5", "10.0.0.6",
        "fd00::", "fd00::2", "fd00::3");
    assertThat(s.size()).isEqualTo(BigInteger.valueOf(8));
    assertThat(s.contains(addr("10.0.0.3"))).isFalse();
    assertThat(s.contains(addr("10.0.0.4"))).isTrue();
    assertThat(s.contains(addr("10.0.0.8"))).isFalse();
    assertThat(s.contains(addr("fd00::1"))).isFalse();
    assertThat(s.contains(addr("fd00::3"))).isTrue();
  }

  @Test
  void aUnionJoinsNeighboursAndKeepsTheFamiliesApart() {
    AddressSet a = AddressSet.of(List.of("10.0.0.0/30", "fd00::1"), List.of());
    AddressSet b = AddressSet.of(List.of("10.0.0.4-10.0.0.5", "10.0.0.9", "fd00::2"), List.of());
    assertThat(a.union(b).toString()).isEqualTo("10.0.0.0-10.0.0.5,10.0.0.9,fd00::1-fd00::2");
    assertThat(a.union(AddressSet.empty())).isEqualTo(a);
    assertThat(AddressSet.empty().union(b)).isEqualTo(b);
  }

  @Test
  void aSiteKeepsWhatWasTakenOutOfItsRangesAndOnlyThat() {
    Site s = Site.of("plant", Site.zone("UTC"), List.of("10.0.0.0/29"), List.of("10.0.0.5", "10.9.9.9"));
    assertThat(s.ranges().toString()).isEqualTo("10.0.0.0-10.0.0.4,10.0.0.6-10.0.0.7");
    assertThat(s.excluded().toString()).as("an address outside the ranges is not the site's to exclude").isEqualTo("10.0.0.5");
    assertThatThrownBy(() -> new Site("plant", Site.zone("UTC"), AddressSet.of("10.0.0.0/29"), AddressSet.of("10.0.0.5")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void excludingEverythingLeavesEmpty() {
    assertThat(AddressSet.of(List.of("10.0.0.0/24"), List.of("10.0.0.0/16")).isEmpty()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "10.0.0.256", "300.1.1.1/24", "foo", "", " ", "*", "10.0.0.9-10.0.0.1",
      "10.0.0.1-fd00::1", "fd00::/129", "10.0.0.0/24/8", "plc.example.com", "1.2.3.4-5-6", "10.0.0.\u001b[2J"})
  void badSpecsAreRejectedNamingTheValue(String spec) {
    assertThatThrownBy(() -> AddressSet.of(spec))
        .isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u001b"))
        .satisfies(e -> {
          if (!spec.isBlank()) assertThat(e.getMessage()).contains(spec.replace('\u001b', '?'));
        });
  }

  @Test
  void addressesParseAndCanonicalise() {
    assertThat(Addresses.canonical(Addresses.parse("FD00:0:0::0001"))).isEqualTo("fd00::1");
    assertThat(Addresses.canonical(Addresses.parse("010.1.2.3"))).isEqualTo("10.1.2.3");
    assertThatThrownBy(() -> Addresses.parse("10.0.0.0/24")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("10.0.0.0/24");
    assertThatThrownBy(() -> Addresses.parse("localhost")).isInstanceOf(BadInputException.class);
  }

  @Test
  void sitesValidateNameAndZone() {
    assertThat(new Site("Plant 1", Site.zone("Europe/Berlin"), AddressSet.of("10.0.0.0/24")).zone().getId())
        .isEqualTo("Europe/Berlin");
    assertThatThrownBy(() -> Site.zone("Mars/Olympus")).isInstanceOf(BadInputException.class)
        .hasMessageContaining("Mars/Olympus");
    assertThatThrownBy(() -> new Site("<b>x</b>", Site.zone("UTC"), AddressSet.empty()))
        .isInstanceOf(BadInputException.class);
  }

  private static InetAddress addr(String s) {
    return Addresses.parse(s);
  }
}

package org.otactive.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.otactive.common.BadInputException;

class AddressesTest {
  @Test
  void theSortKeyIsTheFamilyThenTheBytesInHex() {
    assertThat(Addresses.sortKey(Addresses.parse("192.168.0.1"))).isEqualTo("4c0a80001");
    assertThat(Addresses.sortKey(Addresses.parse("2001:db8::1"))).isEqualTo("620010db8000000000000000000000001");
  }

  record Row(String address, int order) {}

  @Test
  void sortsNumericallyIpv4FirstAndKeepsTheOrderOfEqualAddresses() {
    List<Row> rows = new ArrayList<>(List.of(new Row("2001:db8::1", 0), new Row("10.0.0.10", 1), new Row("10.0.0.9", 2),
        new Row("10.0.0.10", 3), new Row("9.255.255.255", 4)));
    Addresses.sortByAddress(rows, Row::address);
    assertThat(rows).extracting(Row::order).containsExactly(4, 2, 1, 3, 0);
  }

  @Test
  void aBadAddressIsNamedAndTheListLeftAsItWas() {
    List<String> rows = new ArrayList<>(List.of("10.0.0.2", "ten", "10.0.0.1"));
    assertThatThrownBy(() -> Addresses.sortByAddress(rows, a -> a)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("'ten'");
    assertThat(rows).containsExactly("10.0.0.2", "ten", "10.0.0.1");
  }

  /** The hand-made IPv4 text is the library's canonical one, for any address. */
  @Property
  void ipv4TextIsTheLibrarysCanonicalText(@ForAll @Size(4) byte[] bytes) throws Exception {
    InetAddress a = InetAddress.getByAddress(bytes);
    String text = Addresses.canonical(a);
    assertThat(text).isEqualTo(new IPAddressString(a.getHostAddress()).getAddress().toCanonicalString());
    assertThat(Addresses.parse(text)).isEqualTo(a);
  }
}

package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.otactive.common.BadInputException;

/** The DNS servers as table rows (address, port, labels, subnets) and the per-server labels they carry. */
class DnsServerTableTest {
  private final DnsServerTable table = new DnsServerTable("dns-server");

  @ParameterizedTest
  @ValueSource(strings = {"10.20.0.53", "10.20.0.53:5353", "10.20.0.53:53#2", "10.20.0.53#3=10.20.0.0/16,10.21.0.0/24",
      "[fd00::53]:53#2=fd00::/64", "fd00::53"})
  void aValueSplitsIntoCellsAndJoinsBackUnchanged(String value) {
    assertThat(table.join(table.split(value))).isEqualTo(value);
  }

  @Test
  void cellsAsTypedJoinIntoTheOptionsGrammar() {
    assertThat(table.join(Map.of("address", " 10.20.0.53 ", "port", "53", "labels", "2", "subnets", "10.20.0.0/16, 10.21.0.0/24")))
        .isEqualTo("10.20.0.53:53#2=10.20.0.0/16,10.21.0.0/24");
    assertThat(table.join(Map.of("address", "fd00::53", "port", "5353"))).isEqualTo("[fd00::53]:5353");
    assertThat(table.join(Map.of("address", "", "port", ""))).as("an empty row is dropped").isEmpty();
  }

  @Test
  void aServersOwnLabelsOverrideTheMethodsDefault() {
    assertThat(DnsServerSpec.parse("10.20.0.53:53#3=10.20.0.0/16", 1).labels()).isEqualTo(3);
    assertThat(DnsServerSpec.parse("10.20.0.53:53", 2).labels()).isEqualTo(2);
    assertThatThrownBy(() -> DnsServerSpec.parse("10.20.0.53#x", 1)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("labels after '#' is not a number: 'x'");
    assertThatThrownBy(() -> DnsServerSpec.parse("10.20.0.53#200", 1)).hasMessageContaining("labels out of range: 200");
  }
}

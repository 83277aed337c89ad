package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.otactive.scope.Addresses;
import org.otactive.common.BadInputException;

class DnsServerSpecTest {
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
    "127.0.0.1; 127.0.0.1:53; ",
    "127.0.0.1:5392; 127.0.0.1:5392; ",
    "127.0.0.1:5392=10.78.0.0/16,10.79.0.0/24; 127.0.0.1:5392; 10.79.0.9",
    "[::1]:53=fd00::/64; [::1]:53; fd00::9",
    "[::1]; [::1]:53; ",
    "::1; [::1]:53; ",
  })
  void parses(String spec, String label, String served) {
    DnsServer s = DnsServerSpec.parse(spec, 2);
    assertThat(s.label()).isEqualTo(label);
    assertThat(s.labels()).isEqualTo(2);
    if (served != null) {
      assertThat(s.serves(Addresses.parse(served))).isTrue();
      assertThat(s.serves(Addresses.parse(served.contains(":") ? "fd01::1" : "10.80.0.1"))).isFalse();
    } else {
      assertThat(s.serves(Addresses.parse("10.1.2.3"))).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
    "127.0.0.1:0; '0'",
    "127.0.0.1:65536; '65536'",
    "127.0.0.1:x; 'x'",
    "dns.example.com; 'dns.example.com'",
    "127.0.0.1=10.0.0.0/33; '10.0.0.0/33'",
    "127.0.0.1=; '127.0.0.1='",
    "[::1:53; '[::1:53'",
  })
  void rejectsNamingTheBadValue(String spec, String named) {
    assertThatThrownBy(() -> DnsServerSpec.parse(spec, 1))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(named);
  }

  @org.junit.jupiter.api.Test
  void aPortThatIsNoNumberIsToldWithTheForm() {
    // "@" for "=" is an easy slip: the message must not read as if 5399 were too large.
    assertThatThrownBy(() -> DnsServerSpec.parse("127.0.0.1:5399@10.0.0.0/8", 1))
        .isInstanceOf(BadInputException.class)
        .hasMessage("DNS server port is not a number: '5399@10.0.0.0/8' (the form is ADDR[:PORT][#LABELS][=SUBNET,SUBNET...])");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 128})
  void labelsOutOfRange(int labels) {
    assertThatThrownBy(() -> DnsServerSpec.parse("127.0.0.1", labels))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(String.valueOf(labels));
  }
}

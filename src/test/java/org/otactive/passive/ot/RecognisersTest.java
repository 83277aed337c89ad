package org.otactive.passive.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.otactive.testing.PcapWriter.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each recogniser on the vectors of {@link CraftedProtocolsTest} (which tshark confirms): it
 * claims its own messages with the sender's role, and refuses them cut short, with their first
 * byte changed, and every other protocol's messages.
 */
class RecognisersTest {
  static Recogniser of(String protocol) {
    List<Recogniser> all = new ArrayList<>(Recognisers.TCP);
    all.addAll(Recognisers.UDP);
    return all.stream().filter(r -> r.protocol().label().equals(protocol)).findFirst().orElseThrow();
  }

  static Stream<CraftedProtocolsTest.Case> cases() {
    return CraftedProtocolsTest.CASES.stream();
  }

  static final java.util.Map<String, Role[]> ROLES = java.util.Map.of(
      "modbus", new Role[] {Role.EITHER, Role.EITHER}, "s7comm", new Role[] {Role.CLIENT, Role.SERVER},
      "s7comm-plus", new Role[] {Role.CLIENT, Role.SERVER}, "enip", new Role[] {Role.EITHER, Role.EITHER},
      "dnp3", new Role[] {Role.CLIENT, Role.SERVER}, "opcua", new Role[] {Role.CLIENT, Role.SERVER},
      "iec104", new Role[] {Role.CLIENT, Role.SERVER}, "bacnet", new Role[] {Role.CLIENT, Role.SERVER},
      "cip-io", new Role[] {Role.EITHER});

  @ParameterizedTest
  @MethodSource("cases")
  void claimsItsOwnMessagesWithTheSendersRole(CraftedProtocolsTest.Case c) {
    Recogniser r = of(c.protocol());
    byte[] request = hex(c.request());
    assertThat(r.recognise(request, 0, request.length)).isEqualTo(ROLES.get(c.protocol())[0]);
    if (c.reply() != null) {
      byte[] reply = hex(c.reply());
      assertThat(r.recognise(reply, 0, reply.length)).isEqualTo(ROLES.get(c.protocol())[1]);
    }
    // inside a larger buffer, at an offset
    byte[] padded = new byte[request.length + 7];
    System.arraycopy(request, 0, padded, 3, request.length);
    assertThat(r.recognise(padded, 3, request.length)).isNotNull();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void refusesCutOrAlteredMessagesAndOtherProtocols(CraftedProtocolsTest.Case c) {
    Recogniser r = of(c.protocol());
    byte[] request = hex(c.request());
    if (!c.protocol().equals("dnp3")) { // a DNP3 header is checked by its CRC, not by its length
      assertThat(r.recognise(request, 0, request.length - 1)).as("cut by one byte").isNull();
    }
    byte[] altered = request.clone();
    altered[c.protocol().equals("modbus") ? 2 : 0] ^= (byte) 0x5A;
    assertThat(r.recognise(altered, 0, altered.length)).as("first byte changed").isNull();
    for (CraftedProtocolsTest.Case other : CraftedProtocolsTest.CASES) {
      if (other.protocol().equals(c.protocol()) || other.protocol().startsWith("s7") && c.protocol().startsWith("s7")) continue;
      byte[] o = hex(other.request());
      assertThat(r.recognise(o, 0, o.length)).as("%s taken for %s", other.protocol(), c.protocol()).isNull();
    }
    assertThat(r.recognise(new byte[0], 0, 0)).isNull();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void s7commAndS7commPlusAreTold(CraftedProtocolsTest.Case c) {
    if (!c.protocol().startsWith("s7")) return;
    String other = c.protocol().equals("s7comm") ? "s7comm-plus" : "s7comm";
    byte[] b = hex(c.request());
    assertThat(of(other).recognise(b, 0, b.length)).isNull();
  }
}

package org.otactive.probe.wmi.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otactive.probe.wmi.ntlm.NtlmCodec;
import org.otactive.probe.wmi.ntlm.NtlmMessage;

/**
 * The fuzz targets' seeds from real peers (Samba's samba-dcerpcd and impacket, captured by
 * scripts/fuzz-seeds-rpc) are also vectors: every PDU decodes to the type its file is named after,
 * the handshake's PDUs carry an NTLM message in their trailer, and every NTLM message decodes to its
 * named kind, the AUTHENTICATE messages naming the test account.
 */
class SambaSeedsTest {
  private static final String PDUS = "PduFuzzTestInputs/anyPduDecodes/";
  private static final String NTLM = "/org/otactive/probe/wmi/ntlm/NtlmFuzzTestInputs/anyMessageDecodes/";

  @Test
  void everySambaPduDecodesToItsNamedType() throws Exception {
    List<String> names = seeds(SambaSeedsTest.class, PDUS);
    assertThat(names).hasSizeGreaterThanOrEqualTo(10);
    List<PduType> types = new ArrayList<>();
    int handshakes = 0;
    for (String name : names) {
      Pdu pdu = PduCodec.decode(read(SambaSeedsTest.class, PDUS + name));
      PduType expected = switch (name.substring("samba-00-".length())) {
        case "bind" -> PduType.BIND;
        case "bind-ack" -> PduType.BIND_ACK;
        case "auth3" -> PduType.AUTH3;
        case "request" -> PduType.REQUEST;
        case "response" -> PduType.RESPONSE;
        case "fault" -> PduType.FAULT;
        default -> throw new AssertionError("a seed of an unexpected kind: " + name);
      };
      assertThat(PduCodec.header(read(SambaSeedsTest.class, PDUS + name)).type()).as(name).isEqualTo(expected);
      // The endpoint mapper is asked without authentication; samr at integrity and at privacy.
      if ((expected == PduType.BIND || expected == PduType.BIND_ACK || expected == PduType.AUTH3) && pdu.auth().isPresent()) {
        byte[] token = pdu.auth().get().token();
        assertThat(new String(token, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).as(name).isEqualTo("NTLMSSP\0");
        handshakes++;
      }
      types.add(expected);
    }
    // Both levels: two NTLM handshakes (bind, bind-ack, auth3), requests and their responses.
    assertThat(types).contains(PduType.BIND, PduType.BIND_ACK, PduType.AUTH3, PduType.REQUEST, PduType.RESPONSE);
    assertThat(handshakes).as("NTLM in bind, bind-ack and auth3 of both samr connections").isEqualTo(6);
  }

  @Test
  void everyNtlmSeedDecodesToItsNamedKind() throws Exception {
    List<String> names = seeds(SambaSeedsTest.class, NTLM);
    assertThat(names).hasSizeGreaterThanOrEqualTo(3);
    for (String name : names) {
      NtlmMessage m = NtlmCodec.decode(read(SambaSeedsTest.class, NTLM + name));
      switch (name.substring("samba-00-".length())) {
        case "negotiate" -> assertThat(m).as(name).isInstanceOf(NtlmMessage.Negotiate.class);
        case "challenge" -> assertThat(m).as(name).isInstanceOf(NtlmMessage.Challenge.class);
        case "authenticate" -> assertThat(((NtlmMessage.Authenticate) m).user()).as(name).isEqualTo("otactive-wmi");
        default -> throw new AssertionError("a seed of an unexpected kind: " + name);
      }
    }
  }

  private static List<String> seeds(Class<?> near, String folder) throws IOException {
    try (InputStream list = near.getResourceAsStream(folder)) {
      assertThat(list).as("seed folder " + folder).isNotNull();
      return new String(list.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
          .filter(n -> n.startsWith("samba-")).sorted().toList();
    }
  }

  private static byte[] read(Class<?> near, String path) throws IOException {
    try (InputStream in = near.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }
}

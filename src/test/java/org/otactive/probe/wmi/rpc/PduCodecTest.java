package org.otactive.probe.wmi.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PDU layouts of C706 12.6 and MS-RPCE 2.2.2, and hostile headers. */
class PduCodecTest {
  static final HexFormat HEX = HexFormat.of();

  @Test
  void bindLaysOutHeaderContextsAndAuthTrailer() throws Exception {
    Pdu.Bind bind = new Pdu.Bind(PduType.BIND, Pdu.FIRST_FRAG | Pdu.LAST_FRAG, 1, 5840, 5840, 0,
        List.of(new Pdu.PresentationContext(0, EndpointMapper.INTERFACE, List.of(SyntaxId.NDR20))),
        Optional.of(new AuthVerifier(AuthVerifier.NTLM, AuthLevel.PKT_PRIVACY.code, 0, 0, new byte[] {1, 2})));
    byte[] b = PduCodec.encode(bind);
    assertThat(HEX.formatHex(b)).isEqualTo(
        "05000b0310000000" + "5200" + "0200" + "01000000" // header: bind, first|last, NDR LE, frag 82, auth 2, call 1
            + "d016d016" + "00000000" + "01000000" // max frags, assoc group, 1 context
            + "0000" + "01" + "00" + "0883afe11f5dc91191a408002b14a0fa" + "03000000"
            + "045d888aeb1cc9119fe808002b104860" + "02000000"
            + "0a06000000000000" + "0102"); // sec_trailer: NTLM, privacy, pad 0, context 0
    assertThat(PduCodec.decode(b)).usingRecursiveComparison().isEqualTo(bind);
  }

  @Test
  void requestWithPaddingAndObjectRoundTrips() throws Exception {
    java.util.UUID object = java.util.UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    Pdu.Request r = new Pdu.Request(Pdu.FIRST_FRAG | Pdu.LAST_FRAG | Pdu.OBJECT_UUID, 9, 3, 1, 4, Optional.of(object),
        new byte[] {7, 7, 7}, Optional.of(new AuthVerifier(10, 5, AuthVerifier.padFor(3), 0, new byte[16])));
    byte[] b = PduCodec.encode(r);
    assertThat(b).hasSize(16 + 8 + 16 + 3 + 13 + 8 + 16);
    Pdu.Request back = (Pdu.Request) PduCodec.decode(b);
    assertThat(back.stub()).containsExactly(7, 7, 7);
    assertThat(back.object()).contains(object);
    assertThat(back.auth().orElseThrow().padLength()).isEqualTo(13);
  }

  @Test
  void faultCarriesItsStatus() throws Exception {
    byte[] b = PduCodec.encode(new Pdu.Fault(3, 2, 0, 0, 0, FaultStatus.NCA_S_OP_RNG_ERROR, Optional.empty()));
    assertThat(((Pdu.Fault) PduCodec.decode(b)).status()).isEqualTo(0x1c010002);
    assertThat(FaultStatus.describe(0x1c010002)).isEqualTo("nca_s_op_rng_error (0x1c010002)");
    assertThat(FaultStatus.describe(0x12345678)).isEqualTo("0x12345678");
  }

  @Test
  void theStatusesAUserMeetsHaveNamesAndLikelyCauses() {
    java.util.Map<Integer, String> met = java.util.Map.of(
        0x80070005, "E_ACCESSDENIED", 0x00000005, "ERROR_ACCESS_DENIED", 0x80010108, "RPC_E_DISCONNECTED",
        0x80041003, "WBEM_E_ACCESS_DENIED", 0x8004100e, "WBEM_E_INVALID_NAMESPACE", 0x80041017, "WBEM_E_INVALID_QUERY",
        0x80041010, "WBEM_E_INVALID_CLASS", 0x00040004, "WBEM_S_TIMEDOUT");
    met.forEach((code, name) -> {
      assertThat(FaultStatus.describe(code)).isEqualTo(name + String.format(" (0x%08x)", code));
      assertThat(FaultStatus.likelyCause(code)).as(name).isNotBlank();
    });
    assertThat(FaultStatus.explain(0x8004100e)).isEqualTo("WBEM_E_INVALID_NAMESPACE (0x8004100e): the namespace does not"
        + " exist on this host (check its spelling, e.g. root/cimv2)");
    assertThat(FaultStatus.failed(0x00040004)).as("a success code").isFalse();
    assertThat(FaultStatus.failed(0x80041010)).isTrue();
  }

  @Test
  void bindAckWithSecondaryAddressAlignsTheResultList() throws Exception {
    Pdu.BindAck ack = new Pdu.BindAck(PduType.BIND_ACK, 3, 1, 4280, 4280, 0x55, "49152",
        List.of(new Pdu.ContextResult(2, 1, new SyntaxId(new java.util.UUID(0, 0), 0, 0))), Optional.empty());
    assertThat(PduCodec.decode(PduCodec.encode(ack))).isEqualTo(ack);
  }

  @Test
  void hostileHeaders_areFormatErrors() {
    byte[] ok = PduCodec.encode(new Pdu.Auth3(3, 1, Optional.empty()));
    byte[] bigEndian = ok.clone();
    bigEndian[4] = 0;
    assertThatThrownBy(() -> PduCodec.decode(bigEndian)).isInstanceOf(PduFormatException.class)
        .hasMessageContaining("data representation");
    byte[] authTooLong = ok.clone();
    authTooLong[10] = (byte) 0xff;
    assertThatThrownBy(() -> PduCodec.decode(authTooLong)).hasMessageContaining("auth_length 255");
    byte[] fragShort = ok.clone();
    fragShort[8] = 8;
    assertThatThrownBy(() -> PduCodec.decode(fragShort)).hasMessageContaining("frag_length 8 is below 16");
    byte[] wrongVersion = ok.clone();
    wrongVersion[0] = 4;
    assertThatThrownBy(() -> PduCodec.decode(wrongVersion)).hasMessageContaining("version 5.0");
  }

  @Test
  void padLengthReachingIntoTheHeader_isAFormatError() {
    byte[] b = PduCodec.encode(new Pdu.Response(3, 1, 0, 0, 0, new byte[0],
        Optional.of(new AuthVerifier(10, 5, 0, 0, new byte[16]))));
    b[b.length - 16 - 8 + 2] = (byte) 200; // auth_pad_length
    assertThatThrownBy(() -> PduCodec.decode(b)).isInstanceOf(PduFormatException.class)
        .hasMessageContaining("auth_pad_length 200");
  }
}

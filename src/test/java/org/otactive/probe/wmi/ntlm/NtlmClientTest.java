package org.otactive.probe.wmi.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's handshake, checked by a server computed in the test from MS-NLMP 3.2.5. */
class NtlmClientTest {
  static final byte[] SERVER_CHALLENGE = HexFormat.of().parseHex("0123456789abcdef");
  static final long SERVER_TIME = 0x01d9_0000_1234_5678L;
  static final byte[] SESSION_KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

  static byte[] challenge(int flags) {
    TargetInfo info = new TargetInfo(List.of(
        AvPair.text(AvPair.NB_DOMAIN_NAME, "SAMBA"), AvPair.text(AvPair.NB_COMPUTER_NAME, "HOST"),
        new AvPair(AvPair.TIMESTAMP, Bytes.le64(SERVER_TIME))));
    return NtlmCodec.encode(new NtlmMessage.Challenge(flags, SERVER_CHALLENGE, "SAMBA", info, new byte[8]));
  }

  static NtlmClient client(boolean seal) {
    return new NtlmClient(Credentials.parse("SAMBA\\alice", "s3cret"), seal, "PROBE",
        HexFormat.of().parseHex("1122334455667788"), SESSION_KEY);
  }

  @Test
  void authenticateCarriesAProofTheServerCanCheckAndAMicOverAllThreeMessages() throws Exception {
    NtlmClient client = client(true);
    byte[] negotiate = client.negotiate();
    int serverFlags = NtlmClient.BASE_FLAGS | NegotiateFlags.SEAL | NegotiateFlags.TARGET_TYPE_SERVER;
    byte[] challenge = challenge(serverFlags);
    NtlmClient.Authenticated auth = client.authenticate(challenge, 42L);

    NtlmMessage.Authenticate a = (NtlmMessage.Authenticate) NtlmCodec.decode(auth.message());
    assertThat(a.user()).isEqualTo("alice");
    assertThat(a.domain()).isEqualTo("SAMBA");
    assertThat(a.workstation()).isEqualTo("PROBE");
    assertThat(a.lmChallengeResponse()).as("zero LM response when the server sent a timestamp").isEqualTo(new byte[24]);

    // The server's check: recompute NTProofStr from the blob with the shared secret.
    byte[] key = NtlmCrypto.ntowfv2(NtlmCrypto.ntHash("s3cret"), "alice", "SAMBA");
    byte[] nt = a.ntChallengeResponse();
    byte[] blob = Arrays.copyOfRange(nt, 16, nt.length);
    assertThat(Bytes.le64(blob, 8)).as("the server's timestamp, not ours").isEqualTo(SERVER_TIME);
    assertThat(NtlmCrypto.hmacMd5(key, SERVER_CHALLENGE, blob)).isEqualTo(Arrays.copyOf(nt, 16));
    TargetInfo echoed = TargetInfo.decode(Arrays.copyOfRange(blob, 28, blob.length));
    assertThat(echoed.find(AvPair.FLAGS).map(p -> Bytes.le32(p.value(), 0))).contains(TargetInfo.FLAG_MIC_PRESENT);

    byte[] sessionBaseKey = NtlmCrypto.hmacMd5(key, Arrays.copyOf(nt, 16));
    byte[] exported = NtlmCrypto.rc4(sessionBaseKey, a.encryptedRandomSessionKey());
    assertThat(exported).isEqualTo(SESSION_KEY);
    byte[] zeroed = auth.message().clone();
    Arrays.fill(zeroed, NtlmCodec.MIC_OFFSET, NtlmCodec.MIC_OFFSET + 16, (byte) 0);
    assertThat(a.mic()).isEqualTo(NtlmCrypto.hmacMd5(exported, negotiate, challenge, zeroed));

    // And both sides protect messages with matching keys, in both directions.
    NtlmSession server = NtlmSession.server(a.flags(), exported);
    byte[] msg = "request".getBytes(StandardCharsets.US_ASCII);
    NtlmSession.Sealed sealed = auth.session().seal(msg, 2, 3);
    byte[] wire = msg.clone();
    System.arraycopy(sealed.encrypted(), 0, wire, 2, 3);
    assertThat(server.unseal(wire, 2, 3, sealed.signature())).isEqualTo("que".getBytes(StandardCharsets.US_ASCII));
    byte[] reply = "reply".getBytes(StandardCharsets.US_ASCII);
    auth.session().verify(reply, server.sign(reply));
  }

  @Test
  void aTamperedOrReplayedSignatureIsRefused() throws Exception {
    NtlmClient client = client(false);
    client.negotiate();
    NtlmClient.Authenticated auth = client.authenticate(challenge(NtlmClient.BASE_FLAGS), 0L);
    NtlmMessage.Authenticate a = (NtlmMessage.Authenticate) NtlmCodec.decode(auth.message());
    byte[] key = NtlmCrypto.ntowfv2(NtlmCrypto.ntHash("s3cret"), "alice", "SAMBA");
    byte[] base = NtlmCrypto.hmacMd5(key, Arrays.copyOf(a.ntChallengeResponse(), 16));
    NtlmSession server = NtlmSession.server(a.flags(), NtlmCrypto.rc4(base, a.encryptedRandomSessionKey()));

    byte[] first = server.sign("one".getBytes(StandardCharsets.US_ASCII));
    byte[] altered = first.clone();
    altered[5] ^= 1;
    assertThatThrownBy(() -> auth.session().verify("one".getBytes(StandardCharsets.US_ASCII), altered))
        .isInstanceOf(NtlmSignatureException.class).hasMessageContaining("does not match");

    NtlmClient replayClient = client(false);
    replayClient.negotiate();
    NtlmSession fresh = replayClient.authenticate(challenge(NtlmClient.BASE_FLAGS), 0L).session();
    fresh.verify("one".getBytes(StandardCharsets.US_ASCII), first);
    assertThatThrownBy(() -> fresh.verify("one".getBytes(StandardCharsets.US_ASCII), first))
        .isInstanceOf(NtlmSignatureException.class).hasMessageContaining("sequence number 0, expected 1");
  }

  @Test
  void aServerThatDropsSealingOrKeyExchangeIsRefused() {
    NtlmClient sealing = client(true);
    sealing.negotiate();
    assertThatThrownBy(() -> sealing.authenticate(challenge(NtlmClient.BASE_FLAGS), 0L))
        .isInstanceOf(NtlmFormatException.class).hasMessageContaining("SEAL");
    NtlmClient signing = client(false);
    signing.negotiate();
    assertThatThrownBy(() -> signing.authenticate(challenge(NtlmClient.BASE_FLAGS & ~NegotiateFlags.KEY_EXCH), 0L))
        .isInstanceOf(NtlmFormatException.class).hasMessageContaining("KEY_EXCH");
  }

  @Test
  void accountNamesInTheThreeForms() {
    assertThat(Credentials.parse("CORP\\bob", "x")).isEqualTo(new Credentials("CORP", "bob", "x"));
    assertThat(Credentials.parse("bob@corp.example", "x")).isEqualTo(new Credentials("corp.example", "bob", "x"));
    assertThat(Credentials.parse("bob", "x")).isEqualTo(new Credentials("", "bob", "x"));
    assertThat(Credentials.parse("CORP\\bob", "hunter2").toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> Credentials.parse("CORP\\", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}

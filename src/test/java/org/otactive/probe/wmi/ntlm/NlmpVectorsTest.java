package org.otactive.probe.wmi.ntlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MS-NLMP section 4.2: the common values of 4.2.1 and the NTLMv2 examples of 4.2.4, byte for byte.
 */
class NlmpVectorsTest {
  static final HexFormat HEX = HexFormat.of();
  static final String USER = "User";
  static final String DOMAIN = "Domain";
  static final String PASSWORD = "Password";
  static final byte[] RANDOM_SESSION_KEY = HEX.parseHex("55555555555555555555555555555555");
  static final byte[] CLIENT_CHALLENGE = HEX.parseHex("aaaaaaaaaaaaaaaa");
  static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
  /** 4.2.4's challenge flags. */
  static final int FLAGS = 0xe28a8233;
  /** 4.2.4's TargetInfo: NetBIOS domain "Domain", NetBIOS server "Server". */
  static final TargetInfo TARGET_INFO = new TargetInfo(List.of(
      AvPair.text(AvPair.NB_DOMAIN_NAME, "Domain"), AvPair.text(AvPair.NB_COMPUTER_NAME, "Server")));

  static byte[] hex(String s) {
    return HEX.parseHex(s.replace(" ", ""));
  }

  byte[] responseKeyNt() {
    return NtlmCrypto.ntowfv2(NtlmCrypto.ntHash(PASSWORD), USER, DOMAIN);
  }

  Ntlmv2Response response() {
    return Ntlmv2Response.compute(responseKeyNt(), SERVER_CHALLENGE, CLIENT_CHALLENGE, 0L, TARGET_INFO.encode());
  }

  @Test
  void ntHashOfPasswordIs4_2_2_1_2() {
    assertThat(NtlmCrypto.ntHash(PASSWORD)).isEqualTo(hex("a4 f4 9c 40 65 10 bd ca b6 82 4e e7 c3 0f d8 52"));
  }

  @Test
  void ntowfv2Is4_2_4_1_1() {
    assertThat(responseKeyNt()).isEqualTo(hex("0c 86 8a 40 3b fd 7a 93 a3 00 1e f2 2e f0 2e 3f"));
  }

  @Test
  void sessionBaseKeyIs4_2_4_1_2() {
    assertThat(response().sessionBaseKey()).isEqualTo(hex("8d e4 0c ca db c1 4a 82 f1 5c b0 ad 0d e9 5c a3"));
  }

  @Test
  void lmv2ResponseIs4_2_4_2_1() {
    assertThat(response().lmChallengeResponse())
        .isEqualTo(hex("86 c3 50 97 ac 9c ec 10 25 54 76 4a 57 cc cc 19 aa aa aa aa aa aa aa aa"));
  }

  @Test
  void ntProofStrIs4_2_4_2_2_andTheBlobFollowsIt() {
    byte[] nt = response().ntChallengeResponse();
    assertThat(java.util.Arrays.copyOf(nt, 16)).isEqualTo(hex("68 cd 0a b8 51 e5 1c 96 aa bc 92 7b eb ef 6a 1c"));
    assertThat(java.util.Arrays.copyOfRange(nt, 16, nt.length)).isEqualTo(hex(
        "01 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 aa aa aa aa aa aa aa aa 00 00 00 00"
            + "02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00 01 00 0c 00 53 00 65 00 72 00 76 00 65 00 72 00"
            + "00 00 00 00 00 00 00 00"));
  }

  @Test
  void encryptedSessionKeyIs4_2_4_2_3() {
    assertThat(NtlmCrypto.rc4(response().sessionBaseKey(), RANDOM_SESSION_KEY))
        .isEqualTo(hex("c5 da d2 54 4f c9 79 90 94 ce 1c e9 0b c9 d0 3e"));
  }

  @Test
  void challengeMessageOf4_2_4_3Decodes() throws Exception {
    byte[] wire = hex("4e 54 4c 4d 53 53 50 00 02 00 00 00 0c 00 0c 00 38 00 00 00 33 82 8a e2 01 23 45 67 89 ab cd ef"
        + "00 00 00 00 00 00 00 00 24 00 24 00 44 00 00 00 06 00 70 17 00 00 00 0f 53 00 65 00 72 00 76 00"
        + "65 00 72 00 02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00 01 00 0c 00 53 00 65 00 72 00 76 00"
        + "65 00 72 00 00 00 00 00");
    NtlmMessage.Challenge c = NtlmCodec.decodeChallenge(wire);
    assertThat(c.flags()).isEqualTo(FLAGS);
    assertThat(c.serverChallenge()).isEqualTo(SERVER_CHALLENGE);
    assertThat(c.targetName()).isEqualTo("Server");
    assertThat(c.targetInfo().encode()).isEqualTo(TARGET_INFO.encode());
    assertThat(c.version()).isEqualTo(hex("06 00 70 17 00 00 00 0f"));
    // and the encoder lays it out the same way
    assertThat(NtlmCodec.encode(c)).isEqualTo(wire);
  }

  @Test
  void sealingAndSigningKeysAre4_2_4_4() {
    assertThat(NtlmSession.sealKey(FLAGS, RANDOM_SESSION_KEY, "client-to-server"))
        .isEqualTo(hex("59 f6 00 97 3c c4 96 0a 25 48 0a 7c 19 6e 4c 58"));
    assertThat(NtlmSession.signKey(RANDOM_SESSION_KEY, "client-to-server"))
        .isEqualTo(hex("47 88 dc 86 1b 47 82 f3 5d 43 fd 98 fe 1a 2d 39"));
  }

  @Test
  void sealedMessageAndSignatureAre4_2_4_4() {
    byte[] plaintext = "Plaintext".getBytes(StandardCharsets.UTF_16LE);
    NtlmSession.Sealed sealed = NtlmSession.client(FLAGS, RANDOM_SESSION_KEY).seal(plaintext, 0, plaintext.length);
    assertThat(sealed.encrypted()).isEqualTo(hex("54 e5 01 65 bf 19 36 dc 99 60 20 c1 81 1b 0f 06 fb 5f"));
    assertThat(sealed.signature()).isEqualTo(hex("01 00 00 00 7f b3 8e c5 c5 5d 49 76 00 00 00 00"));
  }

  @Test
  void serverSideUnsealsThe4_2_4_4Message() throws Exception {
    byte[] wire = hex("54 e5 01 65 bf 19 36 dc 99 60 20 c1 81 1b 0f 06 fb 5f");
    byte[] plain = NtlmSession.server(FLAGS, RANDOM_SESSION_KEY)
        .unseal(wire, 0, wire.length, hex("01 00 00 00 7f b3 8e c5 c5 5d 49 76 00 00 00 00"));
    assertThat(new String(plain, StandardCharsets.UTF_16LE)).isEqualTo("Plaintext");
  }
}

package org.otactive.probe.wmi.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Hostile CHALLENGE messages: each fails with a reason, never with a runtime exception. */
class NtlmCodecTest {
  static byte[] challenge() {
    return NtlmCodec.encode(new NtlmMessage.Challenge(NtlmClient.BASE_FLAGS, new byte[8], "HOST",
        new TargetInfo(java.util.List.of(AvPair.text(AvPair.NB_COMPUTER_NAME, "HOST"))), new byte[8]));
  }

  @Test
  void targetInfoOffsetPastTheEnd_isAFormatError() {
    byte[] b = challenge();
    b[44] = (byte) 0xF0; // TargetInfo offset
    b[47] = (byte) 0x7F;
    assertThatThrownBy(() -> NtlmCodec.decodeChallenge(b)).isInstanceOf(NtlmFormatException.class)
        .hasMessageContaining("TargetInfo field");
  }

  @Test
  void avPairLongerThanTargetInfo_isAFormatError() {
    byte[] b = challenge();
    b[56 + 8 + 2] = (byte) 0xFF; // first AvPair's length (header 56, target name 8 bytes, then TargetInfo)
    assertThatThrownBy(() -> NtlmCodec.decodeChallenge(b)).isInstanceOf(NtlmFormatException.class)
        .hasMessageContaining("runs past");
  }

  @Test
  void truncatedMessagesAndWrongTypes_areFormatErrors() {
    byte[] b = challenge();
    for (int n = 0; n < 48; n++) {
      byte[] cut = java.util.Arrays.copyOf(b, n);
      assertThatThrownBy(() -> NtlmCodec.decodeChallenge(cut)).isInstanceOf(NtlmFormatException.class);
    }
    byte[] negotiate = NtlmCodec.encode(new NtlmMessage.Negotiate(NtlmClient.BASE_FLAGS));
    assertThatThrownBy(() -> NtlmCodec.decodeChallenge(negotiate)).hasMessageContaining("expected a CHALLENGE");
  }

  @Test
  void negotiateIsFortyBytesWithTheVersion() throws Exception {
    byte[] n = NtlmCodec.encode(new NtlmMessage.Negotiate(0xe2088297));
    assertThat(HexFormat.of().formatHex(n)).isEqualTo(
        "4e544c4d5353500001000000978208e2" + "0000000028000000" + "0000000028000000" + "0a0000000000000f");
    assertThat(NtlmCodec.decode(n)).isEqualTo(new NtlmMessage.Negotiate(0xe2088297));
  }
}

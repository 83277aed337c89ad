package org.otactive.probe.wmi.ntlm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HexFormat;

/**
 * Fuzz targets for the NTLM decoders: whatever the bytes, only {@link NtlmException}. A regression
 * test normally; {@code JAZZER_FUZZ=1} fuzzes for up to {@code maxDuration} (scripts/test does).
 */
class NtlmFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyMessageDecodes(byte[] data) {
    try {
      NtlmCodec.decode(data);
    } catch (NtlmFormatException expected) {
      // the contract
    }
    try {
      TargetInfo.decode(data);
    } catch (NtlmFormatException expected) {
      // the contract
    }
  }

  @FuzzTest(maxDuration = "10s")
  void theClientAnswersOrRefusesAnyChallenge(byte[] data) {
    NtlmClient client = new NtlmClient(Credentials.parse("D\\u", "p"), true, "W",
        HexFormat.of().parseHex("0102030405060708"), new byte[16]);
    client.negotiate();
    try {
      client.authenticate(data, 0L);
    } catch (NtlmFormatException expected) {
      // the contract
    }
  }
}

package org.otactive.probe.wmi.wmio;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets for the MS-WMIO decoder: whatever the bytes, a value or {@link WmioFormatException}
 * (never another exception, never an allocation a length field asked for without the octets to
 * back it); and what it decodes, it encodes to something that decodes to the same.
 * A regression test normally, over the inputs in {@code WmioFuzzTestInputs}; {@code JAZZER_FUZZ=1}
 * fuzzes for up to {@code maxDuration} (scripts/test does).
 */
class WmioFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyEncodingUnitDecodes(byte[] data) {
    WmiObject o;
    try {
      o = WmioDecoder.decode(data);
    } catch (WmioFormatException expected) {
      return; // the contract
    }
    byte[] again;
    try {
      again = WmioEncoder.encode(o);
    } catch (IllegalArgumentException cannotCarry) {
      // the one shape MS-WMIO decodes but cannot re-encode: a class that names a superclass and
      // came with an empty ParentClass
      assertThat(cannotCarry).hasMessageContaining("has no parent to encode");
      return;
    }
    try {
      assertThat(WmioDecoder.decode(again)).isEqualTo(o);
    } catch (WmioFormatException e) {
      throw new AssertionError("our own encoding of a decoded object does not decode", e);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyInstanceWithoutItsClassDecodes(byte[] data) {
    try {
      WmioDecoder.decodeInstanceNoClass(data, 0, data.length, WmioVectorsTest.expectedMyClass());
    } catch (WmioFormatException expected) {
      // the contract
    }
  }
}

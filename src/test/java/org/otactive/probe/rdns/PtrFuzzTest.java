package org.otactive.probe.rdns;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the PTR decoder, seeded with real NSD replies (scripts/fuzz-seeds-dns writes
 * them): whatever the bytes, {@link PtrReplyChecks#check} holds. A regression test normally;
 * {@code JAZZER_FUZZ=1} fuzzes for up to {@code maxDuration} (scripts/test does).
 */
class PtrFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void anyReplyDecodes(byte[] data) {
    PtrReplyChecks.check(data);
  }
}

package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.otactive.common.Packing;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;

class ResultCodecTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456789Z");

  /** Every kind of outcome the SPI has comes back as it went in (a kind added later must be added here too). */
  @Test
  void everyOutcomeKindRoundTrips() {
    List<TargetResult> in = new ArrayList<>();
    for (Class<?> kind : Outcome.class.getPermittedSubclasses()) {
      Outcome o = kind == Outcome.Ok.class ? new Outcome.Ok(List.of(new Fact("a", "b", "c")), "ok detail") : instance(kind);
      in.add(new TargetResult(InetAddress.getLoopbackAddress(), o, T0));
    }
    assertThat(ResultCodec.decode(ResultCodec.encode(in))).isEqualTo(in);
  }

  /** A batch writes each repeating text once: the same text in other results and other fields, as well. */
  @Test
  void textsRepeatedAcrossResultsAndFieldsComeBackRight() throws Exception {
    List<TargetResult> in = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String shared = i % 3 == 0 ? "ok" : "PTR from 127.0.0.1:53";
      in.add(new TargetResult(InetAddress.getByAddress(new byte[] {10, 6, (byte) (i >> 8), (byte) i}),
          i % 7 == 0 ? new Outcome.Failed(shared)
              : new Outcome.Ok(List.of(new Fact(shared, "v" + (i % 4), shared), new Fact("fqdn", "", "")), shared),
          Instant.ofEpochSecond(-86_400L * i, i)));
    }
    byte[] bytes = ResultCodec.encode(in);
    assertThat(ResultCodec.decode(bytes)).isEqualTo(in);
    // "PTR from 127.0.0.1:53" is written once, not about 600 times.
    assertThat(bytes.length).isLessThan(300 * 40);
  }

  private static int indexOf(byte[] in, byte[] what) {
    for (int i = 0; i + what.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) return i;
    }
    return -1;
  }

  private static Outcome instance(Class<?> kind) {
    try {
      return (Outcome) kind.getDeclaredConstructor(String.class).newInstance("detail of " + kind.getSimpleName());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Results written one by one (each into bytes of its own, as a spilled listing's rows) by one
   * encoder come back through one decoder: the texts of the first stay known to the later ones.
   */
  @Test
  void resultsWrittenOneByOneComeBackThroughOneDecoder() throws Exception {
    ResultCodec.Encoder encoder = new ResultCodec.Encoder();
    List<TargetResult> in = new ArrayList<>();
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      TargetResult r = new TargetResult(InetAddress.getByAddress(new byte[] {10, 9, 0, (byte) i}),
          i % 4 == 3 ? new Outcome.NoAnswer("no answer from 127.0.0.1:53")
              : new Outcome.Ok(List.of(new Fact("hostname", "h" + i, "PTR from 127.0.0.1:53")), "PTR from 127.0.0.1:53"),
          T0.plusSeconds(i));
      Packing.Writer out = new Packing.Writer(32);
      encoder.write(out, r);
      in.add(r);
      records.add(out.toByteArray());
    }
    assertThat(records.get(1).length).isLessThan(records.get(0).length); // its texts by number
    ResultCodec.Decoder decoder = new ResultCodec.Decoder();
    List<TargetResult> out = new ArrayList<>();
    for (byte[] record : records) out.add(decoder.read(new Packing.Reader(record, "a record")));
    assertThat(out).isEqualTo(in);
  }

  /** Damaged bytes raise an error that names them, never a result made up of garbage. */
  @Test
  void damagedBytesAreRefused() throws Exception {
    List<TargetResult> in = List.of(new TargetResult(InetAddress.getByAddress(new byte[] {10, 1, 2, 3}),
        new Outcome.Ok(List.of(new Fact("hostname", "plc-7", "")), "PTR from 127.0.0.1:53"), T0));
    byte[] bytes = ResultCodec.encode(in);
    assertThatThrownBy(() -> ResultCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("results set aside");
    byte[] badReference = bytes.clone();
    // The outcome's kind, written as 0 and "ok", made a reference to a text never written.
    int kindAt = indexOf(bytes, new byte[] {0, 2, 'o', 'k'});
    assertThat(kindAt).isPositive();
    badReference[kindAt] = 9;
    assertThatThrownBy(() -> ResultCodec.decode(badReference)).isInstanceOf(IllegalStateException.class);
  }
}

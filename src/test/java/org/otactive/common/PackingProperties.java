package org.otactive.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link Packing}'s texts: the layout its Javadoc gives (UTF-8 length as a varint, then the bytes), read back. */
class PackingProperties {
  /** Texts short and long (around the one-byte length), ASCII and not, empty, control characters. */
  @Provide
  Arbitrary<List<String>> texts() {
    Arbitrary<String> text = Arbitraries.oneOf(
        Arbitraries.strings().ascii().ofMaxLength(140),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(140),
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().ascii().ofMinLength(120).ofMaxLength(135),
        Arbitraries.of("", "hostname", "rdns", "PTR from 127.0.0.1:53", "plc-1.plant.example", "caf\u00e9", "\u4e2d\u6587",
            "\uD83D\uDE00"));
    return text.list().ofMaxSize(8);
  }

  @Property(tries = 2_000)
  void aTextIsItsUtf8LengthAndBytesAndReadsBack(@ForAll("texts") List<String> texts) {
    // A small writer, so that texts also land across its growth.
    Packing.Writer out = new Packing.Writer(4);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (String s : texts) {
      Packing.text(out, s);
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      // The length as a varint, written here by hand: seven bits a byte, low first, the top bit
      // set on every byte but the last.
      assertThat(Packing.varintSize(utf8.length)).isEqualTo(utf8.length < 0x80 ? 1 : utf8.length < 0x4000 ? 2 : 3);
      for (int n = utf8.length; ; n >>>= 7) {
        if (n < 0x80) {
          expected.write(n);
          break;
        }
        expected.write((n & 0x7f) | 0x80);
      }
      expected.writeBytes(utf8);
    }
    assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
    Packing.Reader in = new Packing.Reader(out.toByteArray(), "texts");
    for (String s : texts) {
      // What UTF-8 can carry: a lone surrogate becomes '?' in any encoder's hands.
      assertThat(in.text()).isEqualTo(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
    assertThat(in.atEnd()).isTrue();
  }

  /** A varint takes the bytes {@link Packing#varintSize} says; what a writer finishes with is what it packed. */
  @Property(tries = 2_000)
  void aVarintTakesTheBytesItsSizeSays(@ForAll long v, @ForAll("texts") List<String> texts) {
    Packing.Writer grown = new Packing.Writer(1);
    Packing.varint(grown, v);
    assertThat(grown.size()).isEqualTo(Packing.varintSize(v));
    for (String s : texts) Packing.text(grown, s);
    Packing.Writer exact = new Packing.Writer(grown.size());
    Packing.varint(exact, v);
    for (String s : texts) Packing.text(exact, s);
    assertThat(exact.finish()).isEqualTo(grown.toByteArray()).hasSize(grown.size());
    assertThat(grown.finish()).isEqualTo(grown.toByteArray());
  }

  /**
   * A time in microseconds since the epoch reads back as the instant that many microseconds from
   * it, either side of the epoch (within 2^62: beyond, the seconds' microseconds overflow a long).
   */
  @Property(tries = 2_000)
  void microsecondsReadBackAsTheirInstant(@ForAll @net.jqwik.api.constraints.LongRange(min = -(1L << 62), max = 1L << 62)
      long micros) {
    java.time.Instant at = Packing.instant(micros);
    assertThat(at).isEqualTo(java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS));
    assertThat(Packing.micros(at)).isEqualTo(micros);
  }
}

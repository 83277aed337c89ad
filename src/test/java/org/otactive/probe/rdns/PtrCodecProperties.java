package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.otactive.testing.DnsReplies;
import org.xbill.DNS.Name;

/** Whatever bytes come back, the codec answers with a value and never throws. */
class PtrCodecProperties {
  private static final Name Q = PtrCodec.reverseName(InetAddress.getLoopbackAddress());
  private static final byte[] VALID = DnsReplies.ptr(PtrCodec.query(Q, 7, true), "plc-1.plant.example.",
      "plc-2.plant.example.");

  @Property(tries = 3000)
  void randomBytesNeverThrow(@ForAll @Size(max = 600) byte[] bytes) {
    check(bytes);
  }

  @Property(tries = 5000)
  void mutatedRepliesNeverThrow(@ForAll("mutations") byte[] bytes) {
    check(bytes);
  }

  @Provide
  Arbitrary<byte[]> mutations() {
    return Arbitraries.integers().between(0, VALID.length - 1).list().ofMinSize(1).ofMaxSize(8)
        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
          byte[] b = VALID.clone();
          for (int i = 0; i < positions.size(); i++) b[positions.get(i)] = values.get(i);
          return b;
        }));
  }

  private static void check(byte[] bytes) {
    PtrAnswer a = PtrCodec.decode(bytes, Q);
    assertThat(a).isNotNull();
    PtrCodec.answers(bytes, Q);
    assertThat(PtrCodec.presentation(bytes)).doesNotContain("\u001b");
    if (a instanceof PtrAnswer.Names n) {
      n.names().forEach(name -> assertThat(HostNames.sanitize(name)).matches("[a-z0-9_\\-.\\\\]+"));
    }
  }
}

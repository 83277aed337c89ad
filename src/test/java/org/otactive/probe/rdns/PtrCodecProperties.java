package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.otactive.testing.DnsReplies;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * The PTR codec against replies built by dnsjava (an encoder independent of the decoder's logic):
 * what a reply says is what the codec answers, a reply to another question is never taken for
 * ours, and whatever bytes come back, the codec answers with a value the transport would deliver.
 */
class PtrCodecProperties {
  private static final Name Q = PtrReplyChecks.Q;
  private static final byte[] VALID = DnsReplies.ptr(PtrCodec.query(Q, 7, true), "plc-1.plant.example.",
      "plc-2.plant.example.");

  @Property(tries = 300)
  void aReplyDecodesToTheNamesItCarriesUpToTheCap(@ForAll("addresses") InetAddress address,
      @ForAll("hostNames") List<String> names, @ForAll boolean edns) {
    Name q = PtrCodec.reverseName(address);
    byte[] reply = DnsReplies.ptr(PtrCodec.query(q, 4242, edns), names.toArray(String[]::new));
    assertThat(PtrCodec.answers(reply, q)).isTrue();
    List<Name> expected = names.stream().limit(PtrCodec.MAX_NAMES).map(DnsReplies::name).toList();
    assertThat(PtrCodec.decode(reply, q)).isEqualTo(new PtrAnswer.Names(expected, List.of()));
  }

  @Property(tries = 200)
  void aReplyToAnotherQuestionIsNeverTakenForOurs(@ForAll("addresses") InetAddress ours,
      @ForAll("addresses") InetAddress theirs, @ForAll("hostNames") List<String> names) {
    Name q = PtrCodec.reverseName(ours);
    Name other = PtrCodec.reverseName(theirs);
    if (q.equals(other)) return;
    byte[] reply = DnsReplies.ptr(PtrCodec.query(other, 1, true), names.toArray(String[]::new));
    assertThat(PtrCodec.answers(reply, q)).isFalse();
    assertThat(PtrCodec.decode(reply, q)).isInstanceOf(PtrAnswer.Malformed.class);
  }

  @Property(tries = 100)
  void theReplyCodeIsReportedForWhatItIs(@ForAll @IntRange(min = 0, max = 15) int rcode) {
    byte[] reply = DnsReplies.reply(PtrCodec.query(Q, 9, false), rcode, null);
    PtrAnswer expected = switch (rcode) {
      case Rcode.NOERROR -> new PtrAnswer.NoData(List.of());
      case Rcode.NXDOMAIN -> new PtrAnswer.NxDomain(List.of());
      default -> new PtrAnswer.ServerError(rcode, Rcode.string(rcode));
    };
    assertThat(PtrCodec.decode(reply, Q)).isEqualTo(expected);
  }

  /** RFC 2317 delegation: CNAMEs followed to the PTRs, as far as the cap, and no further. */
  @Property(tries = 100)
  void aCnameChainIsFollowedAsFarAsTheCap(@ForAll @IntRange(min = 1, max = PtrCodec.MAX_CHAIN + 2) int hops) {
    List<Name> chain = java.util.stream.IntStream.rangeClosed(1, hops)
        .mapToObj(i -> DnsReplies.name(i + ".0-25.0.0.127.in-addr.arpa.")).toList();
    byte[] reply = DnsReplies.reply(PtrCodec.query(Q, 11, true), Rcode.NOERROR, (m, q) -> {
      Name from = q;
      for (Name to : chain) {
        m.addRecord(new CNAMERecord(from, DClass.IN, 60, to), Section.ANSWER);
        from = to;
      }
      m.addRecord(new PTRRecord(from, DClass.IN, 60, DnsReplies.name("plc.plant.example.")), Section.ANSWER);
    });
    PtrAnswer a = PtrCodec.decode(reply, Q);
    if (hops <= PtrCodec.MAX_CHAIN) {
      assertThat(a).isEqualTo(new PtrAnswer.Names(List.of(DnsReplies.name("plc.plant.example.")), chain));
    } else {
      assertThat(a).isEqualTo(new PtrAnswer.Malformed("CNAME chain longer than " + PtrCodec.MAX_CHAIN));
    }
  }

  @Property(tries = 3000)
  void randomBytesGiveAValueTheTransportWouldDeliver(@ForAll @Size(max = 600) byte[] bytes) {
    check(bytes);
  }

  @Property(tries = 5000)
  void mutatedRepliesGiveAValueTheTransportWouldDeliver(@ForAll("mutations") byte[] bytes) {
    check(bytes);
  }

  @Provide
  Arbitrary<InetAddress> addresses() {
    return Arbitraries.bytes().array(byte[].class).ofSize(4).map(b -> {
      try {
        return InetAddress.getByAddress(b);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Provide
  Arbitrary<List<String>> hostNames() {
    Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1)
        .ofMaxLength(20);
    Arbitrary<String> name = label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l) + ".");
    return name.list().uniqueElements().ofMinSize(1).ofMaxSize(PtrCodec.MAX_NAMES + 8);
  }

  @Provide
  Arbitrary<byte[]> mutations() {
    return Combinators.combine(Arbitraries.integers().between(0, VALID.length - 1).list().ofMinSize(1).ofMaxSize(8),
        Arbitraries.bytes().list().ofSize(8)).as((positions, values) -> {
          byte[] b = VALID.clone();
          for (int i = 0; i < positions.size(); i++) b[positions.get(i)] = values.get(i);
          return b;
        });
  }

  private static void check(byte[] bytes) {
    PtrReplyChecks.check(bytes);
  }
}

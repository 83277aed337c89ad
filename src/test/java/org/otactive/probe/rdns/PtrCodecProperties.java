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
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.SOARecord;
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
    // The names as dnsjava reads them from their text, then sanitised: lower-cased, no trailing dot.
    List<String> expected = names.stream().limit(PtrCodec.MAX_NAMES).map(DnsReplies::name).map(HostNames::sanitize).toList();
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
      assertThat(a).isEqualTo(new PtrAnswer.Names(List.of("plc.plant.example"), chain));
    } else {
      assertThat(a).isEqualTo(new PtrAnswer.Malformed("CNAME chain longer than " + PtrCodec.MAX_CHAIN));
    }
  }

  /** The query a scan writes from the address's bytes is the one dnsjava's reverse name gives. */
  @Property(tries = 500)
  void theQueryWrittenFromTheAddressIsDnsjavasOwn(@ForAll("anyAddresses") InetAddress address, @ForAll boolean edns) {
    byte[] fromName = PtrCodec.query(PtrCodec.reverseName(address), 0, edns);
    assertThat(PtrCodec.reverseQuery(address, edns)).isEqualTo(fromName);
    assertThat(PtrCodec.questionName(fromName)).isEqualTo(PtrCodec.reverseName(address));
  }

  /**
   * Replies shaped as a server sends them (the names, NODATA or NXDOMAIN, with an NS or SOA record
   * and an OPT) are read without dnsjava's message decode, to the answer that decode gives.
   */
  @Property(tries = 300)
  void plainRepliesAreReadWithoutAFullDecode(@ForAll("addresses") InetAddress address,
      @ForAll("hostNames") List<String> names, @ForAll @IntRange(min = 0, max = 2) int shape, @ForAll boolean opt) {
    Name q = PtrCodec.reverseName(address);
    byte[] query = PtrCodec.reverseQuery(address, true);
    int rcode = shape == 2 ? Rcode.NXDOMAIN : Rcode.NOERROR;
    byte[] reply = DnsReplies.reply(query, rcode, (m, qname) -> {
      if (shape == 0) {
        for (String n : names) m.addRecord(new PTRRecord(qname, DClass.IN, 300, DnsReplies.name(n)), Section.ANSWER);
        m.addRecord(new NSRecord(ZONE, DClass.IN, 300, DnsReplies.name("ns1.plant.example.")), Section.AUTHORITY);
      } else {
        m.addRecord(new SOARecord(ZONE, DClass.IN, 300, DnsReplies.name("ns1.plant.example."),
            DnsReplies.name("admin.plant.example."), 7, 3600, 600, 86400, 300), Section.AUTHORITY);
      }
      if (opt) m.addRecord(new OPTRecord(PtrCodec.EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    });
    PtrAnswer plain = PlainPtrReply.read(reply, query);
    assertThat(plain).isNotNull().isEqualTo(PtrCodec.decode(reply, q));
    assertThat(PtrCodec.decode(reply, query)).isEqualTo(plain);
  }

  /** What a plain reader cannot vouch for goes to dnsjava: an extended RCODE, an option, a CNAME. */
  @Property(tries = 100)
  void whatIsNotPlainIsLeftToDnsjava(@ForAll @IntRange(min = 0, max = 2) int kind) {
    byte[] reply = DnsReplies.reply(PtrReplyChecks.QUERY, Rcode.NOERROR, (m, qname) -> {
      m.addRecord(new PTRRecord(qname, DClass.IN, 300, DnsReplies.name("plc.plant.example.")), Section.ANSWER);
      switch (kind) {
        case 0 -> m.addRecord(new OPTRecord(PtrCodec.EDNS_PAYLOAD, 1, 0), Section.ADDITIONAL); // BADVERS
        case 1 -> m.addRecord(new OPTRecord(PtrCodec.EDNS_PAYLOAD, 0, 0, 0,
            List.of(new org.xbill.DNS.NSIDOption(new byte[] {1}))), Section.ADDITIONAL);
        default -> m.addRecord(new CNAMERecord(qname, DClass.IN, 60, ZONE), Section.ANSWER);
      }
    });
    assertThat(PlainPtrReply.read(reply, PtrReplyChecks.QUERY)).isNull();
    assertThat(PtrCodec.decode(reply, PtrReplyChecks.QUERY)).isEqualTo(PtrCodec.decode(reply, Q));
  }

  @Property(tries = 5000)
  void mutatedServerRepliesDecodeAsDnsjavaDecodesThem(@ForAll("serverMutations") byte[] bytes) {
    check(bytes);
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

  /** IPv4 and IPv6 addresses. */
  @Provide
  Arbitrary<InetAddress> anyAddresses() {
    return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
        Arbitraries.bytes().array(byte[].class).ofSize(16)).map(b -> {
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

  /** A reply as NSD sends it (a PTR, its zone's NS, an OPT), with up to 8 bytes changed. */
  @Provide
  Arbitrary<byte[]> serverMutations() {
    byte[] server = DnsReplies.reply(PtrReplyChecks.QUERY, Rcode.NOERROR, (m, qname) -> {
      m.addRecord(new PTRRecord(qname, DClass.IN, 300, DnsReplies.name("plc-1.plant.example.")), Section.ANSWER);
      m.addRecord(new NSRecord(DnsReplies.name("0.0.127.in-addr.arpa."), DClass.IN, 300,
          DnsReplies.name("ns1.plant.example.")), Section.AUTHORITY);
      m.addRecord(new OPTRecord(PtrCodec.EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
    });
    assertThat(PlainPtrReply.read(server, PtrReplyChecks.QUERY)).isNotNull();
    return Combinators.combine(Arbitraries.integers().between(0, server.length - 1).list().ofMinSize(1).ofMaxSize(8),
        Arbitraries.bytes().list().ofSize(8)).as((positions, values) -> {
          byte[] b = server.clone();
          for (int i = 0; i < positions.size(); i++) b[positions.get(i)] = values.get(i);
          return b;
        });
  }

  private static final Name ZONE = DnsReplies.name("2.0.192.in-addr.arpa.");

  private static void check(byte[] bytes) {
    PtrReplyChecks.check(bytes);
  }
}

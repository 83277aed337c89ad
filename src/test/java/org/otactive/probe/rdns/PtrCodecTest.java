package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.otactive.testing.DnsReplies.name;

import java.net.InetAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.otactive.testing.DnsReplies;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class PtrCodecTest {
  private static final Name Q = PtrCodec.reverseName(ip("192.0.2.5"));

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] query() {
    return PtrCodec.query(Q, 0x1234, true);
  }

  @Test
  void reverseNamesFollowRfc1035AndRfc3596() {
    assertThat(PtrCodec.reverseName(ip("192.0.2.5")).toString()).isEqualTo("5.2.0.192.in-addr.arpa.");
    assertThat(PtrCodec.reverseName(ip("2001:db8::1")).toString())
        .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.");
  }

  @Test
  void queryIsAPtrQuestionWithIdAndEdns() throws Exception {
    Message m = new Message(query());
    assertThat(m.getHeader().getID()).isEqualTo(0x1234);
    assertThat(m.getHeader().getFlag(Flags.QR)).isFalse();
    assertThat(m.getQuestion().getType()).isEqualTo(Type.PTR);
    assertThat(m.getQuestion().getName()).isEqualTo(Q);
    assertThat(m.getOPT().getPayloadSize()).isEqualTo(PtrCodec.EDNS_PAYLOAD);
    assertThat(PtrCodec.DEMUX.keyOf(query(), query().length)).isEqualTo(0x1234);
    assertThat(PtrCodec.DEMUX.keyOf(new byte[5], 5)).isEqualTo(-1);
  }

  /** The query is put together by hand; it must be the very bytes dnsjava writes for the same message. */
  @Test
  void queryBytesAreWhatDnsjavaWritesForTheSameMessage() {
    for (String address : new String[] {"192.0.2.5", "10.200.255.254", "0.0.0.0", "2001:db8::1", "fd00:0:0:78::3"}) {
      Name qname = PtrCodec.reverseName(ip(address));
      for (boolean edns : new boolean[] {true, false}) {
        for (int id : new int[] {0, 0x1234, 0xffff}) {
          Message m = new Message(id);
          m.getHeader().setFlag(Flags.RD);
          m.addRecord(org.xbill.DNS.Record.newRecord(qname, Type.PTR, DClass.IN), Section.QUESTION);
          if (edns) m.addRecord(new org.xbill.DNS.OPTRecord(PtrCodec.EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
          assertThat(PtrCodec.query(qname, id, edns)).as("%s edns=%s id=%d", address, edns, id).isEqualTo(m.toWire());
        }
      }
    }
    assertThat(PtrCodec.withId(query(), 0xbeef)).startsWith((byte) 0xbe, (byte) 0xef).hasSameSizeAs(query());
  }

  /** The header look of a scan gives the verdict of the full check, for every kind of datagram. */
  @Test
  void theByteCheckAgreesWithTheDecodingCheck() {
    byte[] q = query();
    byte[] upper = DnsReplies.ptr(q, "plc.example.");
    // The question echoed in other letter case (DNS names compare without case, RFC 4343).
    for (int i = 12; i < 12 + Q.length(); i++) if (upper[i] >= 'a' && upper[i] <= 'z') upper[i] -= 32;
    byte[] otherQuestion = DnsReplies.ptr(PtrCodec.query(PtrCodec.reverseName(ip("192.0.2.6")), 0x1234, true), "x.example.");
    byte[] notAResponse = q.clone();
    byte[] noQuestionRefused = DnsReplies.reply(q, Rcode.REFUSED, (m, n) -> m.removeAllRecords(Section.QUESTION));
    byte[] cutShort = Arrays.copyOf(DnsReplies.ptr(q, "plc.example."), 20);
    for (byte[] r : new byte[][] {DnsReplies.ptr(q, "plc.example."), upper, otherQuestion, notAResponse, noQuestionRefused,
        cutShort, new byte[5], DnsReplies.reply(q, Rcode.SERVFAIL, null)}) {
      byte[] padded = Arrays.copyOf(r, r.length + 7); // a reused receive buffer holds more than the datagram
      assertThat(PtrCodec.answers(padded, r.length, q)).as(Arrays.toString(r)).isEqualTo(PtrCodec.answers(r, Q));
    }
    assertThat(PtrCodec.answers(upper, upper.length, q)).isTrue();
    assertThat(PtrCodec.answers(otherQuestion, otherQuestion.length, q)).isFalse();
  }

  /**
   * RFC 6891 6.1.3: an EDNS error (BADVERS, 16) keeps its upper bits in the OPT record. A reply that
   * echoes no question and carries one answers the query, both checks say so, and decode names the
   * error; with no error at all it answers nothing (a fuzzed reply had the checks disagree: decode
   * read it, the transport dropped it).
   */
  @Test
  void anEdnsErrorWithoutAQuestionAnswersAndNoErrorDoesNot() throws Exception {
    byte[] badVers = noQuestion(1);
    assertThat(new org.xbill.DNS.Header(badVers).getRcode()).as("the header's four bits").isZero();
    assertThat(PtrCodec.answers(badVers, Q)).isTrue();
    assertThat(PtrCodec.answers(Arrays.copyOf(badVers, badVers.length + 7), badVers.length, query())).isTrue();
    assertThat(PtrCodec.decode(badVers, Q)).isEqualTo(new PtrAnswer.ServerError(16, Rcode.string(16)));
    byte[] noError = noQuestion(0);
    assertThat(PtrCodec.answers(noError, Q)).isFalse();
    assertThat(PtrCodec.answers(noError, noError.length, query())).isFalse();
    assertThat(PtrCodec.decode(noError, Q)).isInstanceOf(PtrAnswer.Malformed.class);
  }

  private static byte[] noQuestion(int extendedRcode) {
    Message m = new Message(0x1234);
    m.getHeader().setFlag(Flags.QR);
    m.addRecord(new org.xbill.DNS.OPTRecord(1232, extendedRcode, 0), Section.ADDITIONAL);
    return m.toWire();
  }

  @Test
  void severalPtrsAreAllKept() {
    byte[] r = DnsReplies.ptr(query(), "plc-1.plant.example.", "plc-1-alt.plant.example.");
    assertThat(PtrCodec.answers(r, Q)).isTrue();
    assertThat(PtrCodec.decode(r, Q)).isInstanceOfSatisfying(PtrAnswer.Names.class, n ->
        assertThat(n.names()).containsExactly("plc-1.plant.example", "plc-1-alt.plant.example"));
  }

  @Test
  void rfc2317ChainInsideOneReply() {
    Name alias = name("5.0-63.2.0.192.in-addr.arpa.");
    byte[] r = DnsReplies.reply(query(), Rcode.NOERROR, (m, q) -> {
      m.addRecord(new CNAMERecord(q, DClass.IN, 300, alias), Section.ANSWER);
      m.addRecord(new PTRRecord(alias, DClass.IN, 300, name("hmi-5.plant.example.")), Section.ANSWER);
    });
    assertThat(PtrCodec.decode(r, Q)).isInstanceOfSatisfying(PtrAnswer.Names.class, n -> {
      assertThat(n.names()).containsExactly("hmi-5.plant.example");
      assertThat(n.chain()).containsExactly(alias);
    });
  }

  @Test
  void chainLeavingTheReplyAsksForTheAlias() {
    Name alias = name("5.0-63.2.0.192.in-addr.arpa.");
    byte[] r = DnsReplies.reply(query(), Rcode.NOERROR, (m, q) ->
        m.addRecord(new CNAMERecord(q, DClass.IN, 300, alias), Section.ANSWER));
    assertThat(PtrCodec.decode(r, Q)).isEqualTo(new PtrAnswer.Alias(alias, java.util.List.of(alias)));
  }

  @Test
  void cnameLoopIsMalformedNotAHang() {
    Name a = name("a.example.");
    byte[] r = DnsReplies.reply(query(), Rcode.NOERROR, (m, q) -> {
      m.addRecord(new CNAMERecord(q, DClass.IN, 300, a), Section.ANSWER);
      m.addRecord(new CNAMERecord(a, DClass.IN, 300, q), Section.ANSWER);
    });
    assertThat(PtrCodec.decode(r, Q)).isInstanceOf(PtrAnswer.Malformed.class);
  }

  @Test
  void rcodesAreTold() {
    assertThat(PtrCodec.decode(DnsReplies.reply(query(), Rcode.NXDOMAIN, null), Q)).isInstanceOf(PtrAnswer.NxDomain.class);
    assertThat(PtrCodec.decode(DnsReplies.reply(query(), Rcode.NOERROR, null), Q)).isInstanceOf(PtrAnswer.NoData.class);
    assertThat(PtrCodec.decode(DnsReplies.reply(query(), Rcode.SERVFAIL, null), Q))
        .isEqualTo(new PtrAnswer.ServerError(Rcode.SERVFAIL, "SERVFAIL"));
    assertThat(PtrCodec.decode(DnsReplies.reply(query(), Rcode.REFUSED, null), Q))
        .isEqualTo(new PtrAnswer.ServerError(Rcode.REFUSED, "REFUSED"));
  }

  @Test
  void truncatedRepliesAskForTcp() {
    byte[] r = DnsReplies.reply(query(), Rcode.NOERROR, (m, q) -> m.getHeader().setFlag(Flags.TC));
    assertThat(PtrCodec.decode(r, Q)).isInstanceOf(PtrAnswer.Truncated.class);
  }

  @Test
  void aReplyToAnotherQuestionIsNotAnAnswer() {
    Name other = PtrCodec.reverseName(ip("192.0.2.6"));
    byte[] r = DnsReplies.ptr(PtrCodec.query(other, 0x1234, true), "evil.example.");
    assertThat(PtrCodec.answers(r, Q)).isFalse();
    assertThat(PtrCodec.decode(r, Q)).isInstanceOf(PtrAnswer.Malformed.class);
  }

  @Test
  void ourOwnQueryEchoedBackIsNotAnAnswer() {
    assertThat(PtrCodec.answers(query(), Q)).isFalse();
  }

  @Test
  void ptrsOwnedByOtherNamesAreIgnored() {
    byte[] r = DnsReplies.reply(query(), Rcode.NOERROR, (m, q) ->
        m.addRecord(new PTRRecord(name("6.2.0.192.in-addr.arpa."), DClass.IN, 300, name("evil.example.")), Section.ANSWER));
    assertThat(PtrCodec.decode(r, Q)).isInstanceOf(PtrAnswer.NoData.class);
  }

  @Test
  void compressionPointerLoopIsMalformed() {
    byte[] r = DnsReplies.ptr(query(), "plc-1.plant.example.");
    // The answer's owner name starts right after the question (12 + qname + 4); point it at itself.
    int owner = 12 + Q.length() + 4;
    byte[] hostile = Arrays.copyOf(r, r.length);
    hostile[owner] = (byte) (0xC0 | (owner >> 8));
    hostile[owner + 1] = (byte) owner;
    assertThat(PtrCodec.decode(hostile, Q)).isInstanceOf(PtrAnswer.Malformed.class);
  }

  @Test
  void pointerPastTheEndIsMalformed() {
    byte[] r = DnsReplies.ptr(query(), "plc-1.plant.example.");
    int owner = 12 + Q.length() + 4;
    byte[] hostile = Arrays.copyOf(r, r.length);
    hostile[owner] = (byte) 0xFF;
    hostile[owner + 1] = (byte) 0xFF;
    assertThat(PtrCodec.decode(hostile, Q)).isInstanceOf(PtrAnswer.Malformed.class);
  }

  @Test
  void truncatedBytesAreMalformed() {
    byte[] r = DnsReplies.ptr(query(), "plc-1.plant.example.");
    for (int n = 0; n < r.length; n++) {
      PtrAnswer a = PtrCodec.decode(Arrays.copyOf(r, n), Q);
      assertThat(a).isInstanceOf(PtrAnswer.Malformed.class);
    }
  }

  @Test
  void hugeAnswersKeepABoundedNumberOfNames() {
    String[] names = new String[500];
    for (int i = 0; i < names.length; i++) names[i] = "n" + i + ".example.";
    byte[] r = DnsReplies.ptr(query(), names);
    assertThat(PtrCodec.decode(r, Q)).isInstanceOfSatisfying(PtrAnswer.Names.class,
        n -> assertThat(n.names()).hasSize(PtrCodec.MAX_NAMES));
  }

  @Test
  void presentationEscapesControlCharacters() {
    byte[] r = DnsReplies.ptr(query(), "a\\027[31mred.example.");
    assertThat(PtrCodec.presentation(r)).doesNotContain("\u001b").contains("PTR");
    assertThat(PtrCodec.presentation(new byte[] {1, 2, 3})).startsWith("(undecodable");
  }

  /** Replies from a real NSD (the DNS fuzz target's seeds, written by scripts/fuzz-seeds-dns). */
  @Test
  void nsdRepliesDecodeAsNsdMeantThem() throws Exception {
    Name q = PtrReplyChecks.Q;
    assertThat(PtrCodec.decode(nsd("nsd-ptr-two-names"), q))
        .isEqualTo(new PtrAnswer.Names(java.util.List.of("plc-1.plant.example", "plc-2.plant.example"),
            java.util.List.of()));
    assertThat(PtrCodec.decode(nsd("nsd-nxdomain"), q)).isEqualTo(new PtrAnswer.NxDomain(java.util.List.of()));
    assertThat(PtrCodec.decode(nsd("nsd-nodata"), q)).isEqualTo(new PtrAnswer.NoData(java.util.List.of()));
    assertThat(PtrCodec.decode(nsd("nsd-rfc2317-cname"), q)).isEqualTo(new PtrAnswer.Names(
        java.util.List.of("plc.plant.example"), java.util.List.of(name("1.0-25.0.0.127.in-addr.arpa."))));
    assertThat(PtrCodec.decode(nsd("nsd-truncated"), q)).isEqualTo(new PtrAnswer.Truncated());
    assertThat(PtrCodec.decode(nsd("nsd-refused"), q)).isEqualTo(new PtrAnswer.ServerError(Rcode.REFUSED, "REFUSED"));
    for (String seed : java.util.List.of("nsd-ptr-two-names", "nsd-nxdomain", "nsd-nodata", "nsd-rfc2317-cname",
        "nsd-truncated", "nsd-refused")) {
      assertThat(PtrCodec.answers(nsd(seed), q)).as(seed).isTrue();
    }
  }

  private static byte[] nsd(String seed) throws java.io.IOException {
    try (var in = PtrCodecTest.class.getResourceAsStream("PtrFuzzTestInputs/anyReplyDecodes/" + seed)) {
      return in.readAllBytes();
    }
  }
}

package org.otactive.probe.rdns;

import org.otactive.common.Text;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.otactive.probe.Demux;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Encodes PTR questions and reads replies to them. Pure: bytes in, values out (dnsjava does the
 * wire format). Never throws for any reply bytes; a bad reply is a {@link PtrAnswer.Malformed}.
 */
public final class PtrCodec {
  /** The EDNS payload size of DNS Flag Day 2020: no IP fragmentation on common paths. */
  public static final int EDNS_PAYLOAD = 1232;
  /** Longest CNAME chain followed; RFC 2317 needs one hop. */
  public static final int MAX_CHAIN = 8;
  /** At most this many distinct names are kept from one reply; the rest is noise or an attack. */
  public static final int MAX_NAMES = 32;

  /** Replies are matched to queries by the 16-bit message ID. */
  public static final Demux DEMUX = new Demux() {
    @Override
    public int keyBound() {
      return 1 << 16;
    }

    @Override
    public int keyOf(byte[] datagram, int length) {
      return length < 12 ? -1 : ((datagram[0] & 0xff) << 8) | (datagram[1] & 0xff);
    }
  };

  private PtrCodec() {}

  public static Name reverseName(InetAddress address) {
    return ReverseMap.fromAddress(address);
  }

  /**
   * A recursion-desired PTR query with the given ID, with an EDNS OPT record when asked: the bytes
   * dnsjava writes for such a {@link Message} (RFC 1035 §4.1, RFC 6891 §6.1.2), put together here
   * because a scan makes one per target.
   */
  public static byte[] query(Name qname, int id, boolean edns) {
    return query(qname.toWire(), id, edns);
  }

  /**
   * The query {@link #query(Name, int, boolean)} makes for {@code reverseName(address)} with ID 0,
   * its name written straight from the address's bytes (RFC 1035 §3.5, RFC 3596 §2.5): a scan
   * makes one per target, and spelling the name out as text for dnsjava to parse back cost more
   * than the rest of the query.
   */
  public static byte[] reverseQuery(InetAddress address, boolean edns) {
    byte[] a = address.getAddress();
    byte[] name;
    int at = 0;
    if (a.length == 4) {
      name = new byte[4 * 4 + IN_ADDR_ARPA.length];
      for (int i = 3; i >= 0; i--) {
        int v = a[i] & 0xff; // in decimal, without leading zeros
        name[at++] = (byte) (v >= 100 ? 3 : v >= 10 ? 2 : 1);
        if (v >= 100) name[at++] = (byte) ('0' + v / 100);
        if (v >= 10) name[at++] = (byte) ('0' + v / 10 % 10);
        name[at++] = (byte) ('0' + v % 10);
      }
      System.arraycopy(IN_ADDR_ARPA, 0, name, at, IN_ADDR_ARPA.length);
      at += IN_ADDR_ARPA.length;
    } else {
      name = new byte[32 * 2 + IP6_ARPA.length];
      for (int i = 15; i >= 0; i--) {
        name[at++] = 1;
        name[at++] = (byte) HEX[a[i] & 0xf];
        name[at++] = 1;
        name[at++] = (byte) HEX[(a[i] >>> 4) & 0xf];
      }
      System.arraycopy(IP6_ARPA, 0, name, at, IP6_ARPA.length);
      at += IP6_ARPA.length;
    }
    return query(at == name.length ? name : java.util.Arrays.copyOf(name, at), 0, edns);
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  /** The wire form of {@code in-addr.arpa.} and {@code ip6.arpa.}, the root label included. */
  private static final byte[] IN_ADDR_ARPA = {7, 'i', 'n', '-', 'a', 'd', 'd', 'r', 4, 'a', 'r', 'p', 'a', 0};
  private static final byte[] IP6_ARPA = {3, 'i', 'p', '6', 4, 'a', 'r', 'p', 'a', 0};

  /** The name a query made by {@link #query} asks about. */
  public static Name questionName(byte[] query) {
    try {
      DNSInput in = new DNSInput(query);
      in.jump(Header.LENGTH);
      return new Name(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a query made by PtrCodec: " + e.getMessage(), e);
    }
  }

  private static byte[] query(byte[] name, int id, boolean edns) {
    byte[] q = new byte[Header.LENGTH + name.length + 4 + (edns ? 11 : 0)];
    q[0] = (byte) (id >>> 8);
    q[1] = (byte) id;
    q[2] = 0x01; // RD
    q[5] = 1; // one question
    q[11] = (byte) (edns ? 1 : 0); // one additional record: the OPT
    System.arraycopy(name, 0, q, Header.LENGTH, name.length);
    int i = Header.LENGTH + name.length;
    q[i + 1] = (byte) Type.PTR;
    q[i + 3] = (byte) DClass.IN;
    if (edns) {
      i += 4;
      // the root name (0), type OPT, the payload size as class, a zero TTL (no extended flags), no data
      q[i + 2] = (byte) Type.OPT;
      q[i + 3] = (byte) (EDNS_PAYLOAD >>> 8);
      q[i + 4] = (byte) EDNS_PAYLOAD;
    }
    return q;
  }

  /** Sets the message ID of a query made by {@link #query}: a copy of {@code query} carrying {@code id}. */
  public static byte[] withId(byte[] query, int id) {
    byte[] b = query.clone();
    b[0] = (byte) (id >>> 8);
    b[1] = (byte) id;
    return b;
  }

  /**
   * Whether the first {@code length} bytes of {@code reply} are a response to {@code query} (a
   * query made by {@link #query} for {@code qname}; the ID is checked by the transport), judged
   * from the header and the question's bytes without decoding the message: the check every
   * datagram gets before the one full decode of {@link #decode}. The same verdict as {@link
   * #answers(byte[], Name)}, to which it falls back when the question is spelled in another way.
   */
  public static boolean answers(byte[] reply, int length, byte[] query) {
    if (length < Header.LENGTH) return false;
    int flags = reply[2] & 0xff;
    if ((flags & 0x80) == 0 || ((flags >>> 3) & 0xf) != Opcode.QUERY) return false;
    int questions = ((reply[4] & 0xff) << 8) | (reply[5] & 0xff);
    if (questions == 0) {
      // An error in the header's four bits is enough; else an EDNS error (its upper bits in the
      // OPT record) needs the whole message, as decode() reads it: rare, so decoded here.
      return (reply[3] & 0xf) != Rcode.NOERROR || answers(java.util.Arrays.copyOf(reply, length), questionName(query));
    }
    if (questions != 1) return true; // malformed for a reply to one query: decode() says why
    int nameEnd = Header.LENGTH;
    while (nameEnd < query.length && query[nameEnd] != 0) nameEnd += (query[nameEnd] & 0xff) + 1;
    int questionEnd = nameEnd + 1 + 4; // the root label, type and class
    if (length >= questionEnd && sameName(reply, query, Header.LENGTH, nameEnd + 1)
        && java.util.Arrays.equals(reply, nameEnd + 1, questionEnd, query, nameEnd + 1, questionEnd)) {
      return true;
    }
    return answers(java.util.Arrays.copyOf(reply, length), questionName(query));
  }

  /** Whether the bytes {@code [from, to)} of both are the same name, letters compared without case. */
  private static boolean sameName(byte[] a, byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      int x = a[i];
      int y = b[i];
      if (x == y) continue;
      if ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' || (x | 0x20) > 'z') return false;
    }
    return true;
  }

  /**
   * Whether {@code reply} is a response to a PTR/IN question for {@code qname} (ID is checked by
   * the transport). A datagram failing this is not an answer to us and is dropped.
   */
  public static boolean answers(byte[] reply, Name qname) {
    // Runs on the receiving thread for every datagram: reads the header and question only.
    try {
      Header h = new Header(reply);
      if (!h.getFlag(Flags.QR) || h.getOpcode() != Opcode.QUERY) return false;
      int questions = h.getCount(Section.QUESTION);
      // Without a question only an error answers (a refusing server may echo none), the EDNS
      // rcode included: decode() reads that error (a reply dropped here waits out its timeouts).
      if (questions == 0) return h.getRcode() != Rcode.NOERROR || new Message(reply).getRcode() != Rcode.NOERROR;
      if (questions != 1) return true; // malformed for a reply to one query: decode() says why
      DNSInput in = new DNSInput(reply);
      in.jump(Header.LENGTH);
      Name name = new Name(in);
      int type = in.readU16();
      int dclass = in.readU16();
      return type == Type.PTR && dclass == DClass.IN && name.equals(qname);
    } catch (IOException | RuntimeException e) {
      // An undecodable datagram with our ID: let decode() report it rather than wait in vain,
      // but only when the header at least looks like a response.
      return reply.length >= 12 && (reply[2] & 0x80) != 0;
    }
  }

  private static boolean isAnswerTo(Message m, Name qname) {
    if (!m.getHeader().getFlag(Flags.QR) || m.getHeader().getOpcode() != Opcode.QUERY) return false;
    if (m.getHeader().getCount(Section.QUESTION) != 1) {
      // A truncated or refusing server may echo no question; accept only error replies then.
      return m.getHeader().getCount(Section.QUESTION) == 0 && m.getRcode() != Rcode.NOERROR;
    }
    Record q = m.getQuestion();
    return q != null && q.getType() == Type.PTR && q.getDClass() == DClass.IN && q.getName().equals(qname);
  }

  /**
   * What {@code reply} says about the question of {@code query} (made by {@link #query}): the
   * same answer as {@link #decode(byte[], Name)} for that question's name. The plain replies of a
   * scan (the names, NODATA or NXDOMAIN, nothing else in the answer) are read by {@link
   * PlainPtrReply} without building a dnsjava message; every other reply is decoded by dnsjava.
   */
  public static PtrAnswer decode(byte[] reply, byte[] query) {
    PtrAnswer plain = PlainPtrReply.read(reply, query);
    return plain != null ? plain : decode(reply, questionName(query));
  }

  /** What {@code reply} says about the PTR question for {@code qname}, decoded by dnsjava. */
  public static PtrAnswer decode(byte[] reply, Name qname) {
    try {
      return decodeMessage(reply, qname);
    } catch (RuntimeException e) {
      // dnsjava accepted the bytes but a record inside is inconsistent: still just a bad reply.
      return new PtrAnswer.Malformed("inconsistent reply: " + Text.safe(e.getMessage()));
    }
  }

  private static PtrAnswer decodeMessage(byte[] reply, Name qname) {
    Message m;
    try {
      m = new Message(reply);
    } catch (IOException | RuntimeException e) {
      return new PtrAnswer.Malformed("undecodable reply (" + reply.length + " bytes): " + Text.safe(e.getMessage()));
    }
    if (!isAnswerTo(m, qname)) return new PtrAnswer.Malformed("reply does not answer the question " + HostNames.sanitize(qname));
    if (m.getHeader().getFlag(Flags.TC)) return new PtrAnswer.Truncated();
    int rcode = m.getRcode();
    List<Record> answers = m.getSection(Section.ANSWER);
    List<Name> chain = new ArrayList<>();
    Name current = qname;
    for (int hop = 0; hop <= MAX_CHAIN; hop++) {
      Set<String> names = new LinkedHashSet<>(); // sanitised texts: equal exactly when the names are
      Name alias = null;
      for (Record r : answers) {
        if (!r.getName().equals(current) || r.getDClass() != DClass.IN) continue;
        if (r instanceof PTRRecord ptr && names.size() < MAX_NAMES) names.add(HostNames.sanitize(ptr.getTarget()));
        if (r instanceof CNAMERecord cname && alias == null) alias = cname.getTarget();
      }
      if (!names.isEmpty() && rcode == Rcode.NOERROR) return new PtrAnswer.Names(List.copyOf(names), List.copyOf(chain));
      if (alias == null) break;
      if (alias.equals(qname) || chain.contains(alias)) {
        return new PtrAnswer.Malformed("CNAME loop at " + HostNames.sanitize(alias));
      }
      if (hop == MAX_CHAIN) return new PtrAnswer.Malformed("CNAME chain longer than " + MAX_CHAIN);
      chain.add(alias);
      current = alias;
    }
    return switch (rcode) {
      case Rcode.NOERROR -> chain.isEmpty()
          ? new PtrAnswer.NoData(List.of())
          : new PtrAnswer.Alias(current, List.copyOf(chain));
      case Rcode.NXDOMAIN -> new PtrAnswer.NxDomain(List.copyOf(chain));
      default -> new PtrAnswer.ServerError(rcode, Rcode.string(rcode));
    };
  }

  /** The message ID of a reply, for a TCP read (UDP replies are matched by the transport). */
  public static int id(byte[] message) {
    return DEMUX.keyOf(message, message.length);
  }

  /** dnsjava's presentation form of a reply for the Test dialog, with control characters escaped. */
  public static String presentation(byte[] reply) {
    try {
      return Text.safe(new Message(reply).toString());
    } catch (IOException | RuntimeException e) {
      return "(undecodable reply of " + reply.length + " bytes: " + Text.safe(e.getMessage()) + ")";
    }
  }

}

package org.otactive.probe.rdns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Header;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * Reads the plain shape of a reply to one of our PTR queries without building a dnsjava message:
 * the question we asked, byte for byte; an answer section of PTR/IN records owned by the question's
 * name (a compression pointer to it, RFC 1035 §4.1.4); and around them only NS and SOA records and
 * an OPT record without options or an extended RCODE. That is how a server answers nearly every
 * query of a scan, and a full decode of it built five names where one is used (bench/RESULTS.md).
 *
 * <p>For every reply it reads it gives what {@link PtrCodec#decode(byte[], org.xbill.DNS.Name)}
 * gives, as dnsjava would frame the same bytes: names are checked by dnsjava's rules (labels, length,
 * pointers that point back), each record's data must fill its length exactly; the PTR names are
 * read straight into their text ({@link HostNames#fromWire}). Any other shape
 * (CNAMEs, another owner or class, an error code, truncation, other record types, EDNS options),
 * and anything it cannot frame, gives null: dnsjava then decodes the reply and says what is wrong.
 * Pure and thread-safe.
 */
final class PlainPtrReply {
  private static final int MAX_NAME = 255;

  private PlainPtrReply() {}

  /** The answer of a plain reply to {@code query}, or null when the reply is not plain. */
  static PtrAnswer read(byte[] m, byte[] query) {
    int n = m.length;
    if (n < Header.LENGTH) return null;
    int flags = m[2] & 0xff;
    boolean response = (flags & 0x80) != 0;
    boolean truncated = (flags & 0x02) != 0;
    if (!response || truncated || ((flags >>> 3) & 0xf) != Opcode.QUERY || u16(m, 4) != 1) return null;
    int rcode = m[3] & 0xf;
    int answers = u16(m, 6);
    int others = u16(m, 8) + u16(m, 10);
    int additionalFrom = u16(m, 8);
    int at = questionEnd(query);
    if (at < 0 || n < at || !Arrays.equals(m, Header.LENGTH, at, query, Header.LENGTH, at)) return null;

    String first = null;
    List<String> more = null;
    for (int i = 0; i < answers; i++) {
      if (at + 12 > n || (m[at] & 0xff) != 0xc0 || m[at + 1] != Header.LENGTH) return null;
      int length = u16(m, at + 10);
      int data = at + 12;
      if (u16(m, at + 2) != Type.PTR || u16(m, at + 4) != DClass.IN || length == 0 || data + length > n) return null;
      if (skipName(m, data, data + length, n) != data + length) return null;
      String target = HostNames.fromWire(m, data);
      // As the full decode: distinct names (their texts: equal when dnsjava's names are), at most MAX_NAMES.
      if (first == null) {
        first = target;
      } else if (!first.equals(target) && (more == null || !more.contains(target))
          && (more == null ? 1 : 1 + more.size()) < PtrCodec.MAX_NAMES) {
        if (more == null) more = new ArrayList<>(2);
        more.add(target);
      }
      at = data + length;
    }
    for (int i = 0; i < others; i++) {
      int end = skipName(m, at, n, n);
      if (end < 0 || end + 10 > n) return null;
      int type = u16(m, end);
      int length = u16(m, end + 8);
      int data = end + 10;
      int dataEnd = data + length;
      if (dataEnd > n) return null;
      boolean framed = switch (type) {
        case Type.NS -> skipName(m, data, dataEnd, n) == dataEnd;
        case Type.SOA -> {
          int admin = skipName(m, data, dataEnd, n);
          int serial = admin < 0 ? -1 : skipName(m, admin, dataEnd, n);
          yield serial >= 0 && serial + 20 == dataEnd;
        }
        // An OPT among the additional records, with no options and no extended RCODE (the top
        // byte of its TTL): the header's RCODE is then the whole of it.
        case Type.OPT -> i >= additionalFrom && length == 0 && m[end + 4] == 0;
        default -> false;
      };
      if (!framed) return null;
      at = dataEnd;
    }
    if (first != null) {
      if (rcode != Rcode.NOERROR) return null;
      List<String> names = more == null ? List.of(first) : withFirst(first, more);
      return new PtrAnswer.Names(names, List.of());
    }
    return switch (rcode) {
      case Rcode.NOERROR -> new PtrAnswer.NoData(List.of());
      case Rcode.NXDOMAIN -> new PtrAnswer.NxDomain(List.of());
      default -> null;
    };
  }

  private static List<String> withFirst(String first, List<String> more) {
    List<String> all = new ArrayList<>(more.size() + 1);
    all.add(first);
    all.addAll(more);
    return List.copyOf(all);
  }

  /** The end of the question of a query made by {@link PtrCodec#query}: its name, type and class. */
  private static int questionEnd(byte[] query) {
    int at = Header.LENGTH;
    while (at < query.length && query[at] != 0) at += (query[at] & 0xff) + 1;
    return at < query.length ? at + 1 + 4 : -1;
  }

  /**
   * Where the name at {@code at} ends, reading its own bytes up to {@code limit} and, after a
   * compression pointer, anywhere in the message (up to {@code n}); -1 when dnsjava would refuse
   * it: past the end, a label type other than a length or a pointer, a pointer that does not
   * point back before itself, or more than 255 octets.
   */
  static int skipName(byte[] m, int at, int limit, int n) {
    int octets = 0;
    int end = -1;
    while (true) {
      if (at >= limit) return -1;
      int length = m[at] & 0xff;
      switch (length & 0xc0) {
        case 0x00 -> {
          octets += length + 1;
          if (octets > MAX_NAME || at + 1 + length > limit) return -1;
          if (length == 0) return end >= 0 ? end : at + 1;
          at += 1 + length;
        }
        case 0xc0 -> {
          if (at + 1 >= limit) return -1;
          int to = ((length & 0x3f) << 8) | (m[at + 1] & 0xff);
          if (to >= at) return -1;
          if (end < 0) end = at + 2;
          at = to;
          limit = n;
        }
        default -> {
          return -1;
        }
      }
    }
  }

  private static int u16(byte[] m, int at) {
    return ((m[at] & 0xff) << 8) | (m[at + 1] & 0xff);
  }
}

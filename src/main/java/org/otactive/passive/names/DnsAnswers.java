package org.otactive.passive.names;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.otactive.passive.capture.Ip;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * The address records of a DNS response: unicast DNS, multicast DNS (RFC 6762, where a responder
 * announces its own name) and LLMNR (RFC 4795) share the message format, which dnsjava parses.
 */
public final class DnsAnswers {
  /** A name and an address the response gives for it. */
  public record Answer(String name, Ip address) {}

  private DnsAnswers() {}

  /** The A and AAAA records of the answer and additional sections; empty for a query or bad bytes. */
  public static List<Answer> read(byte[] b, int at, int length) {
    List<Answer> out = new ArrayList<>();
    Message m;
    try {
      m = new Message(java.util.Arrays.copyOfRange(b, at, at + length));
    } catch (IOException | RuntimeException notDns) {
      return out;
    }
    if (!m.getHeader().getFlag(Flags.QR)) return out;
    for (int section : new int[] {Section.ANSWER, Section.ADDITIONAL}) {
      for (Record r : m.getSection(section)) {
        byte[] address = r instanceof ARecord a ? a.getAddress().getAddress()
            : r instanceof AAAARecord a6 ? a6.getAddress().getAddress() : null;
        if (address == null) continue;
        String name = name(r.getName());
        if (name == null) continue;
        out.add(new Answer(name, address.length == 4 ? Ip.v4(address, 0) : Ip.v6(address, 0)));
      }
    }
    return out;
  }

  private static String name(Name n) {
    List<byte[]> labels = new ArrayList<>();
    for (int i = 0; i < n.labels(); i++) {
      byte[] l = n.getLabel(i);
      labels.add(java.util.Arrays.copyOfRange(l, 1, l.length));
    }
    return HostName.ofLabels(labels);
  }
}

package org.otactive.methods;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.otactive.probe.Conversation;
import org.otactive.probe.DatagramProbe;
import org.otactive.probe.Step;
import org.otactive.probe.Target;
import org.otactive.probe.rdns.DnsServerSpec;
import org.otactive.probe.rdns.RdnsSettings;
import org.otactive.probe.rdns.ReverseDnsProbe;
import org.otactive.run.TargetResult;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Section;

/**
 * A datagram method's per-target work on made-up replies, for the start-up cache's training run
 * ({@code cli.StartupTraining}): reverse DNS conversations answered in memory, so the JVM sees the
 * scan's hot path without a packet on any network. Here, beside the list of methods, because it
 * names one; the command line does not.
 */
public final class TrainingScan {
  /** The method whose path is trained. */
  public static final String METHOD = "rdns";

  private TrainingScan() {}

  /** {@code count} targets in 10.61.0.0/16, each asked and answered in memory. */
  public static List<TargetResult> results(int count) throws IOException {
    DatagramProbe probe = new ReverseDnsProbe(new RdnsSettings(List.of(DnsServerSpec.parse("127.0.0.1:53", 1))));
    List<TargetResult> results = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      InetAddress address = InetAddress.getByAddress(new byte[] {10, 61, (byte) (i >> 8), (byte) i});
      Conversation c = probe.open(new Target(address));
      Step step = c.start();
      if (!(step instanceof Step.Send send)) continue;
      byte[] query = send.request().encode(i & 0xffff);
      byte[] reply = reply(query, "host-" + i + ".training.example.");
      if (c.accepts(reply, reply.length) && c.replied(reply, 100_000) instanceof Step.Done done) {
        results.add(new TargetResult(address, done.outcome(), Instant.now()));
      }
    }
    return results;
  }

  private static byte[] reply(byte[] query, String name) throws IOException {
    Message m = new Message(query);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.RA);
    Name qname = m.getQuestion().getName();
    m.addRecord(new PTRRecord(qname, DClass.IN, 3600, Name.fromString(name)), Section.ANSWER);
    return m.toWire();
  }
}

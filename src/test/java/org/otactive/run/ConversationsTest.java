package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.otactive.probe.Outcome;
import org.otactive.probe.Target;
import org.otactive.probe.rdns.DnsServerSpec;
import org.otactive.probe.rdns.RdnsSettings;
import org.otactive.probe.rdns.ReverseDnsProbe;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.SendWindow;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.ScriptedDnsServer;
import org.xbill.DNS.Rcode;

/** A datagram probe's blocking form: the same conversation, driven through a probe context (a Test action's path). */
class ConversationsTest {
  private static Outcome probeOne(ScriptedDnsServer server, String address) throws Exception {
    RdnsSettings settings = new RdnsSettings(List.of(DnsServerSpec.parse(server.spec(), 1)));
    InetAddress target = InetAddress.getByName(address);
    Gate gate = new Gate(Limits.defaults().withPerPeerInFlight(1).withMaxDevices(1), target::equals, settings.endpoints(),
        Ticker.system(), new StopSwitch(), java.time.InstantSource.system(), SendWindow.ALWAYS);
    ReverseDnsProbe probe = new ReverseDnsProbe(settings);
    return Tester.test(gate, target, Clock.systemUTC(), ctx -> probe.probe(new Target(target), ctx));
  }

  @Test
  void aLostQueryIsRetransmittedAndItsAnswerUsed() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    try (ScriptedDnsServer lossy = new ScriptedDnsServer(q ->
        seen.incrementAndGet() == 1 ? null : DnsReplies.one(DnsReplies.ptr(q, "plc.example.")))) {
      assertThat(probeOne(lossy, "10.60.0.1")).isInstanceOfSatisfying(Outcome.Ok.class,
          ok -> assertThat(ok.facts()).extracting(f -> f.attribute() + "=" + f.value()).containsExactly("fqdn=plc.example", "hostname=plc"));
      assertThat(lossy.count()).isEqualTo(2);
    }
  }

  @Test
  void aTruncatedAnswerWithNobodyOnTcpIsRefused() throws Exception {
    try (ScriptedDnsServer truncating = new ScriptedDnsServer(q -> DnsReplies.one(DnsReplies.reply(q, Rcode.NOERROR,
        (m, n) -> m.getHeader().setFlag(org.xbill.DNS.Flags.TC))))) {
      assertThat(probeOne(truncating, "10.60.0.2")).isInstanceOfSatisfying(Outcome.Refused.class,
          r -> assertThat(r.detail()).contains("refused the connection"));
    }
  }
}

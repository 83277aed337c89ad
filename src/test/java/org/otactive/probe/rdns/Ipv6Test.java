package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.ScriptedDnsServer;
import org.xbill.DNS.Name;

/** IPv6 targets (ip6.arpa names) asked to a DNS server on the IPv6 loopback. */
class Ipv6Test {
  @TempDir Path dir;

  @Test
  void ipv6TargetsAndAnIpv6Server() throws Exception {
    try (ScriptedDnsServer v6 = new ScriptedDnsServer(q -> {
      Name qname = DnsReplies.parse(q).getQuestion().getName();
      return List.of(DnsReplies.ptr(q, "plc-" + qname.getLabelString(0) + ".v6.example."));
    }, InetAddress.getByName("::1"))) {
      Cli.Result r = Cli.run("--db", Cli.armed("jdbc:h2:file:" + dir.resolve("db")), "rdns", "fd00:0:0:78::/126",
          "--dns-server", v6.spec() + "=fd00:0:0:78::/64", "--format", "json");
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode list = new ObjectMapper().readTree(r.out());
      assertThat(list).extracting(n -> n.get("address").asText())
          .containsExactly("fd00:0:0:78::", "fd00:0:0:78::1", "fd00:0:0:78::2", "fd00:0:0:78::3");
      assertThat(list.get(3).get("fqdn").get(0).asText()).isEqualTo("plc-3.v6.example");
      assertThat(v6.arrivals()).extracting(a -> DnsReplies.parse(a.bytes()).getQuestion().getName().toString())
          .contains("3.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.7.0.0.0.0.0.0.0.0.0.0.0.0.d.f.ip6.arpa.");
    }
  }
}

package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.DnsReplies;
import org.otactive.testing.ScriptedDnsServer;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * A hostile DNS server on loopback answers each question in its own bad way. The run must finish,
 * give every target a clear outcome, and store only sanitised names.
 */
class HostileServerTest {
  @TempDir Path dir;

  private static final Name ALIAS = DnsReplies.name("10.alias.example.");
  private static final Name LOOP_A = DnsReplies.name("a.loop.example.");

  private static List<byte[]> answer(byte[] query) {
    Message q = DnsReplies.parse(query);
    Name qname = q.getQuestion().getName();
    if (qname.equals(ALIAS)) return List.of(DnsReplies.ptr(query, "behind-alias.example."));
    if (qname.equals(LOOP_A)) {
      return List.of(DnsReplies.reply(query, Rcode.NOERROR, (m, n) ->
          m.addRecord(new CNAMERecord(n, DClass.IN, 60, DnsReplies.name("11.0.47.10.in-addr.arpa.")), Section.ANSWER)));
    }
    int last = Integer.parseInt(qname.getLabelString(0));
    byte[] good = DnsReplies.ptr(query, "good-" + last + ".example.");
    return switch (last) {
      case 1 -> { // wrong ID only: never an answer
        byte[] b = good.clone();
        b[0] ^= 0x55;
        yield List.of(b);
      }
      case 2 -> { // an answer to another question first, then the right one
        Message other = DnsReplies.parse(query);
        byte[] wrong = DnsReplies.ptr(PtrCodec.query(DnsReplies.name("99.99.99.99.in-addr.arpa."),
            other.getHeader().getID(), false), "spoofed.example.");
        yield List.of(wrong, good);
      }
      case 3 -> { // a compression pointer to itself
        byte[] b = good.clone();
        int owner = 12 + qname.length() + 4;
        b[owner] = (byte) 0xC0;
        b[owner + 1] = (byte) owner;
        yield List.of(b);
      }
      case 4 -> List.of(DnsReplies.ptr(query, "<img src=x onerror=alert(1)>.\\027[2J\\000evil.example."));
      case 5 -> { // oversized: 600 names in one datagram
        String[] names = new String[600];
        for (int i = 0; i < names.length; i++) names[i] = "n" + i + ".big.example.";
        yield List.of(DnsReplies.ptr(query, names));
      }
      case 6 -> { // garbage with our ID and the response bit
        byte[] b = new byte[300];
        new Random(6).nextBytes(b);
        b[0] = query[0];
        b[1] = query[1];
        b[2] = (byte) 0x80;
        yield List.of(b);
      }
      case 7 -> List.of(DnsReplies.reply(query, Rcode.SERVFAIL, null));
      case 8 -> List.of(DnsReplies.reply(query, Rcode.REFUSED, null));
      case 9 -> List.of(DnsReplies.reply(query, Rcode.NOERROR, (m, n) -> m.getHeader().setFlag(Flags.TC)));
      case 10 -> List.of(DnsReplies.reply(query, Rcode.NOERROR, (m, n) ->
          m.addRecord(new CNAMERecord(n, DClass.IN, 60, ALIAS), Section.ANSWER)));
      case 11 -> List.of(DnsReplies.reply(query, Rcode.NOERROR, (m, n) ->
          m.addRecord(new CNAMERecord(n, DClass.IN, 60, LOOP_A), Section.ANSWER)));
      case 12 -> List.of(Arrays.copyOf(good, 20)); // cut short
      case 13 -> List.of(DnsReplies.reply(query, Rcode.NOERROR, (m, n) -> // PTR for another owner only
          m.addRecord(new PTRRecord(DnsReplies.name("1.1.1.1.in-addr.arpa."), DClass.IN, 60,
              DnsReplies.name("elsewhere.example.")), Section.ANSWER)));
      default -> List.of(good);
    };
  }

  @Test
  void hostileAnswersNeverCrashARunAndNeverReachTheStoreRaw() throws Exception {
    try (ScriptedDnsServer hostile = new ScriptedDnsServer(HostileServerTest::answer)) {
      String db = Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
      Path out = dir.resolve("out.json");
      Cli.Result r = Cli.run("--db", db, "rdns", "10.47.0.1-10.47.0.14", "--dns-server", hostile.spec(),
          "--tries", "2", "--format", "json", "--out", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
      // .1 answers with a wrong ID (twice, once per try), .2 first answers another question
      java.util.regex.Matcher stray = java.util.regex.Pattern.compile("; (\\d+) stray replies dropped").matcher(r.err());
      assertThat(stray.find()).as(r.err()).isTrue();
      assertThat(Integer.parseInt(stray.group(1))).isGreaterThanOrEqualTo(3);
      Map<Integer, JsonNode> byLast = new HashMap<>();
      for (JsonNode n : new ObjectMapper().readTree(Files.readString(out))) {
        String a = n.get("address").asText();
        byLast.put(Integer.parseInt(a.substring(a.lastIndexOf('.') + 1)), n);
      }
      assertThat(byLast).hasSize(14);
      assertThat(kind(byLast, 1)).isEqualTo("no-answer");
      assertThat(first(byLast, 2)).isEqualTo("good-2.example");
      assertThat(kind(byLast, 3)).isEqualTo("protocol-error");
      assertThat(first(byLast, 4)).isEqualTo("\\060img\\032src\\061x\\032onerror\\061alert\\0401\\041\\062.\\027\\0912j\\000evil.example");
      assertThat(byLast.get(5).get("fqdn")).hasSize(PtrCodec.MAX_NAMES);
      assertThat(kind(byLast, 6)).isEqualTo("protocol-error");
      assertThat(kind(byLast, 7)).isEqualTo("failed");
      assertThat(byLast.get(7).get("detail").asText()).contains("SERVFAIL");
      assertThat(kind(byLast, 8)).isEqualTo("refused");
      assertThat(kind(byLast, 9)).isEqualTo("refused"); // truncated, and nobody listens on TCP
      assertThat(first(byLast, 10)).isEqualTo("behind-alias.example");
      assertThat(byLast.get(10).get("detail").asText()).contains("via CNAME 10.alias.example");
      assertThat(kind(byLast, 11)).isEqualTo("protocol-error");
      assertThat(byLast.get(11).get("detail").asText()).contains("loop");
      assertThat(kind(byLast, 12)).isEqualTo("protocol-error");
      assertThat(byLast.get(13).get("fqdn")).isEmpty();
      assertThat(first(byLast, 14)).isEqualTo("good-14.example");

      Cli.Result devices = Cli.run("--db", db, "devices", "--format", "json");
      assertThat(devices.out()).doesNotContain("<img").doesNotContain("\u001b").doesNotContain("spoofed")
          .doesNotContain("elsewhere");
      assertThat(devices.out().chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }
  }

  private static String kind(Map<Integer, JsonNode> m, int last) {
    return m.get(last).get("outcome").asText();
  }

  private static String first(Map<Integer, JsonNode> m, int last) {
    JsonNode f = m.get(last).get("fqdn");
    assertThat(f).as("names of .%d: %s", last, m.get(last)).isNotEmpty();
    return f.get(0).asText();
  }
}

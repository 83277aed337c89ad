package org.otactive.probe.rdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Cli;
import org.otactive.testing.NsdServer;

/** Reverse DNS end to end through the CLI, against real NSD servers on loopback. */
class ReverseDnsNsdTest {
  static NsdServer plant;
  static NsdServer lineB;
  @TempDir Path dir;

  /** Every address of 10.78.0.0/22 has a PTR except every seventh, which is a hole (NXDOMAIN). */
  static boolean hole(int c, int d) {
    return (c * 256 + d) % 7 == 3;
  }

  @BeforeAll
  static void startServers() throws Exception {
    NsdServer.Zones z = new NsdServer.Zones();
    for (int c = 0; c < 4; c++) {
      String zone = c + ".78.10.in-addr.arpa";
      z.zone(zone);
      for (int d = 0; d < 256; d++) {
        if (hole(c, d) || (c == 0 && (d == 10 || d == 20 || d == 30))) continue;
        z.record(zone, d + " IN PTR dev-" + c + "-" + d + ".Line" + c + ".plant.example.");
      }
    }
    // several PTRs for one address
    z.record("0.78.10.in-addr.arpa", "10 IN PTR plc-10.line0.plant.example.");
    z.record("0.78.10.in-addr.arpa", "10 IN PTR plc-10-backup.line0.plant.example.");
    // so many long PTRs that the UDP answer (EDNS 1232) is truncated: asked again over TCP
    for (int i = 0; i < 40; i++) {
      z.record("0.78.10.in-addr.arpa", "20 IN PTR historian-alias-number-" + i + ".a-rather-long-subdomain.plant.example.");
    }
    // the name exists but has no PTR: NODATA
    z.record("0.78.10.in-addr.arpa", "30 IN TXT \"no ptr here\"");
    // RFC 2317 classless delegation of 192.0.2.0/26
    for (int d = 0; d < 64; d++) z.record("2.0.192.in-addr.arpa", d + " IN CNAME " + d + ".0-63.2.0.192.in-addr.arpa.");
    for (int d = 1; d < 64; d += 2) z.record("0-63.2.0.192.in-addr.arpa", d + " IN PTR rtu-" + d + ".substation.example.");
    // this server also has (wrong) names for line B, which must never be asked here
    z.record("0.79.10.in-addr.arpa", "1 IN PTR wrong-server.example.");
    plant = NsdServer.start(z);

    NsdServer.Zones b = new NsdServer.Zones();
    b.record("0.79.10.in-addr.arpa", "1 IN PTR plc-b1.lineb.plant.example.");
    b.record("0.79.10.in-addr.arpa", "2 IN PTR plc-b2.lineb.plant.example.");
    b.record("0.78.10.in-addr.arpa", "1 IN PTR wrong-server.example.");
    lineB = NsdServer.start(b);
  }

  @AfterAll
  static void stopServers() {
    if (plant != null) plant.close();
    if (lineB != null) lineB.close();
  }

  private String db() {
    return Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
  }

  private Map<String, JsonNode> rdns(String... args) throws Exception {
    Path out = dir.resolve("out.json");
    String[] full = new String[args.length + 6];
    full[0] = "--db";
    full[1] = db();
    full[2] = "rdns";
    System.arraycopy(args, 0, full, 3, args.length);
    full[args.length + 3] = "--format=json";
    full[args.length + 4] = "--out";
    full[args.length + 5] = out.toString();
    Cli.Result r = Cli.run(full);
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, JsonNode> byAddress = new HashMap<>();
    for (JsonNode n : new ObjectMapper().readTree(Files.readString(out))) byAddress.put(n.get("address").asText(), n);
    return byAddress;
  }

  @Test
  void aWholeSubnetWithHolesMultiplePtrsNodataAndTcpFallback() throws Exception {
    Map<String, JsonNode> r = rdns("10.78.0.0/22", "--dns-server", plant.spec(), "--rate", "unlimited");
    assertThat(r).hasSize(1024);
    int names = 0;
    for (int c = 0; c < 4; c++) {
      for (int d = 0; d < 256; d++) {
        JsonNode n = r.get("10.78." + c + "." + d);
        assertThat(n.get("outcome").asText()).as("10.78.%d.%d", c, d).isEqualTo("ok");
        if (c == 0 && (d == 10 || d == 20 || d == 30)) continue;
        if (hole(c, d)) {
          assertThat(n.get("fqdn")).isEmpty();
          assertThat(n.get("detail").asText()).contains("NXDOMAIN");
        } else {
          names++;
          assertThat(n.get("fqdn").get(0).asText()).isEqualTo("dev-" + c + "-" + d + ".line" + c + ".plant.example");
          assertThat(n.get("hostname").asText()).isEqualTo("dev-" + c + "-" + d);
        }
      }
    }
    assertThat(names).isGreaterThan(870);
    assertThat(r.get("10.78.0.10").get("fqdn")).extracting(JsonNode::asText)
        .containsExactly("plc-10-backup.line0.plant.example", "plc-10.line0.plant.example");
    JsonNode big = r.get("10.78.0.20");
    assertThat(big.get("fqdn")).hasSize(PtrCodec.MAX_NAMES);
    assertThat(big.get("detail").asText()).contains("over TCP");
    JsonNode nodata = r.get("10.78.0.30");
    assertThat(nodata.get("fqdn")).isEmpty();
    assertThat(nodata.get("detail").asText()).contains("NODATA");
  }

  @Test
  void classlessDelegationFollowsTheCname() throws Exception {
    Map<String, JsonNode> r = rdns("192.0.2.0/26", "--dns-server", plant.spec(), "--labels", "2");
    assertThat(r).hasSize(64);
    JsonNode odd = r.get("192.0.2.5");
    assertThat(odd.get("fqdn").get(0).asText()).isEqualTo("rtu-5.substation.example");
    assertThat(odd.get("hostname").asText()).isEqualTo("rtu-5.substation");
    assertThat(odd.get("detail").asText()).contains("via CNAME 5.0-63.2.0.192.in-addr.arpa");
    JsonNode even = r.get("192.0.2.6");
    assertThat(even.get("fqdn")).isEmpty();
    assertThat(even.get("detail").asText()).contains("NXDOMAIN");
  }

  @Test
  void eachAddressGoesToTheServersOfItsSubnetAndUnservedOnesAreReported() throws Exception {
    Map<String, JsonNode> r = rdns("10.78.0.1", "10.79.0.1-10.79.0.2", "10.99.0.1",
        "--dns-server", plant.spec() + "=10.78.0.0/16",
        "--dns-server", lineB.spec() + "=10.79.0.0/24");
    assertThat(r.get("10.78.0.1").get("fqdn").get(0).asText()).isEqualTo("dev-0-1.line0.plant.example");
    assertThat(r.get("10.79.0.1").get("fqdn").get(0).asText()).isEqualTo("plc-b1.lineb.plant.example");
    assertThat(r.get("10.79.0.2").get("detail").asText()).contains(lineB.spec());
    assertThat(r.get("10.99.0.1").get("outcome").asText()).isEqualTo("not-served");
    assertThat(r.get("10.99.0.1").get("detail").asText()).contains("no DNS server serves 10.99.0.1");
    assertThat(r.values()).noneMatch(n -> n.toString().contains("wrong-server"));
  }

  /** CSV into a file (written as bytes) is the CSV printed on standard output (through a writer), byte for byte. */
  @Test
  void csvInAFileIsTheCsvOnStandardOutput() throws Exception {
    Path csv = dir.resolve("out.csv");
    Cli.Result toFile = Cli.run("--db", db(), "rdns", "10.78.0.0/24", "10.99.0.1", "--dns-server", plant.spec(),
        "--rate", "unlimited", "--format", "csv", "--out", csv.toString());
    assertThat(toFile.code()).as(toFile.err()).isZero();
    Cli.Result toOut = Cli.run("--db", db(), "rdns", "10.78.0.0/24", "10.99.0.1", "--dns-server", plant.spec(),
        "--rate", "unlimited", "--format", "csv");
    assertThat(toOut.code()).as(toOut.err()).isZero();
    String written = Files.readString(csv, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(written).isEqualTo(toOut.out());
    List<org.apache.commons.csv.CSVRecord> rows;
    try (org.apache.commons.csv.CSVParser p = org.apache.commons.csv.CSVParser.parse(written,
        org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().get())) {
      rows = p.getRecords();
    }
    assertThat(rows).hasSize(257);
    assertThat(rows.get(0).get("address")).isEqualTo("10.78.0.0");
    assertThat(rows.get(255).get("address")).isEqualTo("10.78.0.255");
    assertThat(rows.get(256).get("outcome")).isEqualTo("refused"); // a zone the server does not hold
    assertThat(rows).filteredOn(r -> r.get("detail").contains("NXDOMAIN")).isNotEmpty();
  }

  @Test
  void resultsAreInTheInventoryAfterTheProcessEndsAndChangesAreKept() throws Exception {
    Cli.Result run = Cli.process("--db", db(), "rdns", "10.78.1.0/30", "10.79.0.1", "--dns-server", plant.spec(),
        "--format", "csv");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("address,hostname,fqdn,outcome,detail");
    assertThat(run.err()).contains("completed");
    // the second server claims another name for 10.79.0.1 later: a change old -> new
    Cli.Result second = Cli.process("--db", db(), "rdns", "10.79.0.1", "--dns-server", lineB.spec());
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.err()).contains("2 changes (old -> new):")
        .contains("10.79.0.1 fqdn: wrong-server.example -> plc-b1.lineb.plant.example")
        .contains("10.79.0.1 hostname: wrong-server -> plc-b1");
    assertThat(run.err()).doesNotContain("change"); // first sightings are not changes

    Cli.Result devices = Cli.process("--db", db(), "devices", "--format", "json");
    assertThat(devices.code()).as(devices.err()).isZero();
    JsonNode list = new ObjectMapper().readTree(devices.out());
    assertThat(list).extracting(n -> n.get("address").asText())
        .containsExactly("10.78.1.0", "10.78.1.1", "10.78.1.2", "10.78.1.3", "10.79.0.1");
    JsonNode first = list.get(0).get("attributes");
    assertThat(first.get("fqdn").get("value").asText()).isEqualTo("dev-1-0.line1.plant.example");
    assertThat(first.get("hostname").get("source").asText()).isEqualTo("rdns");
    assertThat(first.get("hostname").get("detail").asText()).contains(plant.spec());

    Cli.Result show = Cli.process("--db", db(), "devices", "show", "10.79.0.1");
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains("wrong-server.example -> plc-b1.lineb.plant.example")
        .contains("(none) -> wrong-server.example");
  }

  @Test
  void theTestDialogShowsTheRawAnswerAndRoundTrip() {
    Cli.Result r = Cli.run("--db", db(), "rdns", "--test", "192.0.2.5", "--dns-server", plant.spec());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("server:   " + plant.spec())
        .contains("question: 5.2.0.192.in-addr.arpa PTR IN")
        .containsPattern("rtt: +\\d+\\.\\d\\d ms")
        .contains("found rtu-5.substation.example")
        .contains("status: NOERROR")
        .contains("CNAME");
    Cli.Result nx = Cli.run("--db", db(), "rdns", "--test", "10.78.0.3", "--dns-server", plant.spec());
    assertThat(nx.code()).isZero();
    assertThat(nx.out()).contains("NXDOMAIN");
  }
}

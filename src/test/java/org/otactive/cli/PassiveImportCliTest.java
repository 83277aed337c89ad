package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.inventory.Observation;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.testing.Cli;

/** {@code otactive passive import} as a user runs it. */
class PassiveImportCliTest {
  static final Path PCAPS = Path.of("../shared/pcaps");
  @TempDir Path dir;

  /** The test's database, with the login name as its admin (importing needs one). */
  String db() {
    return Cli.armed("jdbc:h2:file:" + dir.resolve("db"));
  }

  long devices() {
    try (Database d = Database.open(db())) {
      return new JdbcInventory(d).count();
    }
  }

  @Test
  void aFileThatIsNoCaptureAndNoCsvRefusesTheWholeImport() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.csv"), "just,some\nwords,here\n");
    Path binary = Files.write(dir.resolve("capture.pcap"), Arrays.copyOf(Files.readAllBytes(Path.of("/bin/true")), 4096));
    for (Path bad : List.of(text, binary)) {
      Cli.Result r = Cli.run("--db", db(), "passive", "import", PCAPS.resolve("modbus_test.pcap").toString(), bad.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip()).doesNotContain("\n").startsWith("otactive: ").contains(bad.getFileName().toString())
          .contains("neither a packet capture (pcap, pcapng) nor a device CSV export");
      assertThat(r.out()).isEmpty();
    }
    assertThat(Cli.run("--db", db(), "passive", "import", dir.resolve("missing.pcap").toString()).err())
        .contains("missing.pcap: no such file");
    assertThat(devices()).isZero();
  }

  @Test
  void aCutCaptureImportsUpToTheCutAndSaysWhere() throws Exception {
    byte[] whole = Files.readAllBytes(PCAPS.resolve("s7comm_reading_plc_status.pcap"));
    Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, 20_000));
    Cli.Result r = Cli.run("--db", db(), "passive", "import", cut.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).containsPattern("otactive: cut.pcap: truncated (frame \\d+|record header) \\(\\d+ of \\d+ bytes\\) at byte"
        + " \\d+; imported what came before");
    assertThat(r.out()).contains("cut.pcap (pcap):").contains("passive import: 2 devices");
    Cli.Result show = Cli.run("--db", db(), "devices", "show", "192.168.1.40");
    assertThat(show.out()).contains("ot-server").contains("s7comm").contains("Siemens");
  }

  @Test
  void aSiteKeepsOnlyItsDevicesAndNamesTheOthers() {
    String url = Cli.armed(db());
    assertThat(Cli.run("--db", url, "site", "add", "line1", "--zone", "UTC", "--ranges", "192.168.0.20-192.168.0.21",
        "--reason", "set-up")
        .code()).isZero();
    Cli.Result r = Cli.run("--db", url, "passive", "import", PCAPS.resolve("modbus_test.pcap").toString(), "--site", "line1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("passive import: 2 devices")
        .contains("4 devices outside site line1's ranges were not stored: 192.168.0.112, 192.168.0.133, 192.168.0.144,"
            + " 192.168.0.156");
    assertThat(devices()).isEqualTo(2);
    Cli.Result unknown = Cli.run("--db", url, "passive", "import", PCAPS.resolve("modbus_test.pcap").toString(), "--site", "x");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown site: 'x'");
    assertThat(Cli.run("--db", url, "--as", "nobody", "passive", "import", PCAPS.resolve("modbus_test.pcap").toString())
        .code()).as("only admins (or a site's controllers) import").isEqualTo(4);
    assertThat(Cli.run("--db", url, "audit").out()).contains("passive-import").contains("modbus_test.pcap");
  }

  @Test
  void passiveAndActiveValuesAreBothShownAndAReimportChangesNothing() throws Exception {
    try (Database d = Database.open(db())) {
      new JdbcInventory(d).record(List.of(new Observation("10.20.0.5", "hostname", "plc-1.plant.example", "rdns",
          "PTR from 127.0.0.1:53", Instant.parse("2026-11-30T10:00:00Z"))));
    }
    Path csv = Files.writeString(dir.resolve("export.csv"),
        "ip,name,first_seen,last_seen\n10.20.0.5,PLC-1,2026-11-01T10:00:00Z,2026-11-02T10:00:00Z\n");
    Cli.Result first = Cli.run("--db", db(), "passive", "import", csv.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("0 changed");
    Path later = Files.writeString(dir.resolve("later.csv"),
        "ip,name,first_seen,last_seen\n10.20.0.5,PLC-1,2026-11-05T10:00:00Z,2026-11-20T10:00:00Z\n");
    Cli.Result second = Cli.run("--db", db(), "passive", "import", later.toString());
    // the first sighting stays the earliest; only last-seen moves
    assertThat(second.out()).contains("1 changed").contains("last-seen: 2026-11-02T10:00:00Z -> 2026-11-20T10:00:00Z");
    Cli.Result table = Cli.run("--db", db(), "devices");
    assertThat(table.out()).containsPattern("10.20.0.5 +hostname +PLC-1 +passive")
        .containsPattern("10.20.0.5 +hostname +plc-1.plant.example +rdns");
    JsonNode json = new ObjectMapper().readTree(Cli.run("--db", db(), "devices", "--format", "json").out()).get(0);
    assertThat(json.get("bySource").get("hostname").get("passive").get("value").asText()).isEqualTo("PLC-1");
    assertThat(json.get("bySource").get("hostname").get("rdns").get("value").asText()).isEqualTo("plc-1.plant.example");
    assertThat(json.get("bySource").get("first-seen").get("passive").get("value").asText()).isEqualTo("2026-11-01T10:00:00Z");
  }
  @Test
  void devicesAreNarrowedAsTheConsolesSearchDoes() throws Exception {
    String url = Cli.armed(db());
    Path csv = Files.writeString(dir.resolve("devices.csv"), String.join("\n",
        "ip,mac,name,vendor,os,firmware,type,protocols,first_seen,last_seen",
        "10.20.0.5,00:1b:1b:00:00:05,PLC-1,Siemens,,V4.5,PLC,s7comm,2026-11-01T10:00:00Z,2026-11-02T10:00:00Z",
        "10.20.0.6,,,Rockwell,,,PLC,enip,2026-11-01T10:00:00Z,2026-11-02T10:00:00Z",
        "10.20.1.7,,HMI-7,,Windows 10,,HMI,,2026-11-01T10:00:00Z,2026-11-02T10:00:00Z", ""));
    assertThat(Cli.run("--db", url, "passive", "import", csv.toString()).code()).isZero();
    assertThat(Cli.run("--db", url, "site", "add", "line1", "--zone", "UTC", "--ranges", "10.20.0.0/24", "--reason", "set-up")
        .code()).isZero();
    assertThat(addresses(url, "--hostname", "lacks")).containsExactly("10.20.0.6");
    assertThat(addresses(url, "--hostname", "has")).containsExactly("10.20.0.5", "10.20.1.7");
    assertThat(addresses(url, "--subnet", "10.20.1.0/24")).containsExactly("10.20.1.7");
    assertThat(addresses(url, "--site", "line1")).containsExactly("10.20.0.5", "10.20.0.6");
    assertThat(addresses(url, "--search", "SIEMENS")).containsExactly("10.20.0.5");
    assertThat(addresses(url, "--attribute", "vendor", "--source", "passive", "--subnet", "10.20.0.6-10.20.1.255"))
        .as("all criteria at once").containsExactly("10.20.0.6");
    assertThat(addresses(url, "--source", "rdns")).isEmpty();
    for (String[] bad : List.of(new String[] {"--subnet", "10.20.0.300"}, new String[] {"--hostname", "maybe"},
        new String[] {"--site", "nowhere"})) {
      Cli.Result r = Cli.run(Stream.concat(Stream.of("--db", url, "devices"), Stream.of(bad)).toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", bad)).isEqualTo(2);
      assertThat(r.err().strip()).doesNotContain("\n").contains(bad[1]);
      assertThat(r.out()).isEmpty();
    }
  }

  /** The distinct addresses {@code devices} lists with these options, in its order. */
  static List<String> addresses(String url, String... options) {
    Cli.Result r = Cli.run(Stream.concat(Stream.of("--db", url, "devices", "--format", "csv"), Stream.of(options))
        .toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return r.out().lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().toList();
  }
}

package org.otactive.passive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.otactive.common.BadInputException;

/** Device CSV exports: the generic shape and Defender for IoT's column names. */
class DeviceCsvTest {
  static DeviceCsv.Result read(String text, ZoneId zone) throws Exception {
    return DeviceCsv.read(new BufferedReader(new StringReader(text)), "export.csv", zone, Vendors.system());
  }

  static Map<String, PassiveDevice> byAddress(DeviceCsv.Result r) {
    return r.devices().stream().collect(Collectors.toMap(PassiveDevice::address, Function.identity()));
  }

  @Test
  void defenderSensorExportWithItsColumnsAndTimes() throws Exception {
    String csv = "\uFEFFName,IP Address,MAC Address,Vendor,Operating System,Firmware version,Type,Protocols,"
        + "Discovered,Last Activity,Groups,VLAN,Is Authorized,Description\n"
        + "PLC-1,10.20.0.5,00:0E:8C:11:22:33,Siemens,,V4.2,PLC,\"S7, Modbus\",11/01/2026 09:15:00 AM,"
        + "11/29/2026 03:04:05 PM,PLCs,10,True,\"line one\nline two\"\n"
        + "HMI,\"10.20.0.7, 10.21.0.7\",00-1B-1B-AA-BB-CC,,Windows 10,,HMI,HTTP,,,,,False,\n"
        + "bad,10.20.0.300,,,,,,,,,,,,\n"
        + "worse,10.20.0.9,not-a-mac,,,,,,,,,,,\n"
        + "late,10.20.0.10,,,,,,,yesterday,,,,,\n";
    DeviceCsv.Result r = read(csv, ZoneId.of("Europe/Berlin"));
    assertThat(r.rows()).isEqualTo(5);
    assertThat(r.ignoredColumns()).containsExactly("Groups", "VLAN", "Is Authorized", "Description");
    // the first row spans lines 2-3, so the bad rows are lines 5, 6 and 7
    assertThat(r.badRows()).containsExactly("line 5: not an IP address: '10.20.0.300'",
        "line 6: not a MAC address: 'not-a-mac'",
        "line 7: not a time: 'yesterday' (ISO-8601 or MM/DD/YYYY HH:MM:SS AM/PM)");
    Map<String, PassiveDevice> d = byAddress(r);
    assertThat(d).containsOnlyKeys("10.20.0.5", "10.20.0.7", "10.21.0.7");
    PassiveDevice plc = d.get("10.20.0.5");
    assertThat(plc.facts().get("hostname").value()).isEqualTo("PLC-1");
    assertThat(plc.facts().get("mac").value()).isEqualTo("00:0e:8c:11:22:33");
    assertThat(plc.facts().get("vendor").value()).isEqualTo("Siemens");
    assertThat(plc.facts().get("firmware").value()).isEqualTo("V4.2");
    assertThat(plc.facts().get("protocols").value()).isEqualTo("Modbus,S7");
    assertThat(plc.facts()).doesNotContainKey("os");
    assertThat(plc.firstSeen()).isEqualTo(Instant.parse("2026-11-01T08:15:00Z")); // CET
    assertThat(plc.lastSeen()).isEqualTo(Instant.parse("2026-11-29T14:04:05Z"));
    assertThat(plc.facts().get("type").detail()).isEqualTo("export.csv line 2");
    PassiveDevice hmi = d.get("10.21.0.7");
    assertThat(hmi.facts().get("os").value()).isEqualTo("Windows 10");
    // no vendor column value: the MAC's OUI names it (Wireshark's manuf list)
    assertThat(hmi.facts().get("vendor").value()).startsWith("Siemens");
  }

  @Test
  void genericShapeAndAzurePortalColumns() throws Exception {
    DeviceCsv.Result r = read("ip;mac;name;first_seen;last_seen\n"
        + "fd00::7;;rtu\t7;2026-11-01T10:00:00Z;2026-11-02 10:00:00\n", ZoneId.of("UTC"));
    PassiveDevice d = r.devices().getFirst();
    assertThat(d.address()).isEqualTo("fd00::7");
    assertThat(d.facts().get("hostname").value()).isEqualTo("rtu?7"); // control characters never stored
    assertThat(d.lastSeen()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
    DeviceCsv.Result azure = read("IPv4 Address,IPv6 Address,OS platform,First seen\n10.1.1.1,,Linux,\n", ZoneId.of("UTC"));
    assertThat(azure.devices()).singleElement().satisfies(x -> assertThat(x.facts().get("os").value()).isEqualTo("Linux"));
  }

  @Test
  void aHeaderWithoutAnAddressColumnIsNoDeviceExport() {
    assertThat(DeviceCsv.headerProblem("Name,Vendor,Type")).isPresent();
    assertThat(DeviceCsv.headerProblem("\uFEFF\"IP Address\",Name")).isEmpty();
    assertThatThrownBy(() -> DeviceCsv.mac("00:11:22:33:44")).isInstanceOf(BadInputException.class);
  }
}

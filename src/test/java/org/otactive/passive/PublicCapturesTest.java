package org.otactive.passive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.otactive.passive.capture.CaptureFormat;
import org.otactive.passive.capture.CaptureReader;
import org.otactive.passive.capture.Frame;
import org.otactive.passive.capture.PacketDecoder;
import org.otactive.testing.Tshark;

/**
 * The public ICS captures (ITI/ICS-Security-Tools, in {@code ../shared/pcaps/}) analysed by
 * otactive and dissected by tshark: the same frames, devices, MACs, vendors, names, and the same
 * servers and clients of each OT protocol (tshark's view taken from its own fields: ports, the DNP3
 * DIR bit, S7 ROSCTR, BACnet APDU types, DCE/RPC packet types).
 */
class PublicCapturesTest {
  static final Path PCAPS = Path.of("../shared/pcaps");

  static Map<String, PassiveDevice> analyse(Path capture) throws Exception {
    byte[] head = java.nio.file.Files.readAllBytes(capture);
    CaptureAnalysis a = new CaptureAnalysis(Vendors.system());
    CaptureReader r = CaptureReader.open(CaptureFormat.of(head).orElseThrow(), new java.io.ByteArrayInputStream(head));
    for (Frame f; (f = r.next()) != null; ) a.add(PacketDecoder.decode(f));
    assertThat(r.damage()).isEmpty();
    return a.devices(capture.getFileName().toString()).stream()
        .collect(Collectors.toMap(PassiveDevice::address, Function.identity()));
  }

  static Set<String> with(Map<String, PassiveDevice> devices, String attribute, String protocol) {
    return devices.values().stream().filter(d -> d.facts().containsKey(attribute)
        && List.of(d.facts().get(attribute).value().split(",")).contains(protocol))
        .map(PassiveDevice::address).collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> set(List<String> values) {
    return new TreeSet<>(values);
  }

  @ParameterizedTest
  @CsvSource({"EthernetIP-CIP.pcap", "bacnet_test.pcap", "full_exchange.pcap", "modbus_test.pcap", "profinet.pcap",
      "s7comm_reading_plc_status.pcap", "wrapup.pcapng"})
  void devicesMacsVendorsAndTimesAgreeWithTshark(String name) throws Exception {
    Path capture = PCAPS.resolve(name);
    Map<String, PassiveDevice> devices = analyse(capture);
    // one pass of tshark: per frame its time, source MAC and vendor, and the address speaking
    Map<String, List<List<String>>> bySource = new java.util.HashMap<>();
    for (List<String> r : Tshark.fields(capture, "ip || ipv6 || arp || lldp", "frame.time_epoch", "eth.src",
        "eth.src.oui_resolved", "ip.src", "ipv6.src", "arp.src.proto_ipv4", "lldp.mgn.addr.ip4")) {
      String src = !r.get(6).isEmpty() ? r.get(6) : !r.get(5).isEmpty() ? r.get(5) : !r.get(3).isEmpty() ? r.get(3) : r.get(4);
      if (src.isEmpty() || src.equals("0.0.0.0") || src.equals("::") || src.startsWith("224.") || src.startsWith("239.")) continue;
      bySource.computeIfAbsent(src, k -> new java.util.ArrayList<>()).add(r);
    }
    assertThat(devices.keySet()).as("devices of %s", name).containsExactlyInAnyOrderElementsOf(bySource.keySet());
    for (PassiveDevice d : devices.values()) {
      List<List<String>> frames = bySource.get(d.address());
      Set<String> macs = frames.stream().map(r -> r.get(1)).collect(Collectors.toSet());
      if (macs.size() == 1) {
        assertThat(d.facts().get("mac").value()).as("MAC of %s", d.address()).isEqualTo(macs.iterator().next());
        if (!frames.getFirst().get(2).isEmpty()) {
          assertThat(d.facts().get("vendor").value()).as("vendor of %s", d.address()).isEqualTo(frames.getFirst().get(2));
        }
      }
      double first = frames.stream().mapToDouble(r -> Double.parseDouble(r.get(0))).min().orElseThrow();
      double last = frames.stream().mapToDouble(r -> Double.parseDouble(r.get(0))).max().orElseThrow();
      assertThat(d.firstSeen().toEpochMilli() / 1000.0).as("first seen of %s", d.address())
          .isCloseTo(first, org.assertj.core.data.Offset.offset(0.001));
      assertThat(d.lastSeen().toEpochMilli() / 1000.0).as("last seen of %s", d.address())
          .isCloseTo(last, org.assertj.core.data.Offset.offset(0.001));
    }
  }

  @Test
  void modbusServersAndClients() throws Exception {
    Path c = PCAPS.resolve("modbus_test.pcap");
    Map<String, PassiveDevice> d = analyse(c);
    assertThat(with(d, "ot-server", "modbus")).isEqualTo(set(Tshark.column(c, "mbtcp && tcp.srcport == 502", "ip.src")))
        .isNotEmpty();
    assertThat(with(d, "ot-client", "modbus")).isEqualTo(set(Tshark.column(c, "mbtcp && tcp.dstport == 502", "ip.src")))
        .isNotEmpty();
  }

  @Test
  void dnp3MasterAndOutstationByTheDirBit() throws Exception {
    Path c = PCAPS.resolve("full_exchange.pcap");
    Map<String, PassiveDevice> d = analyse(c);
    assertThat(with(d, "ot-client", "dnp3")).isEqualTo(set(Tshark.column(c, "dnp3.ctl.dir == 1", "ip.src"))).isNotEmpty();
    assertThat(with(d, "ot-server", "dnp3")).isEqualTo(set(Tshark.column(c, "dnp3.ctl.dir == 0", "ip.src"))).isNotEmpty();
  }

  @Test
  void s7commJobsComeFromTheClient() throws Exception {
    Path c = PCAPS.resolve("s7comm_reading_plc_status.pcap");
    Map<String, PassiveDevice> d = analyse(c);
    assertThat(with(d, "ot-client", "s7comm")).isEqualTo(set(Tshark.column(c, "s7comm.header.rosctr == 1", "ip.src")))
        .isNotEmpty();
    assertThat(with(d, "ot-server", "s7comm")).isEqualTo(set(Tshark.column(c, "s7comm.header.rosctr == 3", "ip.src")))
        .isNotEmpty();
  }

  @Test
  void bacnetRequestsAndAnswers() throws Exception {
    Path c = PCAPS.resolve("bacnet_test.pcap");
    Map<String, PassiveDevice> d = analyse(c);
    assertThat(with(d, "ot-client", "bacnet")).isEqualTo(set(Tshark.column(c, "bacapp.type == 0", "ip.src"))).isNotEmpty();
    assertThat(with(d, "ot-server", "bacnet")).isEqualTo(set(Tshark.column(c, "bacapp.type == 3", "ip.src"))).isNotEmpty();
  }

  @Test
  void enipServersAnswerFromTheirPort() throws Exception {
    Path c = PCAPS.resolve("EthernetIP-CIP.pcap");
    Map<String, PassiveDevice> d = analyse(c);
    assertThat(with(d, "ot-server", "enip")).isEqualTo(set(Tshark.column(c, "enip && tcp.srcport == 44818", "ip.src")))
        .hasSize(4);
    assertThat(with(d, "ot-client", "enip")).isEqualTo(set(Tshark.column(c, "enip && tcp.dstport == 44818", "ip.src")));
  }

  @Test
  void profinetContextManagementOverRpc() throws Exception {
    Path c = PCAPS.resolve("profinet.pcap");
    Map<String, PassiveDevice> d = analyse(c);
    assertThat(with(d, "ot-client", "profinet")).isEqualTo(set(Tshark.column(c, "dcerpc.pkt_type == 0", "ip.src")));
    assertThat(with(d, "ot-server", "profinet")).isEqualTo(set(Tshark.column(c, "dcerpc.pkt_type == 2", "ip.src")));
  }

  @Test
  void namesFromMdnsAndLldp() throws Exception {
    Path c = PCAPS.resolve("wrapup.pcapng");
    Map<String, PassiveDevice> d = analyse(c);
    List<String> lldp = Tshark.column(c, "lldp", "lldp.tlv.system.name");
    String lldpMac = Tshark.column(c, "lldp", "eth.src").getFirst();
    PassiveDevice pc = d.values().stream().filter(x -> x.facts().containsKey("mac")
        && x.facts().get("mac").value().equals(lldpMac) && !x.address().contains(":")).findFirst().orElseThrow();
    String name = pc.facts().get("hostname").value();
    assertThat(Tshark.column(c, "mdns && dns.flags.response == 1 && dns.a == " + pc.address()
        + " && lower(dns.resp.name) == \"" + name + "\"", "frame.number")).as("tshark's mDNS answers naming %s", name).isNotEmpty();
    assertThat(pc.facts().get("hostname").detail()).contains("mDNS").contains("LLDP system name " + lldp.getFirst().toLowerCase());
  }
}

package org.otactive.passive.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.otactive.testing.PcapWriter.hex;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.passive.PassiveDevice;
import org.otactive.passive.capture.CaptureFormat;
import org.otactive.passive.capture.CaptureReader;
import org.otactive.passive.capture.Frame;
import org.otactive.testing.PcapWriter;
import org.otactive.testing.Tshark;

/**
 * One message of each protocol, built from its specification, in one capture: tshark must dissect
 * each frame as that protocol (so the vector is right), and passive analysis must find the same
 * protocol with the right server and client. Pairs: client 10.0.N.1, server 10.0.N.2.
 */
class CraftedProtocolsTest {
  record Case(String protocol, String tshark, int transport, int port, String request, String reply) {}

  static final List<Case> CASES = List.of(
      // Modbus/TCP read holding registers 0-9 of unit 1, and its answer
      new Case("modbus", "mbtcp", 6, 502, "0001 0000 0006 01 03 0000 000a", "0001 0000 0005 01 03 02 0007"),
      // S7comm setup communication (job, then ack-data)
      new Case("s7comm", "s7comm", 6, 102, "0300 0019 02f080 32 01 0000 0000 0008 0000 f0 00 0001 0001 01e0",
          "0300 001b 02f080 32 03 0000 0000 0008 0000 0000 f0 00 0001 0001 00f0"),
      // S7comm-plus (tshark 4.0 has no dissector of its own: it sees the COTP carrying it)
      new Case("s7comm-plus", "cotp", 6, 102, "0300 0015 02f080 72 01 000a 31 0000 04ca 0000 0001 00",
          "0300 0015 02f080 72 01 000a 32 0000 04ca 0000 0001 00"),
      // EtherNet/IP RegisterSession both ways
      new Case("enip", "enip", 6, 44818, "6500 0400 00000000 00000000 0000000000000000 00000000 0100 0000",
          "6500 0400 01020304 00000000 0000000000000000 00000000 0100 0000"),
      // DNP3 link status request from the master (DIR set), the outstation's answer (DIR clear)
      new Case("dnp3", "dnp3", 6, 20000, "0564 05c9 0100 0004 a657", "0564 050b 0004 0100 5a96"),
      // OPC UA Hello with endpoint opc.tcp://h:4840, and Acknowledge
      new Case("opcua", "opcua", 6, 4840, "48454c46 30000000 00000000 00000100 00000100 00000000 00000000 10000000"
          + " 6f70632e7463703a2f2f683a34383430", "41434b46 1c000000 00000000 00000100 00000100 00000000 00000000"),
      // IEC 60870-5-104 STARTDT act, STARTDT con
      new Case("iec104", "iec60870_104", 6, 2404, "6804 07000000", "6804 0b000000"),
      // BACnet/IP Who-Is (broadcast NPDU), I-Am answer
      new Case("bacnet", "bvlc", 17, 47808, "810b 000c 0120ffff00ff 1008",
          "810a 0014 0100 1000 c402000001 2201e0 9100 210f"),
      // CIP class 1 I/O: sequenced address item and connected data
      new Case("cip-io", "cipio", 17, 2222, "0200 0280 0800 11223344 01000000 b100 0600 0100 01020304", null));

  @Test
  void tsharkAndPassiveAnalysisAgreeOnEveryProtocol(@TempDir Path dir) throws Exception {
    PcapWriter pcap = new PcapWriter();
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      int client = 0x0A000001 | (i + 1) << 8;
      int server = client + 1;
      int clientPort = c.port() == 2222 ? 2222 : 40000 + i;
      pcap.frame(PcapWriter.ethernet(0x02000000_0001L + i * 16, 0x02000000_0002L + i * 16, 0x0800,
          PcapWriter.ipv4(client, server, c.transport(), clientPort, c.port(), c.transport() == 6 ? 0x18 : 0,
              hex(c.request()))));
      if (c.reply() != null) {
        pcap.frame(PcapWriter.ethernet(0x02000000_0002L + i * 16, 0x02000000_0001L + i * 16, 0x0800,
            PcapWriter.ipv4(server, client, c.transport(), c.port(), clientPort, c.transport() == 6 ? 0x18 : 0,
                hex(c.reply()))));
      }
    }
    // PROFINET DCP: an Identify request to the DCP multicast address, a device's Identify response
    // with its NameOfStation "plc-7abc" and IP 10.0.99.2
    pcap.frame(PcapWriter.ethernet(0x02000000_0A01L, 0x010ECF000000L, 0x8892,
        hex("fefe 05 00 00000001 0001 0004 ffff0000")));
    pcap.frame(PcapWriter.ethernet(0x00_0E_8C_00_0A_02L, 0x02000000_0A01L, 0x8892,
        hex("feff 05 01 00000001 0000 0020 0202000a 0000 706c632d37616263 0102000e 0001 0a006302 ffffff00 0a006301")));
    Path file = Path.of(System.getProperty("crafted.keep", dir.resolve("crafted.pcap").toString()));
    Files.write(file, pcap.bytes());

    List<String> protocols = Tshark.column(file, "", "frame.protocols");
    int frame = 0;
    for (Case c : CASES) {
      for (int k = 0; k < (c.reply() == null ? 1 : 2); k++) {
        assertThat(protocols.get(frame++)).as("tshark's dissection of the %s vector", c.protocol()).contains(c.tshark());
      }
    }
    assertThat(protocols.get(frame)).contains("pn_dcp");
    assertThat(protocols.get(frame + 1)).contains("pn_dcp");
    assertThat(Tshark.column(file, "dnp3.hdr.CRC.incorrect || _ws.malformed", "frame.number"))
        .as("frames tshark finds malformed or with a bad DNP3 CRC").isEmpty();

    Map<String, PassiveDevice> devices = analyse(file);
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      PassiveDevice client = devices.get("10.0." + (i + 1) + ".1");
      PassiveDevice server = devices.get("10.0." + (i + 1) + ".2");
      assertThat(client.facts().get("ot-client").value()).as("client of %s", c.protocol()).isEqualTo(c.protocol());
      if (c.reply() != null) {
        assertThat(server.facts().get("ot-server").value()).as("server of %s", c.protocol()).isEqualTo(c.protocol());
        assertThat(client.facts()).doesNotContainKey("ot-server");
      }
    }
    PassiveDevice plc = devices.get("10.0.99.2");
    assertThat(plc.facts().get("ot-server").value()).isEqualTo("profinet");
    assertThat(plc.facts().get("hostname").value()).isEqualTo("plc-7abc");
    assertThat(plc.facts().get("hostname").detail()).contains("PROFINET DCP");
    assertThat(plc.facts().get("mac").value()).isEqualTo("00:0e:8c:00:0a:02");
  }

  @Test
  void theBytesDecideNotThePort(@TempDir Path dir) throws Exception {
    PcapWriter pcap = new PcapWriter();
    // Modbus on a port of its own, the handshake captured: the SYN's sender is the client
    pcap.frame(PcapWriter.ethernet(1, 2, 0x0800, PcapWriter.ipv4(0x0A000101, 0x0A000102, 6, 41000, 5020, 0x02, new byte[0])));
    pcap.frame(PcapWriter.ethernet(1, 2, 0x0800, PcapWriter.ipv4(0x0A000101, 0x0A000102, 6, 41000, 5020, 0x18,
        hex("0001 0000 0006 01 03 0000 000a"))));
    pcap.frame(PcapWriter.ethernet(2, 1, 0x0800, PcapWriter.ipv4(0x0A000102, 0x0A000101, 6, 5020, 41000, 0x18,
        hex("0001 0000 0005 01 03 02 0007"))));
    // HTTP on Modbus's port is not Modbus
    pcap.frame(PcapWriter.ethernet(3, 4, 0x0800, PcapWriter.ipv4(0x0A000201, 0x0A000202, 6, 41001, 502, 0x18,
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes())));
    Path file = dir.resolve("ports.pcap");
    Files.write(file, pcap.bytes());
    Map<String, PassiveDevice> devices = analyse(file);
    assertThat(devices.get("10.0.1.2").facts().get("ot-server").value()).isEqualTo("modbus");
    assertThat(devices.get("10.0.1.1").facts().get("ot-client").value()).isEqualTo("modbus");
    assertThat(devices).doesNotContainKey("10.0.2.2"); // only spoken to: not a device
    assertThat(devices.get("10.0.2.1").facts()).doesNotContainKeys("ot-server", "ot-client");
  }

  static Map<String, PassiveDevice> analyse(Path file) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    var a = org.otactive.passive.PassiveTesting.analysis();
    CaptureReader r = CaptureReader.open(CaptureFormat.of(bytes).orElseThrow(), new ByteArrayInputStream(bytes));
    for (Frame f; (f = r.next()) != null; ) a.add(org.otactive.passive.capture.PacketDecoder.decode(f));
    return a.devices(file.getFileName().toString()).stream()
        .collect(Collectors.toMap(PassiveDevice::address, Function.identity()));
  }
}

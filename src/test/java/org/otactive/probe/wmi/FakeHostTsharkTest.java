package org.otactive.probe.wmi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.probe.Outcome;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.rpc.AuthLevel;
import org.otactive.run.Tester;
import org.otactive.testing.GatedTest;
import org.otactive.safety.Limits;
import org.otactive.testing.Tshark;
import org.otactive.testing.fakewindows.FakeWindowsHost;
import org.otactive.testing.fakewindows.Wmiquery;

/**
 * An independent dissector's view of the fake: Wireshark's tshark, given the NT password, reads a
 * loopback capture of impacket's wmiquery.py and of otactive talking to the fake on 127.0.0.57,
 * decrypts the sealed calls, dissects the activation and the releases, and finds nothing
 * malformed or suspicious in either direction.
 */
class FakeHostTsharkTest {
  static final String ADDRESS = "127.0.0.57";
  static final String USER = "wmi-tshark";
  static final String PASSWORD = "Sh@rk-Fin-2026";
  static FakeWindowsHost host;

  @BeforeAll
  static void start() throws Exception {
    Tshark.requireTools();
    Wmiquery.requireInstalled();
    host = FakeWindowsHost.start(FakeWindowsHost.Options.of(ADDRESS, USER, PASSWORD));
  }

  @AfterAll
  static void stop() {
    if (host != null) host.close();
  }

  @Test
  void impacketAndOtactiveConversationsDissectCleanly(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("wmi-fake.pcapng");
    Path queries = dir.resolve("queries.wql");
    Files.write(queries, List.of("SELECT Caption, Version FROM Win32_OperatingSystem", "SELECT * FROM Win32_BIOS"));
    Tshark.Capture capture = Tshark.capture(ADDRESS, pcap);
    try {
      for (String level : List.of("default", "privacy")) {
        String out = Wmiquery.run(level, queries, USER, PASSWORD, ADDRESS);
        assertThat(out).contains("| Microsoft Windows Server 2019 Standard | 10.0.17763 |").doesNotContain("[-]");
      }
      Outcome collected = GatedTest.run(host.address(), Set.of(), Limits.defaults(),
          ctx -> new WindowsHostCollector(WmiSettings.of(Credentials.parse(USER, PASSWORD))).collect(ctx));
      assertThat(collected).isInstanceOf(Outcome.Ok.class);
      GatedTest.run(host.address(), Set.of(), Limits.defaults(), ctx -> {
        try {
          return WmiClient.query(ctx, WmiSettings.of(Credentials.parse(USER, PASSWORD))
              .withAuthLevel(AuthLevel.PKT_INTEGRITY), "SELECT HotFixID FROM Win32_QuickFixEngineering");
        } catch (WmiException e) {
          throw new AssertionError(e.getMessage(), e);
        }
      });
      host.awaitAllClosed(Duration.ofSeconds(5));
    } finally {
      capture.stop();
    }

    // TCP's own analysis (a D-SACK when the loaded loopback retransmits) says nothing about our
    // protocol: only the DCE/RPC layers and above are judged.
    String bad = tshark(pcap, "-Y", "_ws.malformed || (_ws.expert.severity >= 0x600000 && !tcp.analysis)",
        "-T", "fields", "-e", "frame.number", "-e", "_ws.col.Info", "-e", "_ws.expert.message");
    assertThat(bad).as("packets tshark finds malformed or warns about, either direction").isBlank();

    String summary = tshark(pcap, "-Y", "dcerpc");
    assertThat(count(summary, "RemoteCreateInstance response")).as("two impacket sessions, two of ours").isEqualTo(4);
    assertThat(summary).contains("NTLMSSP_AUTH, User: \\" + USER);
    // our one release per session: every reference, with the exact count handed out
    assertThat(summary).containsPattern("RemRelease request Cnt=\\d+ Refs=5-0(,5-0)+");
    // the sealed activation answers were decrypted: their bindings name the fake's exporter
    String bindings = tshark(pcap, "-Y", "dcom.dualstringarray.network_addr", "-T", "fields",
        "-e", "dcom.dualstringarray.network_addr");
    assertThat(bindings).contains(ADDRESS + "[" + host.exporterPort() + "]");
    String sealed = tshark(pcap, "-Y", "dcerpc.auth_level == 6 && dcerpc.pkt_type == 2 && dcom.stdobjref.public_refs == 5",
        "-T", "fields", "-e", "frame.number");
    assertThat(sealed).as("sealed answers whose interface pointers tshark read").isNotBlank();
    // every call on the exporter names its interface pointer in the object UUID
    String objects = tshark(pcap, "-Y", "dcerpc.pkt_type == 0 && tcp.dstport == " + host.exporterPort()
        + " && !dcerpc.cn_flags.object", "-T", "fields", "-e", "frame.number");
    assertThat(objects).as("exporter requests without an object UUID").isBlank();
    String expert = tshark(pcap, "-q", "-z", "expert");
    assertThat(expert).contains("NTLMv2 authenticated using <Global NT Password>");
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) n++;
    return n;
  }

  private static String tshark(Path pcap, String... args) throws Exception {
    return Tshark.read(pcap, PASSWORD, args);
  }
}

package org.otactive.probe.wmi.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.testing.SambaServer;
import org.otactive.testing.Tshark;

/**
 * An independent dissector's view: Wireshark's tshark, given the NT password, reads a loopback
 * capture of our exchanges with Samba, checks our NTLMv2 responses, decrypts the sealed calls, and
 * finds nothing malformed or suspicious in what we sent.
 */
class TsharkDissectionTest {
  static final String ADDRESS = "127.0.0.42";
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  static SambaServer samba;

  @BeforeAll
  static void start() throws Exception {
    Tshark.requireTools();
    samba = SambaServer.start(ADDRESS);
  }

  @AfterAll
  static void stop() {
    if (samba != null) samba.close();
  }

  @Test
  void tsharkDecodesOurPacketsAndFindsNoneMalformed(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("wmi.pcapng");
    Tshark.Capture capture = Tshark.capture(ADDRESS, pcap);
    try {
      Gated.run(samba.address(), ctx -> {
        exchanges(ctx);
        return null;
      });
    } finally {
      capture.stop();
    }

    String ours = tshark(pcap, "-Y", "ip.dst == " + ADDRESS + " && (_ws.malformed || _ws.expert.severity >= 0x600000)",
        "-T", "fields", "-e", "frame.number", "-e", "_ws.col.Info", "-e", "_ws.expert.message");
    assertThat(ours).as("our packets that tshark finds malformed or warns about").isBlank();

    String summary = tshark(pcap, "-Y", "dcerpc");
    assertThat(summary)
        .contains("Map request, SAMR", "Map request, WINREG")
        .contains("NTLMSSP_AUTH, User: \\" + SambaServer.USER)
        .contains("EnumDomains response")
        // visible only if tshark decrypted our sealed request with the session key it derived
        .contains("OpenKey request, SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion")
        .contains("QueryValue response");
    String expert = tshark(pcap, "-q", "-z", "expert");
    assertThat(expert).contains("NTLMv2 authenticated using <Global NT Password>")
        .contains("Last fragment, reassembled");
  }

  /** ept_map for both interfaces, samr at integrity, winreg at privacy with a fragmented request. */
  private static void exchanges(ProbeContext ctx) throws Exception {
    Credentials creds = Credentials.parse(SambaServer.USER, SambaServer.PASSWORD);
    // Both look-ups on one endpoint-mapper connection: with two such connections a moment apart
    // on loopback, tshark's DCE/RPC view once lacked the second look-up (and called the first
    // reply long).
    int samrPort;
    int winregPort;
    try (RpcConnection epm = RpcConnection.bind(ctx.connect(new InetSocketAddress(samba.address(), EndpointMapper.PORT),
        TIMEOUT), EndpointMapper.INTERFACE, RpcAuth.none(), ctx.clock(), TIMEOUT)) {
      samrPort = EndpointMapper.tcpPort(epm, SamrCalls.INTERFACE).orElseThrow();
      winregPort = EndpointMapper.tcpPort(epm, WinregCalls.INTERFACE).orElseThrow();
    }
    try (RpcConnection samr = RpcConnection.bind(ctx.connect(new InetSocketAddress(samba.address(), samrPort), TIMEOUT),
        SamrCalls.INTERFACE, RpcAuth.integrity(creds), ctx.clock(), TIMEOUT)) {
      SamrCalls.enumerateDomains(samr, SamrCalls.connect(samr));
    }
    try (RpcConnection reg = RpcConnection.bind(ctx.connect(new InetSocketAddress(samba.address(), winregPort), TIMEOUT),
        WinregCalls.INTERFACE, RpcAuth.privacy(creds), ctx.clock(), TIMEOUT)) {
      ContextHandle hklm = WinregCalls.openLocalMachine(reg);
      WinregCalls.queryString(reg, WinregCalls.openKey(reg, hklm, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"),
          "CurrentVersion");
      WinregCalls.tryOpenKey(reg, hklm, "SOFTWARE\\" + "y".repeat(7000));
    }
  }

  private static String tshark(Path pcap, String... args) throws Exception {
    return Tshark.read(pcap, SambaServer.PASSWORD, args);
  }
}

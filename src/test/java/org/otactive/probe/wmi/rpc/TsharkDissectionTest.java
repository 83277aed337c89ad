package org.otactive.probe.wmi.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.testing.SambaServer;

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
    for (String tool : List.of("/usr/bin/dumpcap", "/usr/bin/tshark")) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(tool + " is missing: run scripts/test, which installs Debian's tshark");
      }
    }
    samba = SambaServer.start(ADDRESS);
  }

  @AfterAll
  static void stop() {
    if (samba != null) samba.close();
  }

  @Test
  void tsharkDecodesOurPacketsAndFindsNoneMalformed(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("wmi.pcapng");
    Process dumpcap = new ProcessBuilder("/usr/bin/dumpcap", "-i", "lo", "-f", "host " + ADDRESS, "-w", pcap.toString())
        .redirectErrorStream(true).start();
    try {
      awaitCapturing(dumpcap);
      Gated.run(samba.address(), ctx -> {
        exchanges(ctx);
        return null;
      });
      Thread.sleep(300); // let the last segments reach the capture
    } finally {
      dumpcap.destroy();
      dumpcap.waitFor(10, TimeUnit.SECONDS);
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
    int samrPort = SambaRpcTest.port(ctx, samba, SamrCalls.INTERFACE);
    int winregPort = SambaRpcTest.port(ctx, samba, WinregCalls.INTERFACE);
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

  /** dumpcap names its file once the capture runs. */
  private static void awaitCapturing(Process dumpcap) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(dumpcap.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.startsWith("File:")) return;
    }
    throw new IllegalStateException("dumpcap did not start capturing on lo: " + seen);
  }

  private static String tshark(Path pcap, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/tshark", "-r", pcap.toString(),
        "-o", "ntlmssp.nt_password:" + SambaServer.PASSWORD));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("tshark " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }
}

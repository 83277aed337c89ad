package org.otactive.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Wireshark's dumpcap and tshark, as the tests' independent dissector of loopback traffic. */
public final class Tshark {
  private Tshark() {}

  /** Fails with a message saying how to get them when dumpcap or tshark is missing. */
  public static void requireTools() {
    for (String tool : List.of("/usr/bin/dumpcap", "/usr/bin/tshark")) {
      if (!Files.isExecutable(Path.of(tool))) {
        throw new IllegalStateException(tool + " is missing: run scripts/test, which installs Debian's tshark");
      }
    }
  }

  /** A running capture of loopback traffic to and from {@code address}, into {@code file}. */
  public static final class Capture {
    private final Process dumpcap;

    private Capture(Process dumpcap) {
      this.dumpcap = dumpcap;
    }

    /** Stops the capture (after a moment for the last segments to reach it). */
    public void stop() throws InterruptedException {
      try {
        Thread.sleep(300);
      } finally {
        dumpcap.destroy();
        dumpcap.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts dumpcap on lo for {@code host address}; returns once it writes. */
  public static Capture capture(String address, Path file) throws IOException {
    Process dumpcap = new ProcessBuilder("/usr/bin/dumpcap", "-i", "lo", "-f", "host " + address, "-w", file.toString())
        .redirectErrorStream(true).start();
    // dumpcap names its file once the capture runs
    BufferedReader out = new BufferedReader(new InputStreamReader(dumpcap.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      seen.append(line).append('\n');
      if (line.startsWith("File:")) return new Capture(dumpcap);
    }
    throw new IllegalStateException("dumpcap did not start capturing on lo: " + seen);
  }

  /** tshark's output for {@code pcap}, NTLM-decrypting with {@code ntPassword}. */
  public static String read(Path pcap, String ntPassword, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/tshark", "-r", pcap.toString(),
        "-o", "ntlmssp.nt_password:" + ntPassword));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("tshark " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }
}

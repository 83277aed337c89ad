package org.otactive.testing;

import java.io.File;
import java.io.InputStreamReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Wireshark's dumpcap and tshark (Debian's): the independent dissector tests check our traffic and our
 * passive analysis against.
 */
public final class Tshark {
  private Tshark() {}

  /** Rows of tab-separated fields of the frames matching {@code filter} (empty filter: all). */
  public static List<List<String>> fields(Path capture, String filter, String... fields)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(binary(), "-r", capture.toString(), "-n", "-T", "fields",
        "-E", "separator=/t", "-E", "occurrence=f"));
    if (!filter.isEmpty()) cmd.addAll(List.of("-Y", filter));
    for (String f : fields) cmd.addAll(List.of("-e", f));
    List<List<String>> rows = new ArrayList<>();
    for (String line : run(cmd).lines().toList()) rows.add(Arrays.asList(line.split("\t", -1)));
    return rows;
  }

  /** The values of one field over the matching frames, empty values left out. */
  public static List<String> column(Path capture, String filter, String field) throws IOException, InterruptedException {
    return fields(capture, filter, field).stream().map(r -> r.get(0)).filter(s -> !s.isEmpty()).toList();
  }

  public static String binary() {
    if (!Files.isExecutable(Path.of("/usr/bin/tshark"))) {
      throw new IllegalStateException("/usr/bin/tshark is missing: run scripts/test, which installs Debian's tshark");
    }
    return "/usr/bin/tshark";
  }

  static String run(List<String> cmd) throws IOException, InterruptedException {
    File err = File.createTempFile("tshark", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(err).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
      }
      String errText = Files.readString(err.toPath());
      // a cut capture makes tshark exit 2 after printing the frames before the cut
      if (p.exitValue() != 0 && !errText.contains("cut short") && !errText.contains("corrupt")
          && !errText.contains("damaged") && !errText.contains("bigger than") && !errText.contains("isn't a capture")) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + errText);
      }
      return out;
    } finally {
      err.delete();
    }
  }

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

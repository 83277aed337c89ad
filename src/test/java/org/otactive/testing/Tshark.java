package org.otactive.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Wireshark's tshark (Debian's), the independent dissector tests check passive analysis against. */
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
}

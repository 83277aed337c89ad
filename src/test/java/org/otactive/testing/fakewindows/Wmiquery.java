package org.otactive.testing.fakewindows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's impacket example {@code wmiquery.py}, run unmodified with {@code /usr/bin/python3}: the
 * independent WMI client the fake is proven with. Its exit code is 0 even on failure, so callers
 * read its output (an error is a line starting {@code [-]}).
 */
public final class Wmiquery {
  private Wmiquery() {}

  public static final Path SCRIPT = Path.of("/usr/share/doc/python3-impacket/examples/wmiquery.py");

  public static void requireInstalled() {
    if (!Files.isRegularFile(SCRIPT)) {
      throw new IllegalStateException(SCRIPT + " is missing: run scripts/test, which installs Debian's python3-impacket");
    }
  }

  /**
   * Runs the queries in {@code file} against {@code address}; {@code level} is {@code default},
   * {@code integrity} or {@code privacy}. Returns everything it printed.
   */
  public static String run(String level, Path file, String user, String password, String address)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/python3", SCRIPT.toString()));
    if (!level.equals("default")) command.addAll(List.of("-rpc-auth-level", level));
    command.addAll(List.of("-file", file.toString(), user + ":" + password + "@" + address));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("wmiquery.py did not finish: " + out);
    }
    return out;
  }
}

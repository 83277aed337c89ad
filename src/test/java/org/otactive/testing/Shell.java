package org.otactive.testing;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Shell commands of tests that build hosts in network namespaces: exit code and output, bounded in time. */
public final class Shell {
  private Shell() {}

  /** Exit code and output (stdout and stderr together). */
  public record Result(int code, String out) {}

  /** Runs {@code command} and fails with its output unless it exits 0. */
  public static void run(String command) throws Exception {
    Result r = sh(command);
    if (r.code() != 0) throw new IllegalStateException(command + " failed: " + r.out());
  }

  public static Result sh(String command) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(command + " did not finish");
    }
    return new Result(p.exitValue(), out);
  }
}

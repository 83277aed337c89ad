package org.otactive.testing;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.otactive.cli.Main;

/** Runs the command line in-process, or as a separate JVM like a user would. */
public final class Cli {
  /** Exit code and what was printed. */
  public record Result(int code, String out, String err) {}

  private Cli() {}

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs {@code otactive ARGS} in a new JVM on the test class path. */
  public static Result process(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    File err = File.createTempFile("otactive-err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectError(err).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("otactive " + String.join(" ", args) + " did not finish");
    }
    String errText = java.nio.file.Files.readString(err.toPath());
    err.delete();
    return new Result(p.exitValue(), out, errText);
  }
}

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

  private static final java.util.Set<String> ARMED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The login name the command line acts as by default. */
  public static final String ME = System.getProperty("user.name");

  /**
   * Prepares the database at {@code url} for one-off scans: the current login name as the first
   * admin, and active monitoring switched on (a fresh database refuses to send). Returns the URL.
   */
  public static String armed(String url) {
    if (ARMED.add(url)) {
      for (String[] args : List.of(new String[] {"user", "add", ME, "--role", "admin", "--reason", "test set-up"},
          new String[] {"monitoring", "on", "--reason", "test set-up"})) {
        Result r = run(concat(new String[] {"--db", url}, args));
        if (r.code() != 0) throw new IllegalStateException("arming " + url + " failed: " + r.err());
      }
    }
    return url;
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** {@code --db URL} followed by {@code args}: a command on one test's database. */
  public static String[] on(String url, String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "--db";
    full[1] = url;
    System.arraycopy(args, 0, full, 2, args.length);
    return full;
  }

  /** Runs the command and asserts it succeeded, showing its error output when it did not. */
  public static Result ok(String... args) {
    Result r = run(args);
    if (r.code() != 0) {
      throw new AssertionError("otactive " + String.join(" ", args) + " exited " + r.code() + ": " + r.err());
    }
    return r;
  }

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs the command line in-process with the given methods and caller environment. */
  public static Result runWith(org.otactive.probe.MethodRegistry registry, java.util.Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), registry, env);
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

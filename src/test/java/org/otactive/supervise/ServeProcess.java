package org.otactive.supervise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.otactive.cli.Main;

/** {@code otactive serve} as a real process on a test's database, with its output in a file. */
public final class ServeProcess implements AutoCloseable {
  private final Process process;
  final Path log;

  private ServeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static ServeProcess start(String db, Path dir, String name) throws IOException, InterruptedException {
    return start(db, dir, name, Main.class);
  }

  /** {@code serve} run by {@code main} (a test's own entry point may register a test-only method). */
  static ServeProcess start(String db, Path dir, String name, Class<?> main) throws IOException, InterruptedException {
    return start(db, dir, name, main, List.of("--port", "0"));
  }

  /** {@code serve} with options of its own ({@code --port}, {@code --tls}, …). */
  public static ServeProcess start(String db, Path dir, String name, Class<?> main, List<String> options)
      throws IOException, InterruptedException {
    Path log = dir.resolve(name + ".log");
    List<String> cmd = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), main.getName(), "--db", db, "serve", "--health-interval", "1s",
        "--instance", name));
    cmd.addAll(options);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ServeProcess s = new ServeProcess(p, log);
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    // Up when it prints the line that names its command socket.
    while (System.nanoTime() < end) {
      if (!p.isAlive()) throw new IllegalStateException("serve ended: " + Files.readString(log));
      if (Files.exists(log) && Files.readString(log).contains("commands on")) return s;
      Thread.sleep(50);
    }
    s.kill();
    throw new IllegalStateException("serve did not come up: " + Files.readString(log));
  }

  /** The console's address, as the service printed it. */
  public java.net.URI consoleUrl() throws IOException {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("console on (\\S+)").matcher(output());
    if (!m.find()) throw new IllegalStateException("no console line: " + output());
    return java.net.URI.create(m.group(1));
  }

  /** SIGKILL: no shutdown hook, nothing flushed. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the service halts its runs (to resume later) and closes the database. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("serve did not stop on SIGTERM");
    }
    return process.exitValue();
  }

  public String output() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}

package org.otactive.supervise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.otactive.cli.Main;

/** {@code otactive serve} as a real process on a test's database, with its output in a file. */
public final class ServeProcess implements AutoCloseable {
  /**
   * A stop switch the service threw, as its log says: the wall-clock and monotonic times read just
   * before the throw, the run, why (stop, pause, shutdown) and the reason recorded.
   */
  record Switch(Instant at, long monotonicNanos, long runId, String intent, String reason) {}

  private static final Pattern SWITCH = Pattern.compile(
      "^(\\S+) otactive serve: run (\\d+): switch thrown \\((\\w+)\\) at monotonic (\\d+) ns: (.*)$", Pattern.MULTILINE);

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
    // Up when it prints its first health line (which names its command socket, if it has one).
    while (System.nanoTime() < end) {
      if (!p.isAlive()) throw new IllegalStateException("serve ended: " + Files.readString(log));
      if (Files.exists(log) && Files.readString(log).contains("otactive serve: health ok")) return s;
      Thread.sleep(50);
    }
    s.kill();
    throw new IllegalStateException("serve did not come up: " + Files.readString(log));
  }

  long pid() {
    return process.pid();
  }

  /** Sends {@code signal} (e.g. {@code INT}, {@code STOP}, {@code CONT}) to the service, by its pid. */
  void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed");
    // A stop is not instant: a thread of the process must run to stop the others, and until then
    // they go on (a command that arrived just after `kill` returned once ran half-way first).
    if (signal.equals("STOP")) awaitEveryThreadStopped();
  }

  private void awaitEveryThreadStopped() throws IOException, InterruptedException {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!everyThreadStopped(tasks)) {
      if (System.nanoTime() > end) throw new IllegalStateException("serve " + process.pid() + " did not stop within 10 s");
      Thread.sleep(5);
    }
  }

  private static boolean everyThreadStopped(Path tasks) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.list(tasks)) {
      for (Path t : all.toList()) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (java.nio.file.NoSuchFileException ended) {
          continue; // a thread that ended meanwhile
        }
        // "tid (name) STATE ...": the name may hold spaces and parentheses, so after the last ')'.
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        if (state != 'T') return false;
      }
    }
    return true;
  }

  /** Waits for the service to end by itself (after a signal); its exit code. */
  int awaitExit(Duration max) throws InterruptedException {
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("serve did not end within " + max);
    }
    return process.exitValue();
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

  /** The switches the service logged so far, in the order it logged them. */
  List<Switch> switches() throws IOException {
    List<Switch> out = new ArrayList<>();
    Matcher m = SWITCH.matcher(output());
    while (m.find()) {
      out.add(new Switch(Instant.parse(m.group(1)), Long.parseLong(m.group(4)), Long.parseLong(m.group(2)), m.group(3),
          m.group(5)));
    }
    return out;
  }

  /** The one switch logged for {@code runId}, waiting a little for the log line (it is written off-thread). */
  Switch switchOf(long runId) throws IOException, InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<Switch> of = switches().stream().filter(s -> s.runId() == runId).toList();
      if (of.size() == 1) return of.get(0);
      if (of.size() > 1 || System.nanoTime() > end) {
        throw new AssertionError("expected one switch of run " + runId + " in the service's log, found " + of + ":\n" + output());
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) kill();
  }
}

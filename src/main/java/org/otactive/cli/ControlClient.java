package org.otactive.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.io.PrintWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.otactive.common.Text;
import org.otactive.store.DatabaseUrls;

/**
 * The command line's side of the control socket ({@link ControlSocket}): a command for the process
 * that holds the embedded database is handed to it before anything else is loaded (no command-line
 * parser, no database, no JSON library), so {@code otactive stop} or {@code otactive run status}
 * costs little more than the JVM's start. {@link HandOver} starts here without even opening the
 * full jar.
 */
final class ControlClient {
  /** Commands that run inside the service when it is up. */
  static final Set<String> FORWARDED = Set.of("user", "site", "window", "method", "schedule", "run", "stop", "rearm",
      "monitoring", "audit", "devices", "secrets", "passive", "coverage", "plan", "test", "netcheck");

  private ControlClient() {}

  /** Who the caller is when no {@code --as} names a user: {@code $OTACTIVE_USER}, else the login name. */
  static String defaultActor() {
    String env = System.getenv("OTACTIVE_USER");
    return env != null && !env.isBlank() ? env : System.getProperty("user.name", "unknown");
  }

  /** The socket of the database at {@code url}: next to an H2 file; none for a server database. */
  static Optional<Path> pathFor(String url) {
    // No lambda and no string concatenation on this path: their first use costs a cold JVM a few
    // milliseconds of bootstrapping, which a command that only hands itself over should not pay.
    Optional<Path> file = DatabaseUrls.h2File(url);
    if (file.isEmpty()) return file;
    return Optional.of(file.get().resolveSibling(file.get().getFileName().toString().concat(".sock")));
  }

  /** Whether a process listens on the socket of the database at {@code url} (a service or a one-off scan). */
  static boolean answers(String url) {
    Optional<Path> p = pathFor(url);
    if (p.isEmpty() || !Files.exists(p.get())) return false;
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(p.get()))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs the command in the process holding the database when one listens and the command is one
   * it takes; empty when the caller should run it itself (nobody listens, or a command it does not
   * take). It reads only {@code --db}, {@code --as} and the first two command words, without
   * building the command line: a stop sent here should spend its milliseconds in the service, not
   * in option parsing. Environment variables named by {@code --…-env VAR} options (secrets) go
   * along.
   *
   * @param methodCommand whether a {@code "WORD SUBCOMMAND"} that is no built-in command is a
   *     method's command the holder takes (a scan or results command of a method, say)
   */
  static Optional<Integer> forward(String[] args, PrintWriter out, PrintWriter err, Map<String, String> callerEnv,
      java.util.function.Predicate<String> methodCommand) {
    String db = DatabaseUrls.DEFAULT;
    String actor = defaultActor();
    String as = null;
    String command = null;
    String second = null;
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version") || a.equals("help")) {
        return Optional.empty();
      }
      if ((a.equals("--db") || a.equals("--as")) && i + 1 < args.length) {
        if (a.equals("--db")) db = args[++i];
        else as = args[++i];
      } else if (a.equals("--key-file") && i + 1 < args.length) {
        i++; // its value is no command word
      } else if (a.startsWith("--db=")) {
        db = a.substring(5);
      } else if (a.startsWith("--as=")) {
        as = a.substring(5);
      } else if (a.startsWith("--") && a.endsWith("-env") && i + 1 < args.length) {
        String var = args[i + 1];
        if (callerEnv.get(var) != null) env.put(var, callerEnv.get(var));
      } else if (a.startsWith("--") && a.contains("-env=")) {
        String var = a.substring(a.indexOf('=') + 1);
        if (callerEnv.get(var) != null) env.put(var, callerEnv.get(var));
      } else if (command == null && !a.startsWith("-")) {
        command = a;
      } else if (second == null && command != null && !a.startsWith("-")) {
        second = a;
      }
    }
    if (command == null || !FORWARDED.contains(command) && !methodCommand.test(command + " " + second)) {
      return Optional.empty();
    }
    Optional<Path> path = pathFor(db);
    if (path.isEmpty() || !Files.exists(path.get())) return Optional.empty();
    SocketChannel ch;
    try {
      ch = SocketChannel.open(UnixDomainSocketAddress.of(path.get()));
    } catch (ConnectException refused) {
      return Optional.empty(); // nobody listens (a socket file left by a killed process): run here
    } catch (IOException e) {
      if (!Files.exists(path.get())) return Optional.empty(); // the holder just ended: run here
      // Someone listens but cannot be reached (permissions): running here would wait for the
      // database it holds, or worse, act without it. Say so instead.
      err.println("otactive: cannot reach the otactive process listening on " + path.get() + ": "
          + Text.firstLine(e.getMessage()) + "; nothing was run");
      return Optional.of(Main.EXIT_FAILED);
    }
    try (ch) {
      ControlProtocol.write(new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 14),
          new ControlProtocol.Request(actor, as, Path.of("").toAbsolutePath().toString(), List.of(args), env));
      ch.shutdownOutput();
      Heard heard = readWatched(ch);
      if (heard.silent()) {
        err.println("otactive: the running service took the command but has sent nothing for "
            + ControlProtocol.SILENCE.toSeconds() + " s (is it stopped or stuck?); nothing was run here, and the service"
            + " may still run it if it resumes");
        return Optional.of(Main.EXIT_FAILED);
      }
      Optional<ControlProtocol.Reply> answer = ControlProtocol.readAnswer(heard.bytes());
      if (answer.isEmpty()) {
        err.println("otactive: the running service did not answer the command (it may be stopping); nothing was run here");
        return Optional.of(Main.EXIT_FAILED);
      }
      ControlProtocol.Reply r = answer.get();
      out.print(r.out());
      out.flush();
      err.print(r.err());
      err.flush();
      return Optional.of(r.code());
    } catch (IOException e) {
      err.println("otactive: lost the running service while it ran the command: " + e.getMessage());
      return Optional.of(Main.EXIT_FAILED);
    }
  }

  private record Heard(byte[] bytes, boolean silent) {}

  /** Reads the reply to its end, giving up when nothing arrives for {@link ControlProtocol#SILENCE}. */
  private static Heard readWatched(SocketChannel ch) throws IOException {
    AtomicLong lastHeard = new AtomicLong(System.nanoTime());
    AtomicBoolean silent = new AtomicBoolean();
    CountDownLatch over = new CountDownLatch(1);
    long silence = ControlProtocol.SILENCE.toNanos();
    Thread watchdog = Thread.ofPlatform().daemon().name("control-watchdog").start(() -> {
      try {
        while (!over.await(100, TimeUnit.MILLISECONDS)) {
          if (System.nanoTime() - lastHeard.get() > silence) {
            silent.set(true);
            ch.close(); // ends the read below
            return;
          }
        }
      } catch (InterruptedException | IOException e) {
        // over
      }
    });
    ByteArrayOutputStream reply = new ByteArrayOutputStream();
    try {
      InputStream in = Channels.newInputStream(ch);
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) >= 0; ) {
        lastHeard.set(System.nanoTime());
        reply.write(buf, 0, n);
      }
    } catch (IOException e) {
      if (!silent.get()) throw e;
    } finally {
      over.countDown();
    }
    try {
      watchdog.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Heard(reply.toByteArray(), silent.get());
  }
}

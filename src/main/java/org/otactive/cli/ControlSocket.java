package org.otactive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.otactive.supervise.Services;

/**
 * How the command line reaches a running {@code otactive serve} that holds the embedded database
 * (an H2 file is one process's): a Unix socket next to the database file, readable by its owner
 * only, so no network port is opened. A command sent here runs inside the service, on its database
 * and its running runs, so a stop takes effect at once.
 */
final class ControlSocket implements AutoCloseable {
  /** Commands that run inside the service when it is up. */
  static final Set<String> FORWARDED = Set.of("user", "site", "window", "method", "schedule", "run", "stop", "rearm",
      "monitoring", "audit", "devices", "passive");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path path;
  private final ServerSocketChannel server;
  private final Thread acceptor;

  private record Request(String actor, String cwd, List<String> args) {}

  private record Reply(int code, String out, String err) {}

  private ControlSocket(Path path, ServerSocketChannel server, Services services) {
    this.path = path;
    this.server = server;
    this.acceptor = Thread.ofPlatform().daemon().name("control-socket").start(() -> accept(services));
  }

  /** The socket of the database at {@code url}: next to an H2 file; none for a server database. */
  static Optional<Path> pathFor(String url) {
    String prefix = "jdbc:h2:file:";
    if (url == null || !url.startsWith(prefix)) return Optional.empty();
    String file = url.substring(prefix.length());
    int semi = file.indexOf(';');
    if (semi >= 0) file = file.substring(0, semi);
    return Optional.of(Path.of(file + ".sock").toAbsolutePath());
  }

  /** Listens at {@code path} (a stale socket file left by a killed service is replaced). */
  static ControlSocket listen(Path path, Services services) throws IOException {
    Files.deleteIfExists(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    return new ControlSocket(path, server, services);
  }

  private void accept(Services services) {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        Thread.ofVirtual().name("control-command").start(() -> serve(ch, services));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void serve(SocketChannel ch, Services services) {
    try (ch) {
      Request req = JSON.readValue(Channels.newInputStream(ch).readAllBytes(), Request.class);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.runInside(req.args().toArray(String[]::new), req.actor(), Path.of(req.cwd()), services,
          new PrintWriter(out, true), new PrintWriter(err, true));
      ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(new Reply(code, out.toString(), err.toString()))));
    } catch (IOException | RuntimeException e) {
      // The caller sees a closed connection and says so; the service goes on.
    }
  }

  /**
   * Runs the command in the service when it is up and the command is one it takes; empty when the
   * caller should run it itself (no service, or a command the service does not take). It reads
   * only {@code --db}, {@code --as} and the command word, without building the command line: a
   * stop sent here should spend its milliseconds in the service, not in option parsing.
   */
  static Optional<Integer> forward(String[] args, PrintWriter out, PrintWriter err) {
    String db = org.otactive.store.Database.DEFAULT_URL;
    String actor = Main.defaultActor();
    String command = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version") || a.equals("help")) {
        return Optional.empty();
      }
      if ((a.equals("--db") || a.equals("--as")) && i + 1 < args.length) {
        if (a.equals("--db")) db = args[++i];
        else actor = args[++i];
      } else if (a.startsWith("--db=")) {
        db = a.substring(5);
      } else if (a.startsWith("--as=")) {
        actor = a.substring(5);
      } else if (command == null && !a.startsWith("-")) {
        command = a;
      }
    }
    if (command == null || !FORWARDED.contains(command)) return Optional.empty();
    Optional<Path> path = pathFor(db);
    if (path.isEmpty() || !Files.exists(path.get())) return Optional.empty();
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path.get()))) {
      ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(
          new Request(actor, Path.of("").toAbsolutePath().toString(), List.of(args)))));
      ch.shutdownOutput();
      byte[] reply = Channels.newInputStream(ch).readAllBytes();
      if (reply.length == 0) {
        err.println("otactive: the running service did not answer the command");
        return Optional.of(Main.EXIT_FAILED);
      }
      Reply r = JSON.readValue(reply, Reply.class);
      out.print(r.out());
      out.flush();
      err.print(r.err());
      err.flush();
      return Optional.of(r.code());
    } catch (IOException notRunning) {
      return Optional.empty(); // a socket file without a service: run here
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      acceptor.join(2000);
      Files.deleteIfExists(path);
    } catch (IOException | InterruptedException ignored) {
      // best effort on the way out
    }
  }
}

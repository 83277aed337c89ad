package org.otactive.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.otactive.store.Database;
import org.otactive.supervise.Services;

/**
 * How the command line reaches a running {@code otactive serve} (or a one-off scan) that holds the
 * embedded database (an H2 file is one process's): a Unix socket next to the database file,
 * readable by its owner only, so no network port is opened. A command sent here runs inside the
 * holder, on its database and its running runs, so a stop takes effect at once.
 *
 * <p>The service binds the socket before it opens the database, and commands that arrive while it
 * starts wait until it is ready: a command never opens the file under a starting service.
 */
final class ControlSocket implements AutoCloseable {
  /** How long a command waits for a starting service to be ready. */
  static final long READY_WAIT_SECONDS = 60;

  private final Path path;
  private final ServerSocketChannel server;
  private final Thread acceptor;
  private final CompletableFuture<Services> ready = new CompletableFuture<>();

  private ControlSocket(Path path, ServerSocketChannel server) {
    this.path = path;
    this.server = server;
    this.acceptor = Thread.ofPlatform().daemon().name("control-socket").start(this::accept);
  }

  /**
   * Listens at {@code path}; commands wait until {@link #ready} is called. A stale socket file left
   * by a killed process is replaced; a live one (another service or a one-off scan holds the
   * database) is refused.
   */
  static ControlSocket listen(Path path) throws IOException {
    if (Files.exists(path)) {
      try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
        throw new IOException("another otactive process (a service or a one-off scan) holds this database and listens on "
            + path);
      } catch (IOException stale) {
        if (stale.getMessage() != null && stale.getMessage().startsWith("another otactive")) throw stale;
        Files.deleteIfExists(path);
      }
    }
    Database.createOwnerOnlyFolder(path);
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    return new ControlSocket(path, server);
  }

  /** From now on, commands run on these services. */
  void ready(Services services) {
    ready.complete(services);
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        Thread.ofVirtual().name("control-command").start(() -> serve(ch));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(SocketChannel ch) {
    try (ch) {
      ControlProtocol.Request req = ControlProtocol.readRequest(Channels.newInputStream(ch));
      Services services = ready.get(READY_WAIT_SECONDS, TimeUnit.SECONDS);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.runInside(req.args().toArray(String[]::new), req.actor(), Path.of(req.cwd()),
          req.env() == null ? Map.of() : req.env(), services, new PrintWriter(out, true), new PrintWriter(err, true));
      // A buffered stream, not one channel write: a long reply (a device listing) takes several writes.
      var reply = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      ControlProtocol.write(reply, new ControlProtocol.Reply(code, out.toString(), err.toString()));
    } catch (Exception e) {
      // The caller sees a closed connection and says so; the service goes on.
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

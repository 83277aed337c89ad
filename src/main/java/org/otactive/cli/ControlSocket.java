package org.otactive.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.store.Database;
import org.otactive.supervise.Denied;
import org.otactive.supervise.Services;

/**
 * How the command line reaches a running {@code otactive serve} (or a one-off scan) that holds the
 * embedded database (an H2 file is one process's): a Unix socket next to the database file,
 * readable by its owner only (or by a group, {@code serve --socket-group}), so no network port is
 * opened. A command sent here runs inside the holder, on its database and its running runs, so a
 * stop takes effect at once. The caller is identified by the kernel ({@code SO_PEERCRED}): the
 * account running the service may act as any user; any other acts as the user mapped to it.
 *
 * <p>The service binds the socket before it opens the database, and commands that arrive while it
 * starts wait until it is ready: a command never opens the file under a starting service.
 *
 * <p>A command runs in the caller's own process only when nobody listens (the connection is
 * refused, or there is no socket): a stop must never take the slow path silently. While the holder
 * waits to be ready and while it runs the command it sends a keepalive byte every {@link
 * #KEEPALIVE}; a caller that hears nothing for {@link #SILENCE} (the holder is stopped or stuck)
 * gives up with a message and exit 1, and runs nothing itself ({@link ControlClient}). The holder
 * runs a command only if its caller is still there, and writes each one it runs to its log.
 */
final class ControlSocket implements AutoCloseable {
  /** How long a command waits for a starting service to be ready. */
  static final long READY_WAIT_SECONDS = 60;
  /** How often the holder tells a waiting caller it is alive. */
  static final Duration KEEPALIVE = Duration.ofSeconds(1);
  /** How long a caller waits without hearing from the holder before it gives up. */
  static final Duration SILENCE = ControlProtocol.SILENCE;
  /** The OS account this process runs as: the one trusted to name any user. */
  static final String SERVICE_ACCOUNT = System.getProperty("user.name");

  private final Path path;
  private final ServerSocketChannel server;
  private final Thread acceptor;
  private final CompletableFuture<Services> ready = new CompletableFuture<>();
  /** Commands being served now: {@link #close} waits for them. */
  private final Set<Thread> serving = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** How long {@link #close} waits for running commands. */
  private static final long CLOSE_WAIT_SECONDS = 10;
  private volatile Consumer<String> log = line -> {};

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
    return listen(path, null);
  }

  /**
   * Listens at {@code path}, opened to the members of {@code group} too when given (the socket
   * {@code rw-rw----} and its folder searchable by the group, {@code rwx--x---}); commands from
   * them act as the otactive user mapped to their OS account.
   */
  static ControlSocket listen(Path path, String group) throws IOException {
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
    if (group != null) {
      GroupPrincipal g;
      try {
        g = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
      } catch (UserPrincipalNotFoundException e) {
        server.close();
        Files.deleteIfExists(path);
        throw new BadInputException("--socket-group: no such group: '" + Text.printable(group) + "'");
      }
      Path folder = path.toAbsolutePath().getParent();
      Files.getFileAttributeView(folder, PosixFileAttributeView.class).setGroup(g);
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx--x---"));
      Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(g);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
    }
    return new ControlSocket(path, server);
  }

  /** From now on, commands run on these services. */
  void ready(Services services) {
    ready.complete(services);
  }

  /** From now on, commands run on these services, and each one run (or dropped) is told to {@code log}. */
  void ready(Services services, Consumer<String> log) {
    this.log = log;
    ready.complete(services);
  }

  /** The holder could not start: commands waiting for it are told at once, none runs. */
  void failed(Throwable why) {
    ready.completeExceptionally(why);
  }

  private void accept() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        Thread t = Thread.ofVirtual().name("control-command").unstarted(() -> {
          try {
            serve(ch);
          } finally {
            serving.remove(Thread.currentThread());
          }
        });
        serving.add(t);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(SocketChannel ch) {
    try (ch) {
      // Who is calling, as the kernel says (not as the caller claims).
      UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
      ControlProtocol.Request req = ControlProtocol.readRequest(Channels.newInputStream(ch));
      String command = describe(req);
      ControlProtocol.Reply reply;
      try (Keepalive alive = new Keepalive(ch)) {
        Services services = ready.get(READY_WAIT_SECONDS, TimeUnit.SECONDS);
        // A caller that gave up (it heard nothing for SILENCE: this process was stopped) has told
        // its user that nothing ran; keep it true.
        if (!alive.callerThere()) {
          log.accept("dropped a command from the socket whose caller had gone: " + command);
          return;
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int code;
        try {
          String actor = actorOf(peer.user().getName(), req, services);
          code = Main.runInside(req.args().toArray(String[]::new), actor, Path.of(req.cwd()),
              req.env() == null ? Map.of() : req.env(), services, new PrintWriter(out, true), new PrintWriter(err, true));
        } catch (Denied d) {
          err.write("otactive: " + d.getMessage() + System.lineSeparator());
          code = Main.EXIT_DENIED;
        }
        log.accept(String.format(Locale.ROOT, "ran a command from the socket: %s: exit %d in %.1f ms", command, code,
            (System.nanoTime() - started) / 1e6));
        reply = new ControlProtocol.Reply(code, out.toString(), err.toString());
      }
      // A buffered stream, not one channel write: a long reply (a device listing) takes several writes.
      var stream = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      ControlProtocol.writeAnswer(stream, reply);
    } catch (Exception e) {
      // The caller sees a closed connection and says so; the service goes on.
    }
  }

  /** The command as the log shows it: who the caller says it is, and the words typed (printable, each cut). */
  private static String describe(ControlProtocol.Request req) {
    StringBuilder sb = new StringBuilder("as ").append(Text.printable(req.as() != null ? req.as() : req.actor())).append(':');
    for (String a : req.args()) sb.append(' ').append(Text.printable(a));
    return sb.toString();
  }

  /**
   * Sends a keepalive byte to the caller every {@link #KEEPALIVE} until closed (the caller skips
   * them before the answer's marker), so a caller can tell a slow command from a holder that stopped.
   */
  private static final class Keepalive implements AutoCloseable {
    private static final ByteBuffer BEAT = ByteBuffer.wrap(new byte[] {ControlProtocol.KEEPALIVE}).asReadOnlyBuffer();
    private final SocketChannel ch;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean gone;

    Keepalive(SocketChannel ch) {
      this.ch = ch;
      this.thread = Thread.ofVirtual().name("control-keepalive").start(() -> {
        try {
          while (!done.await(KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS) && send()) {
            // beat
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }

    /** One beat now; false (and from then on) when the caller has closed its end. */
    private synchronized boolean send() {
      if (gone || done.getCount() == 0) return !gone;
      try {
        ByteBuffer b = BEAT.duplicate();
        while (b.hasRemaining()) ch.write(b);
        return true;
      } catch (IOException closed) {
        gone = true;
        return false;
      }
    }

    /** Whether the caller still waits for the reply (it closed its end when it gave up). */
    boolean callerThere() {
      return send();
    }

    @Override
    public void close() throws InterruptedException {
      synchronized (this) {
        done.countDown();
      }
      thread.join();
    }
  }

  /**
   * The otactive user a command acts as. The OS account that runs the service is trusted to name
   * any user ({@code --as}, {@code $OTACTIVE_USER} or its login name, as without a service); any
   * other account acts as the user mapped to it ({@code user add NAME --os-user LOGIN}) and may
   * not name another.
   */
  static String actorOf(String peerLogin, ControlProtocol.Request req, Services services) {
    if (peerLogin.equals(SERVICE_ACCOUNT)) return req.as() != null ? req.as() : req.actor();
    String mapped = services.accounts().userOfOsAccount(peerLogin).orElseThrow(() -> new Denied("the OS account "
        + peerLogin + " is not mapped to an otactive user (an admin maps it: otactive user add NAME --role ROLE --os-user "
        + peerLogin + " --reason TEXT)"));
    if (req.as() != null && !req.as().equals(mapped)) {
      throw new Denied("--as is honoured only for the OS account running the service (" + SERVICE_ACCOUNT + "); "
          + peerLogin + " acts as " + mapped);
    }
    return mapped;
  }

  /**
   * Stops taking commands, and waits (a few seconds at most) for those running to finish: the
   * holder closes its database next, and a command still writing to it (a {@code stop --all} that
   * just ended the holder's own run) would fail halfway.
   */
  @Override
  public void close() {
    try {
      server.close();
      acceptor.join(2000);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
      for (Thread t : List.copyOf(serving)) {
        long left = end - System.nanoTime();
        if (left > 0 && t != Thread.currentThread()) t.join(java.time.Duration.ofNanos(left));
      }
      Files.deleteIfExists(path);
    } catch (IOException | InterruptedException ignored) {
      // best effort on the way out
    }
  }
}

package org.otactive.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 */
final class ControlSocket implements AutoCloseable {
  /** Commands that run inside the service when it is up. */
  static final Set<String> FORWARDED = Set.of("user", "site", "window", "method", "schedule", "run", "stop", "rearm",
      "monitoring", "audit", "devices", "secrets", "passive", "coverage", "plan", "test", "netcheck");
  /** How long a command waits for a starting service to be ready. */
  static final long READY_WAIT_SECONDS = 60;
  private static final ObjectMapper JSON = new ObjectMapper();
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

  /**
   * @param actor the caller's default user ({@code $OTACTIVE_USER}, else the login name)
   * @param as the user named by {@code --as}, or null
   */
  private record Request(String actor, String as, String cwd, List<String> args, Map<String, String> env) {}

  private record Reply(int code, String out, String err) {}

  private ControlSocket(Path path, ServerSocketChannel server) {
    this.path = path;
    this.server = server;
    this.acceptor = Thread.ofPlatform().daemon().name("control-socket").start(this::accept);
  }

  /** The socket of the database at {@code url}: next to an H2 file; none for a server database. */
  static Optional<Path> pathFor(String url) {
    return Database.h2File(url).map(f -> f.resolveSibling(f.getFileName() + ".sock"));
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
      Request req = JSON.readValue(Channels.newInputStream(ch).readAllBytes(), Request.class);
      Services services = ready.get(READY_WAIT_SECONDS, TimeUnit.SECONDS);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code;
      try {
        String actor = actorOf(peer.user().getName(), req, services);
        code = Main.runInside(req.args().toArray(String[]::new), actor, Path.of(req.cwd()),
            req.env() == null ? Map.of() : req.env(), services, new PrintWriter(out, true), new PrintWriter(err, true));
      } catch (Denied d) {
        err.write("otactive: " + d.getMessage() + System.lineSeparator());
        code = Main.EXIT_DENIED;
      }
      // A stream, not one channel write: a long reply (a device listing) takes several writes.
      var reply = Channels.newOutputStream(ch);
      reply.write(JSON.writeValueAsBytes(new Reply(code, out.toString(), err.toString())));
      reply.flush();
    } catch (Exception e) {
      // The caller sees a closed connection and says so; the service goes on.
    }
  }

  /**
   * The otactive user a command acts as. The OS account that runs the service is trusted to name
   * any user ({@code --as}, {@code $OTACTIVE_USER} or its login name, as without a service); any
   * other account acts as the user mapped to it ({@code user add NAME --os-user LOGIN}) and may
   * not name another.
   */
  static String actorOf(String peerLogin, Request req, Services services) {
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
   * Runs the command in the process holding the database when one listens and the command is one
   * it takes; empty when the caller should run it itself (nobody listens, or a command it does not
   * take). It reads only {@code --db}, {@code --as} and the first two command words, without
   * building the command line: a stop sent here should spend its milliseconds in the service, not
   * in option parsing. Environment variables named by {@code --…-env VAR} options (secrets) go
   * along.
   *
   * @param methodPairs the methods' commands it takes as {@code "WORD SUBCOMMAND"} ({@code wem scan})
   */
  static Optional<Integer> forward(String[] args, PrintWriter out, PrintWriter err, Map<String, String> callerEnv,
      Set<String> methodPairs) {
    String db = Database.DEFAULT_URL;
    String actor = Main.defaultActor();
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
    if (command == null || !FORWARDED.contains(command) && !methodPairs.contains(command + " " + second)) {
      return Optional.empty();
    }
    Optional<Path> path = pathFor(db);
    if (path.isEmpty() || !Files.exists(path.get())) return Optional.empty();
    SocketChannel ch;
    try {
      ch = SocketChannel.open(UnixDomainSocketAddress.of(path.get()));
    } catch (IOException nobodyListens) {
      return Optional.empty(); // a socket file left by a killed process: run here
    }
    try (ch) {
      Channels.newOutputStream(ch).write(JSON.writeValueAsBytes(
          new Request(actor, as, Path.of("").toAbsolutePath().toString(), List.of(args), env)));
      ch.shutdownOutput();
      byte[] reply = Channels.newInputStream(ch).readAllBytes();
      if (reply.length == 0) {
        err.println("otactive: the running service did not answer the command (it may be stopping); nothing was run here");
        return Optional.of(Main.EXIT_FAILED);
      }
      Reply r = JSON.readValue(reply, Reply.class);
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

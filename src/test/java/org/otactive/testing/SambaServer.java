package org.otactive.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Samba {@code samba-dcerpcd} started by a test on a loopback address of its own, port 135,
 * with every file under a temp folder and one local account. {@link #close} stops the daemon and
 * its workers and removes the folder.
 *
 * <p>Binding port 135 needs root: without it {@link #start} fails with a message saying so (CI runs
 * {@code scripts/test} as root).
 */
public final class SambaServer implements AutoCloseable {
  public static final String USER = "otactive-wmi";
  public static final String PASSWORD = "Wmi-Test#2026";
  /** The NetBIOS name the server reports, e.g. as samr's first domain. */
  public static final String NETBIOS_NAME = "OTSAMBA";
  private static final Path DCERPCD = Path.of("/usr/libexec/samba/samba-dcerpcd");

  private final InetAddress address;
  private final Path dir;
  private final Process process;

  private SambaServer(InetAddress address, Path dir, Process process) {
    this.address = address;
    this.dir = dir;
    this.process = process;
  }

  /** Starts Samba on {@code address}, which must be a 127.0.0.0/8 address no other test class uses. */
  public static SambaServer start(String address) throws IOException, InterruptedException {
    InetAddress ip = InetAddress.getByName(address);
    if (!ip.isLoopbackAddress()) throw new IllegalArgumentException("tests serve on loopback only, not " + address);
    if (!Files.isExecutable(DCERPCD) || !Files.isExecutable(Path.of("/usr/bin/smbpasswd"))) {
      throw new IllegalStateException("Samba is not installed: run scripts/test, which installs Debian's samba");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      throw new IllegalStateException("SambaServer needs root to bind port 135 (run scripts/test as root, as CI does);"
          + " running as " + System.getProperty("user.name"));
    }
    ensureUnixUser();
    Path dir = Files.createTempDirectory("otactive-samba");
    // winreg opens its database as the authenticated user, which a 0700 folder would lock out
    // (Samba then answers WERR_NOT_ENOUGH_MEMORY).
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String sub : List.of("private", "lock", "state", "cache", "pid", "ncalrpc", "log")) {
      Files.createDirectories(dir.resolve(sub));
    }
    Path conf = dir.resolve("smb.conf");
    Files.writeString(conf, """
        [global]
          workgroup = OTTEST
          netbios name = %2$s
          server role = standalone server
          interfaces = %1$s/8
          bind interfaces only = yes
          rpc start on demand helpers = no
          ntlm auth = ntlmv2-only
          private dir = %3$s/private
          lock directory = %3$s/lock
          state directory = %3$s/state
          cache directory = %3$s/cache
          pid directory = %3$s/pid
          ncalrpc dir = %3$s/ncalrpc
          log file = %3$s/log/%%m.log
          passdb backend = tdbsam:%3$s/private/passdb.tdb
          load printers = no
          disable spoolss = yes
          log level = 1
        """.formatted(ip.getHostAddress(), NETBIOS_NAME, dir), StandardCharsets.US_ASCII);
    run(List.of("/usr/bin/smbpasswd", "-c", conf.toString(), "-s", "-a", USER), PASSWORD + "\n" + PASSWORD + "\n");
    Process p = new ProcessBuilder(DCERPCD.toString(), "-F", "--libexec-rpcds", "-s", conf.toString(),
        "--debug-stdout", "-d1")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("dcerpcd.out").toFile())
        .start();
    SambaServer server = new SambaServer(ip, dir, p);
    if (!server.awaitListening(Duration.ofSeconds(15))) {
      String log = Files.readString(dir.resolve("dcerpcd.out"));
      server.close();
      throw new IllegalStateException("samba-dcerpcd did not listen on " + address + ":135: " + log);
    }
    return server;
  }

  private static void ensureUnixUser() throws IOException, InterruptedException {
    // tdbsam accounts need a Unix account of the same name.
    if (new ProcessBuilder("id", USER).start().waitFor() == 0) return;
    run(List.of("useradd", "-M", "-s", "/usr/sbin/nologin", USER), "");
  }

  private static void run(List<String> command, String input) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private boolean awaitListening(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (!process.isAlive()) return false;
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(address, 135), 200);
        // The workers register their endpoints just after the mapper listens.
        Thread.sleep(300);
        return true;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    return false;
  }

  public InetAddress address() {
    return address;
  }

  /** The daemon's log, for failure messages. */
  public String log() {
    try (var logs = Files.list(dir.resolve("log"))) {
      StringBuilder all = new StringBuilder(Files.readString(dir.resolve("dcerpcd.out")));
      for (Path f : logs.filter(Files::isRegularFile).sorted().toList()) {
        all.append("\n==> ").append(f.getFileName()).append(" <==\n").append(Files.readString(f));
      }
      return all.toString();
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> workers = process.descendants().toList();
    process.destroy();
    workers.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
      for (ProcessHandle w : workers) {
        try {
          w.onExit().get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          w.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // temp folder; best effort
    }
  }
}

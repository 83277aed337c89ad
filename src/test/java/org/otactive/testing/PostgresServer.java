package org.otactive.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (Debian's) started by a test in a temporary cluster on a free loopback port,
 * run as the {@code postgres} system user. {@link #newDatabase} hands out empty databases.
 */
public final class PostgresServer implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  private static PostgresServer shared;

  /**
   * One server for all the tests of this JVM, started on first use and stopped when the JVM ends;
   * each test takes a database of its own ({@link #newDatabase}). Tests must not close it.
   */
  public static synchronized PostgresServer shared() throws IOException, InterruptedException {
    if (shared == null) {
      PostgresServer pg = start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (IOException | InterruptedException ignored) {
          // the JVM ends anyway; the cluster is in a temporary folder
        }
      }));
      shared = pg;
    }
    return shared;
  }

  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBin();
    Path dir = Files.createTempDirectory("otactive-pg");
    int port = NsdServer.freePort();
    run("chown", "postgres", dir.toString());
    asPostgres(bin.resolve("initdb") + " -D " + dir.resolve("data") + " -A trust -U otactive");
    asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -w -t 30 -l " + dir.resolve("log")
        + " -o '-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off' start");
    return new PostgresServer(bin, dir, port);
  }

  private static Path findBin() throws IOException {
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
          .max(Comparator.naturalOrder())
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL server: run scripts/test, which installs it"));
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalStateException("no PostgreSQL server: run scripts/test, which installs Debian's postgresql");
    }
  }

  private static void asPostgres(String command) throws IOException, InterruptedException {
    run("su", "postgres", "-s", "/bin/sh", "-c", command);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  /** A JDBC URL of a new, empty database. */
  public String newDatabase() throws IOException, InterruptedException {
    String name = "otactive_" + databases.incrementAndGet();
    List<String> cmd = new ArrayList<>(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p",
        String.valueOf(port), "-U", "otactive", name));
    run(cmd.toArray(String[]::new));
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=otactive";
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      asPostgres(bin.resolve("pg_ctl") + " -D " + dir.resolve("data") + " -m immediate stop");
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}

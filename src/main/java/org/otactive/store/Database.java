package org.otactive.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.FlywayException;
import org.otactive.common.BadInputException;

/**
 * The database: H2 in a file under {@code ./data} by default, or PostgreSQL for a central console,
 * behind one HikariCP pool. Opening migrates the schema with Flyway; nothing else ever changes it.
 *
 * <p>{@link #transaction} runs work in one transaction; repository calls made inside it (on the same
 * thread) join it, so a change and its audit entry commit together or not at all.
 *
 * <p>An embedded (H2) database is one process's at a time. Opening one that another command holds
 * briefly waits for it (up to {@link #LOCK_WAIT}) instead of failing with H2's "file is locked". The
 * folder an H2 file is created in is made owner-only (0700) and the database files 0600: the
 * database holds the audit log and encrypted secrets.
 */
public final class Database implements AutoCloseable {
  public static final String DEFAULT_URL = DatabaseUrls.DEFAULT;
  /** How long opening an embedded database waits for another process that holds it. */
  public static final Duration LOCK_WAIT = Duration.ofSeconds(20);
  /** H2's "database may be already in use" (its file lock is held by another process). */
  private static final int H2_ALREADY_OPEN = 90020;

  private final String url;
  private final HikariDataSource pool;
  private final ThreadLocal<Connection> current = new ThreadLocal<>();
  /** This process's hold on an embedded database (null for a server database). */
  private ProcessLock openLock;

  private Database(String url, HikariDataSource pool) {
    this.url = url;
    this.pool = pool;
  }

  /** Work done on a connection inside a transaction. */
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Opens and migrates the database at {@code url}, waiting up to {@link #LOCK_WAIT} for an
   * embedded database another process holds.
   *
   * @throws BadInputException when the URL is not a JDBC URL this build knows
   * @throws StoreException when the database cannot be opened or migrated
   */
  public static Database open(String url) {
    return open(url, LOCK_WAIT, () -> false);
  }

  /** Another process holds the embedded database and {@code open}'s caller chose not to wait for it. */
  public static final class HeldElsewhere extends StoreException {
    HeldElsewhere(String url) {
      super("the database " + masked(url) + " is held by another otactive process", null);
    }
  }

  /**
   * Opens and migrates the database, waiting up to {@code lockWait} for another process that
   * holds an embedded one; asks {@code stopWaiting} while it waits and gives up with {@link
   * HeldElsewhere} when it says so (the holder turned out to be a service that takes commands).
   */
  public static Database open(String url, Duration lockWait, java.util.function.BooleanSupplier stopWaiting) {
    return open(url, lockWait, stopWaiting, false);
  }

  /**
   * Opens and migrates the database as {@link #open(String)} does, and has Flyway check the
   * applied migrations against this build's even when the schema is current (their checksums: an
   * applied migration edited since is refused). The service does this once when it starts; a
   * short-lived command whose schema is current skips Flyway, which costs it a few hundred
   * milliseconds of start-up (bench/RESULTS.md).
   */
  public static Database openValidated(String url) {
    return open(url, LOCK_WAIT, () -> false, true);
  }

  private static Database open(String url, Duration lockWait, java.util.function.BooleanSupplier stopWaiting,
      boolean validate) {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new BadInputException("not a JDBC URL: '" + masked(url) + "' (e.g. jdbc:h2:file:./data/otactive)");
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("otactive");
    // No connection at construction: the first one is Flyway's, below, which says what is wrong.
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(30_000);
    config.setMinimumIdle(1);
    if (url.startsWith("jdbc:h2:")) {
      // H2 shares small values through a process-wide cache; for the bulk writes of a scan it costs
      // more than it saves (bench/RESULTS.md). Read once, when H2 first loads.
      if (System.getProperty("h2.objectCache") == null) System.setProperty("h2.objectCache", "false");
      h2File(url).ifPresent(Database::createOwnerOnlyFolder);
      // We close the database ourselves, after a stopped run's results are written; H2's own
      // shutdown hook would close it under our feet when Ctrl-C ends the JVM. Writers of the audit
      // log queue on its head row: wait for it rather than fail after H2's default second.
      String upper = url.toUpperCase(java.util.Locale.ROOT);
      config.setJdbcUrl(upper.contains("DB_CLOSE_ON_EXIT") ? url
          : url + ";DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0;LOCK_TIMEOUT=10000");
      config.setUsername("sa");
      config.setPassword("");
      config.setMaximumPoolSize(8);
    } else if (url.startsWith("jdbc:postgresql:")) {
      config.setJdbcUrl(url);
      config.setMaximumPoolSize(10);
    } else {
      throw new BadInputException("unsupported database: '" + masked(url) + "' (jdbc:h2:… or jdbc:postgresql:…)");
    }
    long end = System.nanoTime() + lockWait.toNanos();
    // Every otactive process takes this lock before it opens the embedded database (before the
    // pool, which connects in the background) and keeps it while the database is open, so H2 never
    // refuses one of us (it writes each refusal into the database's trace file) and waiting costs
    // no attempt.
    ProcessLock held = null;
    Optional<Path> lockFile = h2File(url).map(f -> f.resolveSibling(f.getFileName() + ".lock"));
    while (lockFile.isPresent() && (held = ProcessLock.tryAcquire(lockFile.get())) == null) {
      if (stopWaiting.getAsBoolean()) throw new HeldElsewhere(url);
      if (System.nanoTime() >= end) {
        throw new StoreException("cannot open database " + masked(url) + ": it is held by another otactive process (waited "
            + lockWait.toSeconds() + " s)", null);
      }
      pause(100);
    }
    HikariDataSource pool = new HikariDataSource(config);
    Database db = new Database(url, pool);
    db.openLock = held;
    while (true) {
      try {
        if (validate || !current(pool)) migrate(pool);
        db.restrictFiles();
        return db;
      } catch (FlywayException | SQLException e) {
        if (isLocked(e) && stopWaiting.getAsBoolean()) {
          db.close();
          throw new HeldElsewhere(url);
        }
        if (isLocked(e) && System.nanoTime() < end) {
          pause(100);
          continue;
        }
        db.close();
        String why = isLocked(e) ? "it is held by another otactive process (waited " + lockWait.toSeconds() + " s)"
            : rootMessage(e);
        throw new StoreException("cannot open database " + masked(url) + ": " + why, e);
      }
    }
  }

  /**
   * Brings the schema up to date. Branches are given migration numbers ahead of time and land in
   * any order, so a database already at V7 must still take a V6 that arrives later: such a
   * migration is applied out of order (Flyway then warns once, when it does).
   */
  private static void migrate(HikariDataSource pool) {
    FluentConfiguration config = Flyway.configure().loggers("slf4j").dataSource(pool)
        .locations("classpath:db/migration", "classpath:org/otactive/store/migration");
    Flyway flyway = config.load();
    boolean behind = java.util.Arrays.stream(flyway.info().all()).anyMatch(i -> i.getState() == MigrationState.IGNORED);
    (behind ? config.outOfOrder(true).load() : flyway).migrate();
  }

  /**
   * The schema versions this build ships, in {@code db/migration} and {@code store.migration}
   * ({@code SchemaVersionsTest} holds it equal to what Flyway finds): a database that has applied
   * exactly these is current.
   */
  static final java.util.Set<String> SCHEMA_VERSIONS = java.util.Set.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13");

  /**
   * Whether the database has applied every migration of this build and no other, read from
   * Flyway's history table without Flyway (whose start-up scans the whole jar); false when in
   * doubt (no table yet, a failed migration, one this build does not know), and Flyway decides.
   */
  private static boolean current(HikariDataSource pool) throws SQLException {
    java.util.Set<String> applied = new java.util.HashSet<>();
    try (Connection c = pool.getConnection()) {
      // A new database has no history table: ask the catalogue rather than fail a query (H2
      // writes every failed statement into its trace file).
      try (java.sql.ResultSet t = c.getMetaData().getTables(null, null, "flyway_schema_history", null)) {
        if (!t.next()) return false;
      }
      try (java.sql.Statement st = c.createStatement();
          java.sql.ResultSet r = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
              + " WHERE \"version\" IS NOT NULL")) {
        while (r.next()) {
          if (!r.getBoolean(2)) return false;
          applied.add(r.getString(1));
        }
      }
    } catch (SQLException e) {
      if (isLocked(e)) throw e; // held by another process: the caller waits, as for Flyway
      return false;
    }
    return applied.equals(SCHEMA_VERSIONS);
  }

  private static boolean isLocked(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getErrorCode() == H2_ALREADY_OPEN) return true;
    }
    return false;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for the database", e);
    }
  }

  /** The file path of an embedded database ({@code ./data/otactive}), if it is one. */
  public static Optional<Path> h2File(String url) {
    return DatabaseUrls.h2File(url);
  }

  /** Creates the folder of {@code file} owner-only (0700) when it does not exist. */
  public static void createOwnerOnlyFolder(Path file) {
    Path parent = file.getParent();
    if (parent == null || Files.isDirectory(parent)) return;
    try {
      Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException e) {
      throw new StoreException("cannot create " + parent + ": " + e.getMessage(), e);
    }
  }

  /** Makes the embedded database's files owner-only (H2 creates them with the process's umask). */
  private void restrictFiles() {
    Optional<Path> file = h2File(url);
    if (file.isEmpty() || file.get().getParent() == null) return;
    String base = file.get().getFileName().toString();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(file.get().getParent(), base + ".*.db")) {
      for (Path f : files) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: the folder itself is owner-only when we made it.
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    List<String> lines = m.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    if (lines.isEmpty()) return masked(m);
    // Flyway's validation says what failed on its second line ("Migration checksum mismatch for
    // migration version 2"): keep it on the one line.
    String first = lines.get(0);
    if (first.startsWith("Validate failed") && lines.size() > 1) first = first + ": " + lines.get(1);
    return masked(first);
  }

  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]*@");

  /** The URL with any password in it replaced by {@code ***}: what may be printed or logged. */
  public static String masked(String url) {
    if (url == null) return "null";
    String s = URL_PASSWORD.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(s).replaceAll("$1***@");
  }

  /** The URL as given; print {@link #maskedUrl} instead. */
  public String url() {
    return url;
  }

  public String maskedUrl() {
    return masked(url);
  }

  public boolean isEmbedded() {
    return url.startsWith("jdbc:h2:");
  }

  public DataSource dataSource() {
    return pool;
  }

  /**
   * Runs {@code work} in one transaction and commits it; rolls back and rethrows on failure. Called
   * inside another transaction on the same thread, it joins that one (the outer one commits).
   */
  public <T> T transaction(Work<T> work) {
    Connection outer = current.get();
    if (outer != null) {
      try {
        return work.run(outer);
      } catch (SQLException e) {
        throw new StoreException("database error: " + e.getMessage(), e);
      }
    }
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      current.set(c);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        current.remove();
      }
    } catch (SQLException e) {
      throw new StoreException("database error: " + e.getMessage(), e);
    }
  }

  /** Whether this thread is inside {@link #transaction}. */
  public boolean inTransaction() {
    return current.get() != null;
  }

  @Override
  public void close() {
    // Closing the pool closes every connection; H2 closes the database with the last one (we set
    // no close delay), writing everything before this returns.
    pool.close();
    restrictFiles();
    if (openLock != null) openLock.release();
    openLock = null;
  }
}

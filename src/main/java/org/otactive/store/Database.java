package org.otactive.store;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.h2.jdbcx.JdbcConnectionPool;
import org.otactive.scope.BadInputException;

/**
 * The database: H2 in a file under {@code ./data} by default, or any JDBC URL (PostgreSQL for a
 * central console). Opening migrates the schema with Flyway; nothing else ever changes it.
 */
public final class Database implements AutoCloseable {
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/otactive";

  private final String url;
  private final DataSource dataSource;
  private final AutoCloseable closer;

  private Database(String url, DataSource dataSource, AutoCloseable closer) {
    this.url = url;
    this.dataSource = dataSource;
    this.closer = closer;
  }

  /**
   * Opens and migrates the database at {@code url}.
   *
   * @throws BadInputException when the URL is not a JDBC URL this build knows
   * @throws StoreException when the database cannot be opened or migrated
   */
  public static Database open(String url) {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new BadInputException("not a JDBC URL: '" + url + "' (e.g. jdbc:h2:file:./data/otactive)");
    }
    Database db;
    if (url.startsWith("jdbc:h2:")) {
      createParentFolder(url);
      // We close the database ourselves, after a stopped run's results are written; H2's own
      // shutdown hook would close it under our feet when Ctrl-C ends the JVM.
      String h2 = url.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_ON_EXIT") ? url : url + ";DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0";
      JdbcConnectionPool pool = JdbcConnectionPool.create(h2, "sa", "");
      pool.setMaxConnections(8);
      db = new Database(url, pool, () -> {
        // An explicit SHUTDOWN writes everything and closes the file before we return, so a
        // later open (in this JVM or another process) never sees a half-closed store.
        try (Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement()) {
          st.execute("SHUTDOWN");
        } catch (SQLException alreadyClosed) {
          // closed by someone else: nothing to flush
        }
        pool.dispose();
      });
    } else if (url.startsWith("jdbc:postgresql:")) {
      db = new Database(url, new DriverManagerSource(url), () -> {});
    } else {
      throw new BadInputException("unsupported database: '" + url + "' (jdbc:h2:… or jdbc:postgresql:…)");
    }
    try {
      Flyway.configure().loggers("slf4j").dataSource(db.dataSource).locations("classpath:db/migration").load().migrate();
    } catch (FlywayException e) {
      db.close();
      throw new StoreException("cannot open database " + url + ": " + rootMessage(e), e);
    }
    return db;
  }

  private static void createParentFolder(String url) {
    String prefix = "jdbc:h2:file:";
    if (!url.startsWith(prefix)) return;
    String path = url.substring(prefix.length());
    int semi = path.indexOf(';');
    if (semi >= 0) path = path.substring(0, semi);
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      if (parent != null) Files.createDirectories(parent);
    } catch (java.io.IOException e) {
      throw new StoreException("cannot create " + parent + ": " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  public String url() {
    return url;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception ignored) {
      // closing is best effort
    }
  }

  /** A DataSource over DriverManager, for servers that pool on their side. */
  private record DriverManagerSource(String url) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}

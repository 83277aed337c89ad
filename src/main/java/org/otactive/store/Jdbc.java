package org.otactive.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Small JDBC helpers shared by the repositories. */
final class Jdbc {
  /**
   * IN-lists are cut into chunks of this size, within every driver's parameter limit; small, as H2
   * compares each row it finds with every value of the list (bench/inventory: confirming a run's
   * devices went 10-15 % faster than with 500).
   */
  static final int CHUNK = 100;

  private Jdbc() {}

  /** Runs {@code work} in one transaction (or in the caller's, when there is one on this thread). */
  static <T> T inTransaction(Database db, Database.Work<T> work) {
    return db.transaction(work);
  }

  /** Runs an INSERT prepared with generated keys and returns the new row's id. */
  static long insertForId(PreparedStatement ps) throws SQLException {
    ps.executeUpdate();
    try (ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  /**
   * A moment for a {@code TIMESTAMP WITH TIME ZONE} column, bound as is: a {@link Timestamp} is a
   * local time that H2 converts through the session's time zone for every row (a writer of a
   * scan's results 5-8 % faster without, bench/RESULTS.md).
   */
  static OffsetDateTime utc(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  /** A {@code TIMESTAMP WITH TIME ZONE} column read as is (see {@link #utc}); null for NULL. */
  static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  static String placeholders(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  static <T> List<List<T>> chunks(Collection<T> all) {
    List<List<T>> out = new ArrayList<>();
    List<T> cur = new ArrayList<>();
    for (T t : all) {
      cur.add(t);
      if (cur.size() == CHUNK) {
        out.add(cur);
        cur = new ArrayList<>();
      }
    }
    if (!cur.isEmpty()) out.add(cur);
    return out;
  }

  /**
   * Statements of one text per chunk size, each prepared once and run for every chunk of its size
   * (every chunk of a batch is full but the last): H2 caches no locking query, and preparing one
   * per chunk parsed its text again each time. Closes them all.
   */
  static final class BySize implements AutoCloseable {
    private final Connection c;
    private final IntFunction<String> sql;
    private final Map<Integer, PreparedStatement> prepared = new HashMap<>(4);

    BySize(Connection c, IntFunction<String> sql) {
      this.c = c;
      this.sql = sql;
    }

    PreparedStatement forSize(int n) throws SQLException {
      PreparedStatement ps = prepared.get(n);
      if (ps == null) {
        ps = c.prepareStatement(sql.apply(n));
        prepared.put(n, ps);
      }
      return ps;
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement ps : prepared.values()) ps.close();
    }
  }

  static void bind(PreparedStatement ps, List<?> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) ps.setObject(i + 1, values.get(i));
  }
}

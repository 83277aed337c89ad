package org.otactive.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

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
    try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
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

  static void bind(PreparedStatement ps, List<?> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) ps.setObject(i + 1, values.get(i));
  }
}

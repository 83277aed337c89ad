package org.otactive.store.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.otactive.scope.Addresses;
import org.otactive.store.ResultBlock;

/**
 * Per-target results were a row each ({@code run_result}); from V5 they are stored a batch at a
 * time in {@code run_result_block} (see {@code store.ResultBlock}): a run of a million targets
 * writes a few hundred rows instead of a million. This creates the table, moves the rows stored
 * in the old form into blocks, run by run, and drops the old table; and it lets the id sequences
 * of devices and observations hand out ids a thousand at a time. Portable SQL (H2, PostgreSQL).
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public final class V5__run_results_in_blocks extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    var c = context.getConnection();
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE run_result_block ("
          + " run_id BIGINT NOT NULL REFERENCES run(id),"
          + " seq INT NOT NULL,"
          + " results INT NOT NULL,"
          + " data BYTEA NOT NULL,"
          + " PRIMARY KEY (run_id, seq))");
      // A scan adds devices and observations by the hundred thousand: their ids come from the
      // sequence a thousand at a time instead of 32 (H2 records the sequence's state at each refill).
      st.execute("ALTER TABLE device ALTER COLUMN id SET CACHE 1000");
      st.execute("ALTER TABLE observation ALTER COLUMN id SET CACHE 1000");
    }
    List<ResultBlock.Entry> rows = new ArrayList<>();
    long run = -1;
    int seq = 0;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT run_id, address, outcome, detail, at FROM run_result ORDER BY run_id, at, address");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (rs.getLong(1) != run || rows.size() == ResultBlock.SIZE) {
          insert(c, run, seq, rows);
          seq = rs.getLong(1) == run ? seq + 1 : 0;
          rows.clear();
          run = rs.getLong(1);
        }
        rows.add(new ResultBlock.Entry(Addresses.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
            rs.getTimestamp(5).toInstant()));
      }
    }
    insert(c, run, seq, rows);
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE run_result");
    }
  }

  private static void insert(java.sql.Connection c, long run, int seq, List<ResultBlock.Entry> rows) throws java.sql.SQLException {
    if (rows.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_result_block (run_id, seq, results, data) VALUES (?, ?, ?, ?)")) {
      ps.setLong(1, run);
      ps.setInt(2, seq);
      ps.setInt(3, rows.size());
      ps.setBytes(4, ResultBlock.encode(rows));
      ps.executeUpdate();
    }
  }
}

package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of methods' setting tables per site (V6): each row's public cells as JSON text and the
 * id its secret cells are sealed under. Knows nothing of any method or table; the rows are written
 * whole, replacing the table, in the caller's transaction when there is one.
 */
public final class JdbcMethodTables {
  private final Database db;

  public JdbcMethodTables(Database db) {
    this.db = db;
  }

  /**
   * One stored row.
   *
   * @param rowId stays the same across imports while the row's key cells do (its secrets' name)
   * @param cells the public cells as JSON
   */
  public record StoredRow(String rowId, String cells) {}

  /** The rows of one table, in order. */
  public List<StoredRow> rows(String site, String method, String table) {
    return Jdbc.inTransaction(db, c -> {
      List<StoredRow> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT row_id, cells FROM method_table_row"
          + " WHERE site = ? AND method = ? AND table_name = ? ORDER BY position")) {
        ps.setString(1, site);
        ps.setString(2, method);
        ps.setString(3, table);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new StoredRow(rs.getString(1), rs.getString(2)));
        }
      }
      return out;
    });
  }

  /** Replaces the rows of one table with {@code rows}, in order. */
  public void replace(String site, String method, String table, List<StoredRow> rows) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement del = c.prepareStatement(
          "DELETE FROM method_table_row WHERE site = ? AND method = ? AND table_name = ?")) {
        del.setString(1, site);
        del.setString(2, method);
        del.setString(3, table);
        del.executeUpdate();
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO method_table_row"
          + " (site, method, table_name, position, row_id, cells) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < rows.size(); i++) {
          ins.setString(1, site);
          ins.setString(2, method);
          ins.setString(3, table);
          ins.setInt(4, i);
          ins.setString(5, rows.get(i).rowId());
          ins.setString(6, rows.get(i).cells());
          ins.addBatch();
        }
        if (!rows.isEmpty()) ins.executeBatch();
      }
      return null;
    });
  }
}

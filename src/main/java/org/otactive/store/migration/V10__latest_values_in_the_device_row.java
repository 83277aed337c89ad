package org.otactive.store.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.otactive.inventory.AttributeValue;
import org.otactive.store.LatestValues;

/**
 * A device's latest values move from rows of {@code observation} (marked {@code is_latest}) into
 * one packed column of the device's row (see {@code store.LatestValues}): a scan then writes one
 * row per device instead of a row per value and its indexes. {@code observation} keeps the values
 * that are no longer latest, looked up by device; values may be longer (a host's software list).
 * Portable SQL (H2, PostgreSQL).
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public final class V10__latest_values_in_the_device_row extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement st = c.createStatement()) {
      st.execute("ALTER TABLE device ADD COLUMN latest BYTEA");
    }
    try (PreparedStatement read = c.prepareStatement("SELECT device_id, attribute, val, source, detail, since, last_seen"
            + " FROM observation WHERE is_latest ORDER BY device_id");
        PreparedStatement write = c.prepareStatement("UPDATE device SET latest = ? WHERE id = ?");
        ResultSet rs = read.executeQuery()) {
      long device = -1;
      List<AttributeValue> values = new ArrayList<>();
      int pending = 0;
      while (rs.next()) {
        if (rs.getLong(1) != device) {
          pending += pack(write, device, values);
          device = rs.getLong(1);
        }
        values.add(new AttributeValue(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()));
        if (pending >= 1_000) {
          write.executeBatch();
          pending = 0;
        }
      }
      pack(write, device, values);
      write.executeBatch();
    }
    try (Statement st = c.createStatement()) {
      st.execute("DELETE FROM observation WHERE is_latest");
      st.execute("DROP INDEX observation_latest");
      st.execute("ALTER TABLE observation DROP COLUMN is_latest");
      st.execute("CREATE INDEX observation_by_device ON observation(device_id)");
      // A latest value has no length limit in its packed form; the history it moves to must hold it.
      st.execute("ALTER TABLE observation ALTER COLUMN val SET DATA TYPE VARCHAR(1000000)");
    }
  }

  /** Adds the device's packed values to the batch and empties {@code values}; 1 when it added. */
  private static int pack(PreparedStatement write, long device, List<AttributeValue> values) throws SQLException {
    if (values.isEmpty()) return 0;
    write.setBytes(1, LatestValues.encode(values));
    write.setLong(2, device);
    write.addBatch();
    values.clear();
    return 1;
  }
}

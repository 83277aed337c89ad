package org.otactive.store.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.otactive.inventory.Device;
import org.otactive.store.DeviceRows;
import org.otactive.store.LatestValues;

/**
 * Devices move from a row each ({@code device}) into rows of many ({@code device_block}, see
 * {@code store.DeviceRows}): a scan then writes a row per address block instead of one per
 * device. History ({@code observation}) is kept by address instead of device id. Portable SQL
 * (H2, PostgreSQL).
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public final class V11__devices_in_blocks extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE device_block (k BYTEA PRIMARY KEY, devices INT NOT NULL, packed BYTEA NOT NULL)");
    }
    // Every device's packed form, grouped by the row it belongs in: the inventory once in memory,
    // packed (about a hundred bytes a device).
    Map<String, List<DeviceRows.Packed>> rows = new TreeMap<>();
    try (PreparedStatement read = c.prepareStatement("SELECT address, mac, first_seen, last_seen, latest FROM device");
        ResultSet rs = read.executeQuery()) {
      while (rs.next()) {
        Device d = new Device(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
            rs.getTimestamp(4).toInstant(), LatestValues.decode(rs.getBytes(5)));
        DeviceRows.Packed p = DeviceRows.pack(d);
        rows.computeIfAbsent(HexFormat.of().formatHex(DeviceRows.keyFor(p)), k -> new ArrayList<>()).add(p);
      }
    }
    try (PreparedStatement write = c.prepareStatement("INSERT INTO device_block (k, devices, packed) VALUES (?, ?, ?)")) {
      int pending = 0;
      for (Map.Entry<String, List<DeviceRows.Packed>> e : rows.entrySet()) {
        write.setBytes(1, HexFormat.of().parseHex(e.getKey()));
        write.setInt(2, e.getValue().size());
        write.setBytes(3, DeviceRows.row(e.getValue()));
        write.addBatch();
        if (++pending == 500) {
          write.executeBatch();
          pending = 0;
        }
      }
      write.executeBatch();
    }
    try (Statement st = c.createStatement()) {
      st.execute("ALTER TABLE observation ADD COLUMN address VARCHAR(45)");
      st.execute("UPDATE observation SET address = (SELECT d.address FROM device d WHERE d.id = observation.device_id)");
      st.execute("ALTER TABLE observation ALTER COLUMN address SET NOT NULL");
      for (String fk : foreignKeys(c)) st.execute("ALTER TABLE observation DROP CONSTRAINT " + fk);
      st.execute("DROP INDEX IF EXISTS observation_by_device");
      st.execute("ALTER TABLE observation DROP COLUMN device_id");
      st.execute("CREATE INDEX observation_by_address ON observation(address)");
      st.execute("DROP TABLE device");
    }
  }

  /** The names of the observation table's foreign keys (to {@code device}), as the database made them. */
  private static List<String> foreignKeys(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT constraint_name FROM information_schema.table_constraints"
            + " WHERE UPPER(table_name) = 'OBSERVATION' AND constraint_type = 'FOREIGN KEY'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) out.add('"' + rs.getString(1) + '"');
    }
    return out;
  }
}

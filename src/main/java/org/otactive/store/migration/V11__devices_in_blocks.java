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
    // A chunk of devices at a time, merged into the rows earlier chunks wrote: memory stays
    // bounded whatever the inventory's size (devices come in no useful order).
    Map<String, List<DeviceRows.Packed>> chunk = new TreeMap<>();
    int inChunk = 0;
    try (PreparedStatement read = c.prepareStatement("SELECT address, mac, first_seen, last_seen, latest FROM device")) {
      read.setFetchSize(CHUNK); // PostgreSQL streams (in a transaction) instead of reading every row first
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          Device d = new Device(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
              rs.getTimestamp(4).toInstant(), LatestValues.decode(rs.getBytes(5)));
          DeviceRows.Packed p = DeviceRows.pack(d);
          chunk.computeIfAbsent(HexFormat.of().formatHex(DeviceRows.keyFor(p)), k -> new ArrayList<>()).add(p);
          if (++inChunk == CHUNK) {
            merge(c, chunk);
            chunk.clear();
            inChunk = 0;
          }
        }
      }
    }
    merge(c, chunk);
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

  /** Devices read before the rows they go in are written (a chunk of them, packed, in memory). */
  public static final int CHUNK = 1_000;

  /** Adds each key's devices to its row: the row as earlier chunks left it, or a new one. */
  private static void merge(Connection c, Map<String, List<DeviceRows.Packed>> rows) throws SQLException {
    try (PreparedStatement find = c.prepareStatement("SELECT packed FROM device_block WHERE k = ?");
        PreparedStatement update = c.prepareStatement("UPDATE device_block SET devices = ?, packed = ? WHERE k = ?");
        PreparedStatement insert = c.prepareStatement("INSERT INTO device_block (k, devices, packed) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, List<DeviceRows.Packed>> e : rows.entrySet()) {
        byte[] key = HexFormat.of().parseHex(e.getKey());
        List<DeviceRows.Packed> devices = new ArrayList<>(e.getValue());
        find.setBytes(1, key);
        boolean stored;
        try (ResultSet rs = find.executeQuery()) {
          stored = rs.next();
          if (stored) devices.addAll(DeviceRows.devices(rs.getBytes(1)));
        }
        if (stored) {
          update.setInt(1, devices.size());
          update.setBytes(2, DeviceRows.row(devices));
          update.setBytes(3, key);
          update.executeUpdate();
        } else {
          insert.setBytes(1, key);
          insert.setInt(2, devices.size());
          insert.setBytes(3, DeviceRows.row(devices));
          insert.executeUpdate();
        }
      }
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

package org.otactive.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Change;
import org.otactive.inventory.ChangeDetector;
import org.otactive.inventory.Device;
import org.otactive.inventory.DeviceHistory;
import org.otactive.inventory.Inventory;
import org.otactive.inventory.Observation;
import org.otactive.scope.Addresses;

/**
 * The inventory in the database. A batch of observations is one transaction with a handful of
 * set-wise statements, so recording a /16 worth of results stays cheap.
 *
 * <p>Each source keeps its own latest value of an attribute (provenance): a passive import and an
 * active method never overwrite each other, and a change is a step between two values of the same
 * source.
 */
public final class JdbcInventory implements Inventory {
  private final Database db;

  public JdbcInventory(Database db) {
    this.db = db;
  }

  @Override
  public synchronized List<Change> record(Collection<Observation> observations) {
    if (observations.isEmpty()) return List.of();
    return recordBatch(observations);
  }

  private List<Change> recordBatch(Collection<Observation> observations) {
    return Jdbc.inTransaction(db, c -> {
      Map<String, Instant> lastSeen = new LinkedHashMap<>();
      for (Observation o : observations) lastSeen.merge(o.address(), o.observedAt(), (a, b) -> a.isAfter(b) ? a : b);
      Set<Long> created = new HashSet<>();
      Map<String, Long> ids = upsertDevices(c, lastSeen, created);
      // Devices created by this batch have no values yet: only older ones need a look-up.
      List<Long> known = ids.values().stream().filter(id -> !created.contains(id)).toList();
      Map<String, AttributeValue> latest = loadLatest(c, known); // key: deviceId/attribute/source
      List<Change> changes = new ArrayList<>();
      // All writes are batched; rows are found by (device, attribute, source, is_latest), never by id.
      try (PreparedStatement confirm = c.prepareStatement(
              "UPDATE observation SET last_seen = ? WHERE device_id = ? AND attribute = ? AND source = ?"
                  + " AND is_latest AND last_seen < ?");
          PreparedStatement retire = c.prepareStatement(
              "UPDATE observation SET is_latest = FALSE WHERE device_id = ? AND attribute = ? AND source = ?"
                  + " AND is_latest");
          PreparedStatement mac = c.prepareStatement("UPDATE device SET mac = ? WHERE id = ?");
          PreparedStatement insert = c.prepareStatement(
              "INSERT INTO observation (device_id, attribute, val, source, detail, since, last_seen, is_latest)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        // Statements run in order: confirmations and retirements of values stored before this
        // batch first, then the inserts. A value both inserted and replaced within the batch is
        // inserted already retired, so the batch needs no id of its own rows.
        Map<String, Integer> lastNew = new HashMap<>(); // key -> index in pending inserts
        List<Object[]> inserts = new ArrayList<>();
        for (Observation o : observations) {
          long deviceId = ids.get(o.address());
          String key = key(deviceId, o.attribute(), o.source());
          AttributeValue cur = latest.get(key);
          switch (ChangeDetector.decide(cur, o)) {
            case ChangeDetector.Confirm x -> {
              Integer pending = lastNew.get(key);
              if (pending != null) {
                Object[] row = inserts.get(pending);
                if (o.observedAt().isAfter((Instant) row[6])) row[6] = o.observedAt();
              } else {
                confirm.setTimestamp(1, Jdbc.ts(o.observedAt()));
                confirm.setLong(2, deviceId);
                confirm.setString(3, o.attribute());
                confirm.setString(4, o.source());
                confirm.setTimestamp(5, Jdbc.ts(o.observedAt()));
                confirm.addBatch();
              }
            }
            case ChangeDetector.Late x -> inserts.add(row(deviceId, o, false));
            case ChangeDetector.NewValue n -> {
              Integer pending = lastNew.get(key);
              if (pending != null) {
                inserts.get(pending)[7] = false;
              } else if (cur != null) {
                retire.setLong(1, deviceId);
                retire.setString(2, o.attribute());
                retire.setString(3, o.source());
                retire.addBatch();
              }
              lastNew.put(key, inserts.size());
              inserts.add(row(deviceId, o, true));
              latest.put(key, new AttributeValue(o.attribute(), o.value(), o.source(), o.detail(),
                  o.observedAt(), o.observedAt()));
              changes.add(n.change());
              if (o.attribute().equals("mac") && o.value().length() <= 17) {
                mac.setString(1, o.value());
                mac.setLong(2, deviceId);
                mac.addBatch();
              }
            }
          }
        }
        confirm.executeBatch();
        retire.executeBatch();
        for (Object[] r : inserts) {
          insert.setLong(1, (Long) r[0]);
          insert.setString(2, (String) r[1]);
          insert.setString(3, (String) r[2]);
          insert.setString(4, (String) r[3]);
          insert.setString(5, (String) r[4]);
          insert.setTimestamp(6, Jdbc.ts((Instant) r[5]));
          insert.setTimestamp(7, Jdbc.ts((Instant) r[6]));
          insert.setBoolean(8, (Boolean) r[7]);
          insert.addBatch();
        }
        insert.executeBatch();
        mac.executeBatch();
      }
      return changes;
    });
  }

  private static String key(long deviceId, String attribute, String source) {
    return deviceId + "/" + attribute + "/" + source;
  }

  private static Object[] row(long deviceId, Observation o, boolean latest) {
    return new Object[] {deviceId, o.attribute(), o.value(), o.source(), o.detail(), o.observedAt(), o.observedAt(), latest};
  }

  /**
   * The ids of the batch's devices, adding those not known yet; moves the last-seen time of the
   * others. Set-wise: known devices are looked up by address a chunk at a time, new ones inserted
   * in one batch that returns their ids. Nothing is cached between batches, so memory does not grow
   * with the inventory (another process may add devices too: the unique index settles a race).
   */
  private static Map<String, Long> upsertDevices(Connection c, Map<String, Instant> lastSeen, Set<Long> created)
      throws SQLException {
    Map<String, Long> ids = new HashMap<>();
    for (List<String> chunk : Jdbc.chunks(lastSeen.keySet())) {
      try (PreparedStatement find = c.prepareStatement(
          "SELECT id, address FROM device WHERE address IN (" + Jdbc.placeholders(chunk.size()) + ")")) {
        Jdbc.bind(find, chunk);
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) ids.put(rs.getString(2), rs.getLong(1));
        }
      }
    }
    List<String> fresh = new ArrayList<>();
    try (PreparedStatement upd = c.prepareStatement("UPDATE device SET last_seen = ? WHERE id = ? AND last_seen < ?")) {
      for (Map.Entry<String, Instant> e : lastSeen.entrySet()) {
        Long id = ids.get(e.getKey());
        if (id == null) {
          fresh.add(e.getKey());
          continue;
        }
        upd.setTimestamp(1, Jdbc.ts(e.getValue()));
        upd.setLong(2, id);
        upd.setTimestamp(3, Jdbc.ts(e.getValue()));
        upd.addBatch();
      }
      upd.executeBatch();
    }
    if (fresh.isEmpty()) return ids;
    try (PreparedStatement ins = c.prepareStatement(
        "INSERT INTO device (address, first_seen, last_seen) VALUES (?, ?, ?)", new String[] {"id"})) {
      for (String address : fresh) {
        ins.setString(1, address);
        ins.setTimestamp(2, Jdbc.ts(lastSeen.get(address)));
        ins.setTimestamp(3, Jdbc.ts(lastSeen.get(address)));
        ins.addBatch();
      }
      ins.executeBatch();
      try (ResultSet keys = ins.getGeneratedKeys()) {
        for (String address : fresh) {
          if (!keys.next()) throw new SQLException("no generated id for a new device");
          long id = keys.getLong(1);
          ids.put(address, id);
          created.add(id);
        }
      }
    }
    return ids;
  }

  private static Map<String, AttributeValue> loadLatest(Connection c, Collection<Long> deviceIds)
      throws SQLException {
    Map<String, AttributeValue> latest = new HashMap<>();
    for (List<Long> chunk : Jdbc.chunks(new LinkedHashSet<>(deviceIds))) {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, device_id, attribute, val, source, detail, since, last_seen FROM observation"
              + " WHERE is_latest AND device_id IN (" + Jdbc.placeholders(chunk.size()) + ")")) {
        Jdbc.bind(ps, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            latest.put(key(rs.getLong(2), rs.getString(3), rs.getString(5)), value(rs, 3));
          }
        }
      }
    }
    return latest;
  }

  private static AttributeValue value(ResultSet rs, int from) throws SQLException {
    return new AttributeValue(rs.getString(from), rs.getString(from + 1), rs.getString(from + 2),
        rs.getString(from + 3), Jdbc.instant(rs.getTimestamp(from + 4)), Jdbc.instant(rs.getTimestamp(from + 5)));
  }

  @Override
  public long count() {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM device");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public List<Device> devices() {
    return Jdbc.inTransaction(db, c -> {
      Map<Long, Device> byId = new LinkedHashMap<>();
      Map<Long, List<AttributeValue>> attrs = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT d.id, d.address, d.mac, d.first_seen, d.last_seen FROM device d");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byId.put(rs.getLong(1), new Device(rs.getString(2), rs.getString(3),
              Jdbc.instant(rs.getTimestamp(4)), Jdbc.instant(rs.getTimestamp(5)), List.of()));
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
              "SELECT device_id, attribute, val, source, detail, since, last_seen FROM observation"
                  + " WHERE is_latest ORDER BY attribute, source");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) attrs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(value(rs, 2));
      }
      List<Device> out = new ArrayList<>();
      byId.forEach((id, d) -> out.add(new Device(d.address(), d.mac(), d.firstSeen(), d.lastSeen(),
          attrs.getOrDefault(id, List.of()))));
      Addresses.sortByAddress(out, Device::address);
      return out;
    });
  }

  @Override
  public Optional<DeviceHistory> device(String address) {
    return Jdbc.inTransaction(db, c -> {
      long id;
      Device base;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, address, mac, first_seen, last_seen FROM device WHERE address = ?")) {
        ps.setString(1, address);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<DeviceHistory>empty();
          id = rs.getLong(1);
          base = new Device(rs.getString(2), rs.getString(3), Jdbc.instant(rs.getTimestamp(4)),
              Jdbc.instant(rs.getTimestamp(5)), List.of());
        }
      }
      List<AttributeValue> history = new ArrayList<>();
      List<AttributeValue> latest = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT attribute, val, source, detail, since, last_seen, is_latest FROM observation"
              + " WHERE device_id = ? ORDER BY since, id")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            AttributeValue v = value(rs, 1);
            history.add(v);
            if (rs.getBoolean(7)) latest.add(v);
          }
        }
      }
      latest.sort(Comparator.comparing(AttributeValue::attribute).thenComparing(AttributeValue::source));
      // Changes are the steps between consecutive values of each attribute from one source: the
      // history is the record, so nothing is stored twice.
      List<Change> changes = new ArrayList<>();
      Map<String, AttributeValue> previous = new HashMap<>();
      for (AttributeValue v : history) {
        AttributeValue before = previous.put(v.attribute() + "/" + v.source(), v);
        if (before == null || !before.value().equals(v.value())) {
          changes.add(new Change(address, v.attribute(), before == null ? null : before.value(), v.value(),
              v.source(), v.since()));
        }
      }
      return Optional.of(new DeviceHistory(
          new Device(base.address(), base.mac(), base.firstSeen(), base.lastSeen(), latest), history, changes));
    });
  }
}

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * source. A device's latest values live packed in its own row ({@link LatestValues}): a scan
 * writes one row per device, whatever it learned. The {@code observation} table keeps the values
 * that are no longer latest (replaced, or reported late), so history is written only on change.
 */
public final class JdbcInventory implements Inventory {
  private final Database db;

  public JdbcInventory(Database db) {
    this.db = db;
  }

  @Override
  public synchronized List<Change> record(Collection<Observation> observations) {
    if (observations.isEmpty()) return List.of();
    for (int attempt = 1; ; attempt++) {
      try {
        return recordBatch(observations);
      } catch (StoreException e) {
        // Another writer added one of the batch's new devices first (or, rarely, the database
        // broke a deadlock): the batch was rolled back and, tried again, finds that device and
        // locks its row. Inside a caller's transaction it cannot be tried again.
        if (attempt == 3 || db.inTransaction() || !collided(e)) throw e;
      }
    }
  }

  /** SQLSTATEs of a collision with another writer: a unique address taken, a deadlock broken (PostgreSQL, H2). */
  private static final java.util.Set<String> COLLISIONS = java.util.Set.of("23505", "40P01", "40001");

  /**
   * Whether {@code e} is a collision with another writer: an address it added first, or a deadlock
   * the database broke ({@link #COLLISIONS}).
   */
  private static boolean collided(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (SQLException s = t instanceof SQLException q ? q : null; s != null; s = s.getNextException()) {
        if (COLLISIONS.contains(s.getSQLState())) return true;
      }
    }
    return false;
  }

  /** A device's row as read at the start of a batch, and what the batch made of it. */
  private static final class Stored {
    Long id; // null until a new device is inserted
    String mac;
    final Instant firstSeen;
    Instant lastSeen;
    final Map<String, AttributeValue> latest = new LinkedHashMap<>(); // key: attribute/source
    boolean changed;

    Stored(Long id, String mac, Instant firstSeen, Instant lastSeen, List<AttributeValue> latest) {
      this.id = id;
      this.mac = mac;
      this.firstSeen = firstSeen;
      this.lastSeen = lastSeen;
      for (AttributeValue v : latest) this.latest.put(key(v.attribute(), v.source()), v);
    }

    void seen(Instant at) {
      if (at.isAfter(lastSeen)) {
        lastSeen = at;
        changed = true;
      }
    }
  }

  private List<Change> recordBatch(Collection<Observation> observations) {
    return Jdbc.inTransaction(db, c -> {
      Map<String, Instant> batchSeen = new LinkedHashMap<>();
      for (Observation o : observations) batchSeen.merge(o.address(), o.observedAt(), (a, b) -> a.isAfter(b) ? a : b);
      // Rows are locked and new ones inserted in one order (by address text), the same for every
      // writer: two batches sharing devices then wait for each other instead of deadlocking.
      Map<String, Stored> devices = load(c, new java.util.TreeSet<>(batchSeen.keySet()));
      for (Map.Entry<String, Instant> e : batchSeen.entrySet()) {
        // A new device is first seen when the batch last saw it, as a known one's last-seen moves.
        devices.computeIfAbsent(e.getKey(), a -> new Stored(null, null, e.getValue(), e.getValue(), List.of()))
            .seen(e.getValue());
      }
      List<Change> changes = new ArrayList<>();
      List<Retired> history = new ArrayList<>();
      for (Observation o : observations) {
        Stored d = devices.get(o.address());
        String key = key(o.attribute(), o.source());
        AttributeValue cur = d.latest.get(key);
        switch (ChangeDetector.decide(cur, o)) {
          case ChangeDetector.Confirm x -> {
            if (o.observedAt().isAfter(cur.lastSeen())) {
              d.latest.put(key, new AttributeValue(cur.attribute(), cur.value(), cur.source(), cur.detail(), cur.since(),
                  o.observedAt()));
              d.changed = true;
            }
          }
          case ChangeDetector.Late x -> history.add(new Retired(d, new AttributeValue(o.attribute(), o.value(), o.source(),
              o.detail(), o.observedAt(), o.observedAt())));
          case ChangeDetector.NewValue n -> {
            if (cur != null) history.add(new Retired(d, cur));
            d.latest.put(key, new AttributeValue(o.attribute(), o.value(), o.source(), o.detail(), o.observedAt(),
                o.observedAt()));
            d.changed = true;
            changes.add(n.change());
            if (o.attribute().equals("mac") && o.value().length() <= 17) d.mac = o.value();
          }
        }
      }
      boolean newDevicesInHistory = false;
      for (Retired r : history) newDevicesInHistory |= r.device().id == null;
      write(c, devices, newDevicesInHistory);
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO observation (device_id, attribute, val, source, detail, since, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (Retired r : history) {
          insert.setLong(1, r.device().id);
          insert.setString(2, r.value().attribute());
          insert.setString(3, r.value().value());
          insert.setString(4, r.value().source());
          insert.setString(5, r.value().detail());
          insert.setObject(6, Jdbc.utc(r.value().since()));
          insert.setObject(7, Jdbc.utc(r.value().lastSeen()));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return changes;
    });
  }

  /** A value that is no longer (or never was) its device's latest: it goes to history. */
  private record Retired(Stored device, AttributeValue value) {}

  private static String key(String attribute, String source) {
    return attribute + "/" + source;
  }

  /**
   * The batch's devices as stored, a chunk of addresses at a time, their rows locked until the
   * batch commits (another writer's values of the same device are never lost). Nothing is cached
   * between batches, so memory does not grow with the inventory.
   */
  private static Map<String, Stored> load(Connection c, Collection<String> addresses) throws SQLException {
    Map<String, Stored> out = new LinkedHashMap<>();
    try (Jdbc.BySize find = new Jdbc.BySize(c, n -> "SELECT id, address, mac, first_seen, last_seen, latest FROM device"
        + " WHERE address IN (" + Jdbc.placeholders(n) + ") FOR UPDATE")) {
      for (List<String> chunk : Jdbc.chunks(addresses)) {
        PreparedStatement ps = find.forSize(chunk.size());
        Jdbc.bind(ps, chunk);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(2), new Stored(rs.getLong(1), rs.getString(3), Jdbc.instant(rs, 4),
                Jdbc.instant(rs, 5), LatestValues.decode(rs.getBytes(6))));
          }
        }
      }
    }
    return out;
  }

  /**
   * Inserts the batch's new devices (in one batch that returns their ids when their history needs
   * them: a database makes a result row per generated key) and rewrites the rows of known ones the
   * batch changed; another process adding the same device meanwhile fails the batch on the unique
   * address rather than duplicating it.
   */
  private static void write(Connection c, Map<String, Stored> devices, boolean idsNeeded) throws SQLException {
    List<String> fresh = new ArrayList<>();
    try (PreparedStatement upd = c.prepareStatement("UPDATE device SET mac = ?, last_seen = ?, latest = ? WHERE id = ?")) {
      for (Map.Entry<String, Stored> e : devices.entrySet()) {
        Stored d = e.getValue();
        if (d.id == null) {
          fresh.add(e.getKey());
        } else if (d.changed) {
          upd.setString(1, d.mac);
          upd.setObject(2, Jdbc.utc(d.lastSeen));
          upd.setBytes(3, LatestValues.encode(d.latest.values()));
          upd.setLong(4, d.id);
          upd.addBatch();
        }
      }
      upd.executeBatch();
    }
    if (fresh.isEmpty()) return;
    fresh.sort(null);
    if (!idsNeeded) {
      insertRows(c, devices, fresh);
      return;
    }
    String sql = "INSERT INTO device (address, mac, first_seen, last_seen, latest) VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement ins = c.prepareStatement(sql, new String[] {"id"})) {
      for (String address : fresh) {
        bindNew(ins, 0, address, devices.get(address));
        ins.addBatch();
      }
      ins.executeBatch();
      try (ResultSet keys = ins.getGeneratedKeys()) {
        for (String address : fresh) {
          if (!keys.next()) throw new SQLException("no generated id for a new device");
          devices.get(address).id = keys.getLong(1);
        }
      }
    }
  }

  /**
   * New devices whose ids nobody needs, a chunk of rows per statement: a statement per row costs
   * H2 a statement's set-up and clean-up for each (bench/RESULTS.md).
   */
  private static void insertRows(Connection c, Map<String, Stored> devices, List<String> fresh) throws SQLException {
    try (Jdbc.BySize insert = new Jdbc.BySize(c, n -> "INSERT INTO device (address, mac, first_seen, last_seen, latest)"
        + " VALUES " + String.join(", ", java.util.Collections.nCopies(n, "(?, ?, ?, ?, ?)")))) {
      for (List<String> chunk : Jdbc.chunks(fresh)) {
        PreparedStatement ps = insert.forSize(chunk.size());
        for (int i = 0; i < chunk.size(); i++) bindNew(ps, 5 * i, chunk.get(i), devices.get(chunk.get(i)));
        ps.executeUpdate();
      }
    }
  }

  /** Binds a new device's five columns after the first {@code before} parameters. */
  private static void bindNew(PreparedStatement ins, int before, String address, Stored d) throws SQLException {
    ins.setString(before + 1, address);
    ins.setString(before + 2, d.mac);
    ins.setObject(before + 3, Jdbc.utc(d.firstSeen));
    ins.setObject(before + 4, Jdbc.utc(d.lastSeen));
    ins.setBytes(before + 5, LatestValues.encode(d.latest.values()));
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
      List<Device> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT address, mac, first_seen, last_seen, latest FROM device");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Device(rs.getString(1), rs.getString(2), Jdbc.instant(rs.getTimestamp(3)),
              Jdbc.instant(rs.getTimestamp(4)), LatestValues.decode(rs.getBytes(5))));
        }
      }
      Addresses.sortByAddress(out, Device::address);
      return out;
    });
  }

  @Override
  public Optional<DeviceHistory> device(String address) {
    return Jdbc.inTransaction(db, c -> {
      long id;
      Device device;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, address, mac, first_seen, last_seen, latest FROM device WHERE address = ?")) {
        ps.setString(1, address);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<DeviceHistory>empty();
          id = rs.getLong(1);
          device = new Device(rs.getString(2), rs.getString(3), Jdbc.instant(rs.getTimestamp(4)),
              Jdbc.instant(rs.getTimestamp(5)), LatestValues.decode(rs.getBytes(6)));
        }
      }
      // Every value each attribute had: those replaced or reported late, then the latest ones
      // (a stable sort by first sighting keeps a latest value after an earlier one seen as long).
      List<AttributeValue> history = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT attribute, val, source, detail, since, last_seen FROM observation WHERE device_id = ? ORDER BY since, id")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) history.add(value(rs, 1));
        }
      }
      history.addAll(device.latest());
      history.sort(Comparator.comparing(AttributeValue::since));
      // Changes are the steps between consecutive values of each attribute from one source: the
      // history is the record, so nothing is stored twice.
      List<Change> changes = new ArrayList<>();
      Map<String, AttributeValue> previous = new HashMap<>();
      for (AttributeValue v : history) {
        AttributeValue before = previous.put(key(v.attribute(), v.source()), v);
        if (before == null || !before.value().equals(v.value())) {
          changes.add(new Change(address, v.attribute(), before == null ? null : before.value(), v.value(),
              v.source(), v.since()));
        }
      }
      return Optional.of(new DeviceHistory(device, history, changes));
    });
  }
}

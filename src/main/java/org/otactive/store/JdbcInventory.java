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

/**
 * The inventory in the database. A batch of observations is one transaction with a handful of
 * set-wise statements, so recording a /16 worth of results stays cheap.
 *
 * <p>Each source keeps its own latest value of an attribute (provenance): a passive import and an
 * active method never overwrite each other, and a change is a step between two values of the same
 * source. Devices with their latest values live packed many to a row ({@link DeviceRows}: the
 * devices of an IPv4 /24 share one): a scan writes a row per address block, whatever it learned.
 * The {@code observation} table keeps the values that are no longer latest (replaced, or reported
 * late), by address, so history is written only on change.
 */
public final class JdbcInventory implements Inventory {
  private final Database db;

  public JdbcInventory(Database db) {
    this.db = db;
  }

  @Override
  public List<Change> record(Collection<Observation> observations) {
    return record(prepare(observations));
  }

  /**
   * Works out ahead, for every device of the batch, what recording would make of it if the store
   * did not know it yet (its values, the changes and history they make, the device packed): on a
   * scan's first pass over a range that is every device, and the transaction then only reads and
   * writes rows.
   */
  @Override
  public Prepared prepare(Collection<Observation> observations) {
    return prepare(observations, true);
  }

  /**
   * {@link #prepare}, with or without the shortcuts: for a new device whose values the batch gives
   * once each (the usual case: a scan reports each attribute of a device once), and for a known
   * device whose values the batch only confirms ({@link DeviceRows#confirmed}), and packing new
   * devices when recorded rather than ahead once a batch found none. Both give the same.
   */
  Prepared prepare(Collection<Observation> observations, boolean shortcut) {
    List<Observation> list = List.copyOf(observations);
    // In the order the batch gives them (a scan's: by address, mostly), which rows then keep.
    Map<String, Batched> byDevice = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      Observation o = list.get(i);
      Batched b = byDevice.get(o.address());
      if (b == null) byDevice.put(o.address(), b = new Batched());
      b.add(i, o);
    }
    Change[] changes = new Change[list.size()];
    Retired[] history = new Retired[list.size()];
    Map<String, Instant> seen = new HashMap<>(byDevice.size() * 2);
    // Packed here, off the inventory's thread, while batches bring new devices (a first scan of a
    // range); only the packed form is kept, as a prepared batch waits in a queue. Once a batch
    // found no new device (a scan that finds what the last one found), devices are packed when
    // recorded and only if new: packing every device of a batch that then confirms them was waste.
    boolean packAhead = !shortcut || lastBatchFoundNew;
    Map<String, DeviceRows.Packed> packed = new LinkedHashMap<>(packAhead ? byDevice.size() * 2 : 2);
    Map<String, Device> unpacked = new LinkedHashMap<>(packAhead ? 2 : byDevice.size() * 2);
    for (Map.Entry<String, Batched> e : byDevice.entrySet()) {
      Batched b = e.getValue();
      seen.put(e.getKey(), b.lastSeen);
      Device device = shortcut && b.once ? firstValues(e.getKey(), b, changes) : byRules(e.getKey(), b, changes, history);
      if (packAhead) packed.put(e.getKey(), DeviceRows.pack(device));
      else unpacked.put(e.getKey(), device);
    }
    return new Ahead(list, seen, packed, unpacked, changes, history, shortcut ? byDevice : null);
  }

  /** One device's observations in a batch (by index, in order) and the latest time they saw it. */
  private static final class Batched {
    int[] at = new int[2];
    Observation[] observations = new Observation[2];
    int size;
    Instant lastSeen;
    /** Whether no two of them give the same attribute from the same source. */
    boolean once = true;

    List<Observation> list() {
      return java.util.Arrays.asList(observations).subList(0, size);
    }

    void add(int index, Observation o) {
      for (int j = 0; j < size; j++) {
        if (observations[j].attribute().equals(o.attribute()) && observations[j].source().equals(o.source())) once = false;
      }
      if (size == at.length) {
        at = java.util.Arrays.copyOf(at, size * 2);
        observations = java.util.Arrays.copyOf(observations, size * 2);
      }
      at[size] = index;
      observations[size++] = o;
      if (lastSeen == null || o.observedAt().isAfter(lastSeen)) lastSeen = o.observedAt();
    }
  }

  /** A new device whose every value the batch gives once: each is a first sighting. */
  private static Device firstValues(String address, Batched b, Change[] changes) {
    List<AttributeValue> values = new ArrayList<>(b.size);
    String mac = null;
    for (int j = 0; j < b.size; j++) {
      Observation o = b.observations[j];
      values.add(valueOf(o));
      changes[b.at[j]] = ChangeDetector.firstSighting(o);
      if (setsMac(o)) mac = o.value();
    }
    return new Device(address, mac, b.lastSeen, b.lastSeen, values);
  }

  /** A new device, its observations applied one by one ({@link #apply}). */
  private static Device byRules(String address, Batched b, Change[] changes, Retired[] history) {
    Stored d = new Stored(null, null, b.lastSeen, b.lastSeen, List.of());
    for (int j = 0; j < b.size; j++) apply(d, b.observations[j], b.at[j], changes, history);
    return d.device(address);
  }


  /**
   * A batch made ready by {@link #prepare}: the latest time each device was seen, and each device
   * as recording makes it when the store does not know it (its changes and history by the index of
   * the observation that made them).
   */
  private record Ahead(List<Observation> observations, Map<String, Instant> seen, Map<String, DeviceRows.Packed> fresh,
      Map<String, Device> unpacked, Change[] changes, Retired[] history, Map<String, Batched> byDevice)
      implements Prepared {}

  /** Whether the last batch recorded had a device the store did not know (see {@link #prepare}). */
  private volatile boolean lastBatchFoundNew = true;

  /** A known device the batch only confirms, as {@link DeviceRows#confirmed} left it, and the row it was in. */
  private record Confirmed(Row home, DeviceRows.Packed packed) {}

  @Override
  public List<Change> record(Prepared prepared) {
    Ahead ahead = prepared instanceof Ahead a ? a : (Ahead) prepare(prepared.observations());
    return recordAhead(ahead);
  }

  private synchronized List<Change> recordAhead(Ahead ahead) {
    if (ahead.observations().isEmpty()) return List.of();
    for (int attempt = 1; ; attempt++) {
      try {
        return recordBatch(ahead);
      } catch (StoreException e) {
        // Another writer added a row the batch adds first (or, rarely, the database broke a
        // deadlock): the batch was rolled back and, tried again, finds that row and locks it.
        // Inside a caller's transaction it cannot be tried again.
        if (attempt == 3 || db.inTransaction() || !collided(e)) throw e;
      }
    }
  }

  /** SQLSTATEs of a collision with another writer: a unique row key taken, a deadlock broken (PostgreSQL, H2). */
  private static final java.util.Set<String> COLLISIONS = java.util.Set.of("23505", "40P01", "40001");

  /**
   * Whether {@code e} is a collision with another writer: a row it added first, or a deadlock
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

  /** A device as read at the start of a batch, and what the batch made of it. */
  private static final class Stored {
    final Row home; // the row it was read from; null for a new device
    String mac;
    final Instant firstSeen;
    Instant lastSeen;
    final Map<String, AttributeValue> latest = new LinkedHashMap<>(); // key: attribute/source
    boolean changed;

    Stored(Row home, String mac, Instant firstSeen, Instant lastSeen, List<AttributeValue> latest) {
      this.home = home;
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

    Device device(String address) {
      return new Device(address, mac, firstSeen, lastSeen, List.copyOf(latest.values()));
    }
  }

  /** A row of {@code device_block} as read (or made) by a batch. */
  private static final class Row {
    final RowKey key;
    final boolean stored;
    final Map<String, DeviceRows.Packed> devices = new LinkedHashMap<>(); // key: address
    boolean dirty;

    Row(RowKey key, boolean stored, List<DeviceRows.Packed> devices) {
      this.key = key;
      this.stored = stored;
      for (DeviceRows.Packed p : devices) this.devices.put(p.address(), p);
    }
  }

  /** A row's key, ordered as unsigned bytes: the order rows are locked in by every writer. */
  private record RowKey(byte[] bytes) implements Comparable<RowKey> {
    @Override
    public boolean equals(Object o) {
      return o instanceof RowKey k && java.util.Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(RowKey o) {
      return java.util.Arrays.compareUnsigned(bytes, o.bytes);
    }
  }

  private List<Change> recordBatch(Ahead ahead) {
    return Jdbc.inTransaction(db, c -> {
      Map<RowKey, Row> rows = load(c, ahead.seen().keySet());
      Map<String, Stored> devices = new HashMap<>();
      // Known devices whose every observation confirms a latest value are worked on their bytes:
      // a scan that finds what the last one found (most scans) decoded and re-packed every device.
      java.util.Set<String> confirmed = new java.util.HashSet<>();
      List<Confirmed> moved = new ArrayList<>();
      for (Row row : rows.values()) {
        for (DeviceRows.Packed p : row.devices.values()) {
          Instant seen = ahead.seen().get(p.address());
          if (seen == null) continue;
          Batched b = ahead.byDevice() == null ? null : ahead.byDevice().get(p.address());
          byte[] bytes = b == null ? null : DeviceRows.confirmed(p.bytes(), b.list(), seen);
          if (bytes != null) {
            confirmed.add(p.address());
            if (bytes != p.bytes()) moved.add(new Confirmed(row, new DeviceRows.Packed(p.address(), p.rawAddress(), bytes)));
            continue;
          }
          Device d = DeviceRows.unpack(p);
          Stored stored = new Stored(row, d.mac(), d.firstSeen(), d.lastSeen(), d.latest());
          stored.seen(seen);
          devices.put(p.address(), stored);
        }
      }
      for (Confirmed m : moved) replace(rows, m.home(), m.packed().address(), m.packed());
      // Devices the store does not know are as prepared; the others get the observations here.
      List<Change> changes = new ArrayList<>();
      List<Retired> history = new ArrayList<>();
      Change[] change = new Change[1];
      Retired[] retired = new Retired[1];
      List<Observation> observations = ahead.observations();
      for (int i = 0; i < observations.size(); i++) {
        Observation o = observations.get(i);
        Stored d = devices.get(o.address());
        if (d == null) {
          if (confirmed.contains(o.address())) continue; // confirmations only: no change, no history
          if (ahead.changes()[i] != null) changes.add(ahead.changes()[i]);
          if (ahead.history()[i] != null) history.add(ahead.history()[i]);
          continue;
        }
        change[0] = null;
        retired[0] = null;
        apply(d, o, 0, change, retired);
        if (change[0] != null) changes.add(change[0]);
        if (retired[0] != null) history.add(retired[0]);
      }
      place(rows, devices);
      boolean foundNew = false;
      for (Map.Entry<String, DeviceRows.Packed> e : ahead.fresh().entrySet()) {
        if (devices.containsKey(e.getKey()) || confirmed.contains(e.getKey())) continue;
        put(rows, e.getKey(), e.getValue());
        foundNew = true;
      }
      for (Map.Entry<String, Device> e : ahead.unpacked().entrySet()) {
        if (devices.containsKey(e.getKey()) || confirmed.contains(e.getKey())) continue;
        put(rows, e.getKey(), DeviceRows.pack(e.getValue()));
        foundNew = true;
      }
      lastBatchFoundNew = foundNew;
      write(c, rows.values());
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO observation (address, attribute, val, source, detail, since, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (Retired r : history) {
          insert.setString(1, r.address());
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
  private record Retired(String address, AttributeValue value) {}

  /**
   * Applies one observation to its device: a confirmation moves the value's last-seen time, a new
   * value replaces the latest (which goes to history) and is a change, a late one goes to history.
   * The change and the retired value, if any, go to {@code changes[at]} and {@code history[at]}.
   */
  private static void apply(Stored d, Observation o, int at, Change[] changes, Retired[] history) {
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
      case ChangeDetector.Late x -> history[at] = new Retired(o.address(), valueOf(o));
      case ChangeDetector.NewValue n -> {
        if (cur != null) history[at] = new Retired(o.address(), cur);
        d.latest.put(key, valueOf(o));
        d.changed = true;
        changes[at] = n.change();
        if (setsMac(o)) d.mac = o.value();
      }
    }
  }

  /** The value an observation gives, first and last seen when it was made. */
  private static AttributeValue valueOf(Observation o) {
    return new AttributeValue(o.attribute(), o.value(), o.source(), o.detail(), o.observedAt(), o.observedAt());
  }

  /** Whether the observation, as a device's new value, is also its MAC (a value that can be one). */
  private static boolean setsMac(Observation o) {
    return o.attribute().equals("mac") && o.value().length() <= 17;
  }

  private static String key(String attribute, String source) {
    return attribute + "/" + source;
  }

  /**
   * The rows the batch's devices may be in (for each, its shared row and a row of its own: the
   * keys from the shared one's to it with a last byte of 0xff, one range per shared row), in key
   * order, locked until the batch commits (another writer's values of the same devices are never
   * lost). Rows that are not there yet are made when a device needs them. Nothing is cached between
   * batches, so memory does not grow with the inventory.
   */
  private static Map<RowKey, Row> load(Connection c, Collection<String> addresses) throws SQLException {
    java.util.TreeSet<RowKey> shared = new java.util.TreeSet<>();
    for (String a : addresses) shared.add(new RowKey(DeviceRows.sharedKey(DeviceRows.addressBytes(a))));
    Map<RowKey, Row> out = new java.util.TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT k, packed FROM device_block WHERE k BETWEEN ? AND ? FOR UPDATE")) {
      for (RowKey k : shared) {
        byte[] last = java.util.Arrays.copyOf(k.bytes(), k.bytes().length + 1);
        last[last.length - 1] = (byte) 0xff;
        ps.setBytes(1, k.bytes());
        ps.setBytes(2, last);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            RowKey found = new RowKey(rs.getBytes(1));
            // a longer key in the range is another family's row (an IPv6 block can sort here): not ours
            if (found.bytes().length <= last.length) out.put(found, new Row(found, true, DeviceRows.devices(rs.getBytes(2))));
          }
        }
      }
    }
    return out;
  }

  /**
   * Packs the devices the batch added or changed and puts each in the row it belongs in now (a
   * device that grew past {@link DeviceRows#SOLO_BYTES} moves to a row of its own, and back).
   */
  private static void place(Map<RowKey, Row> rows, Map<String, Stored> devices) {
    for (Map.Entry<String, Stored> e : devices.entrySet()) {
      Stored d = e.getValue();
      if (d.home != null && !d.changed) continue;
      replace(rows, d.home, e.getKey(), DeviceRows.pack(d.device(e.getKey())));
    }
  }

  /**
   * Puts a device packed anew in the row it belongs in now and takes it out of the row it was in
   * ({@code home}; null for a new device) when that is another one.
   */
  private static void replace(Map<RowKey, Row> rows, Row home, String address, DeviceRows.Packed packed) {
    Row row = put(rows, address, packed);
    if (home != null && home != row) {
      home.devices.remove(address);
      home.dirty = true;
    }
  }

  /** Puts a packed device in the row it belongs in (made if not there yet); returns that row. */
  private static Row put(Map<RowKey, Row> rows, String address, DeviceRows.Packed packed) {
    RowKey key = new RowKey(DeviceRows.keyFor(packed));
    Row row = rows.computeIfAbsent(key, k -> new Row(k, false, List.of()));
    row.devices.put(address, packed);
    row.dirty = true;
    return row;
  }

  /**
   * Writes the rows the batch changed: new ones inserted, a chunk per statement (a statement per
   * row costs H2 a statement's set-up and clean-up for each), stored ones rewritten or, emptied,
   * deleted. Another process adding the same row meanwhile fails the batch on the unique key
   * rather than duplicating a device.
   */
  private static void write(Connection c, Collection<Row> rows) throws SQLException {
    List<Row> fresh = new ArrayList<>();
    try (PreparedStatement upd = c.prepareStatement("UPDATE device_block SET devices = ?, packed = ? WHERE k = ?");
        PreparedStatement del = c.prepareStatement("DELETE FROM device_block WHERE k = ?")) {
      for (Row row : rows) {
        if (!row.dirty) continue;
        if (!row.stored) {
          if (!row.devices.isEmpty()) fresh.add(row);
        } else if (row.devices.isEmpty()) {
          del.setBytes(1, row.key.bytes());
          del.addBatch();
        } else {
          upd.setInt(1, row.devices.size());
          upd.setBytes(2, DeviceRows.row(List.copyOf(row.devices.values())));
          upd.setBytes(3, row.key.bytes());
          upd.addBatch();
        }
      }
      upd.executeBatch();
      del.executeBatch();
    }
    try (Jdbc.BySize insert = new Jdbc.BySize(c, n -> "INSERT INTO device_block (k, devices, packed) VALUES "
        + String.join(", ", java.util.Collections.nCopies(n, "(?, ?, ?)")))) {
      for (List<Row> chunk : Jdbc.chunks(fresh)) {
        PreparedStatement ps = insert.forSize(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
          Row row = chunk.get(i);
          ps.setBytes(3 * i + 1, row.key.bytes());
          ps.setInt(3 * i + 2, row.devices.size());
          ps.setBytes(3 * i + 3, DeviceRows.row(List.copyOf(row.devices.values())));
        }
        ps.executeUpdate();
      }
    }
  }

  private static AttributeValue value(ResultSet rs, int from) throws SQLException {
    return new AttributeValue(rs.getString(from), rs.getString(from + 1), rs.getString(from + 2),
        rs.getString(from + 3), Jdbc.instant(rs.getTimestamp(from + 4)), Jdbc.instant(rs.getTimestamp(from + 5)));
  }

  @Override
  public long count() {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(devices), 0) FROM device_block");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public List<Device> devices() {
    return Jdbc.inTransaction(db, c -> {
      List<DeviceRows.Packed> packed = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT packed FROM device_block");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) packed.addAll(DeviceRows.devices(rs.getBytes(1)));
      }
      // Sorted by the addresses' bytes the rows gave: no second parse of every address.
      packed.sort(DeviceRows.ADDRESS_ORDER);
      List<Device> out = new ArrayList<>(packed.size());
      for (DeviceRows.Packed p : packed) out.add(DeviceRows.unpack(p));
      return out;
    });
  }

  /** Rows read at a time by {@link #eachDevice}. */
  private static final int PAGE_ROWS = 64;

  /**
   * A page of rows at a time, in key order, IPv4 before IPv6 (keys of up to 4 bytes, then the
   * longer ones). Key order is address order but for a device of its own (a longer key) that sorts
   * after its block's shared row: each block's devices are gathered and sorted before they go out.
   *
   * <p>A block's rows are always read by one statement: a device that moves between its block's
   * shared row and a row of its own while the listing runs (a scan writes) is then listed once, as
   * it was before the move or after it. So a page's last block, which may go on in the next page,
   * is left to that page, and a block of more rows than a page is read whole by itself.
   */
  @Override
  public void eachDevice(java.util.function.Consumer<Device> each) {
    for (boolean v6 : new boolean[] {false, true}) {
      String rowsOf = "SELECT k, packed FROM device_block WHERE OCTET_LENGTH(k) " + (v6 ? "> 4" : "<= 4");
      String page = rowsOf + " AND k > ? ORDER BY k LIMIT " + PAGE_ROWS;
      String block = rowsOf + " AND k >= ? AND k <= ? ORDER BY k";
      int blockBytes = v6 ? 15 : 3;
      byte[] after = new byte[0];
      while (after != null) {
        List<byte[][]> rows = read(page, after);
        boolean more = rows.size() == PAGE_ROWS;
        byte[] through = null; // the last block this page lists
        if (more) {
          byte[] last = blockOf(rows.getLast(), blockBytes);
          if (java.util.Arrays.equals(blockOf(rows.getFirst(), blockBytes), last)) {
            rows = read(block, last, blockEnd(last)); // may be empty if the block went meanwhile
            through = last;
          } else {
            rows.removeIf(r -> java.util.Arrays.equals(blockOf(r, blockBytes), last));
            through = blockOf(rows.getLast(), blockBytes);
          }
        }
        List<DeviceRows.Packed> devices = new ArrayList<>();
        byte[] current = null;
        for (byte[][] row : rows) {
          byte[] rowBlock = blockOf(row, blockBytes);
          if (current != null && !java.util.Arrays.equals(current, rowBlock)) emit(devices, each);
          current = rowBlock;
          devices.addAll(DeviceRows.devices(row[1]));
        }
        emit(devices, each);
        after = more ? blockEnd(through) : null;
      }
    }
  }

  private List<byte[][]> read(String sql, byte[]... keys) {
    return Jdbc.inTransaction(db, c -> {
      List<byte[][]> rows = new ArrayList<>(PAGE_ROWS);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < keys.length; i++) ps.setBytes(i + 1, keys[i]);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) rows.add(new byte[][] {rs.getBytes(1), rs.getBytes(2)});
        }
      }
      return rows;
    });
  }

  /** The block a row's key belongs to: the shared row's key, which a device's own row extends by a byte. */
  private static byte[] blockOf(byte[][] row, int blockBytes) {
    return java.util.Arrays.copyOf(row[0], Math.min(blockBytes, row[0].length));
  }

  /** The greatest key of a block: its shared key and a last byte of 255. */
  private static byte[] blockEnd(byte[] block) {
    byte[] end = java.util.Arrays.copyOf(block, block.length + 1);
    end[block.length] = (byte) 0xFF;
    return end;
  }

  /** One block's devices, in address order; then none. */
  private static void emit(List<DeviceRows.Packed> devices, java.util.function.Consumer<Device> each) {
    devices.sort(DeviceRows.ADDRESS_ORDER);
    for (DeviceRows.Packed p : devices) each.accept(DeviceRows.unpack(p));
    devices.clear();
  }

  @Override
  public Optional<DeviceHistory> device(String address) {
    return Jdbc.inTransaction(db, c -> {
      Device device = null;
      byte[] raw;
      try {
        raw = DeviceRows.addressBytes(address);
      } catch (org.otactive.common.BadInputException e) {
        return Optional.<DeviceHistory>empty(); // no device has such an address
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT packed FROM device_block WHERE k IN (?, ?)")) {
        ps.setBytes(1, DeviceRows.sharedKey(raw));
        ps.setBytes(2, DeviceRows.soloKey(raw));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            for (DeviceRows.Packed p : DeviceRows.devices(rs.getBytes(1))) {
              if (p.address().equals(address)) device = DeviceRows.unpack(p);
            }
          }
        }
      }
      if (device == null) return Optional.<DeviceHistory>empty();
      // Every value each attribute had: those replaced or reported late, then the latest ones
      // (a stable sort by first sighting keeps a latest value after an earlier one seen as long).
      List<AttributeValue> history = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT attribute, val, source, detail, since, last_seen FROM observation WHERE address = ? ORDER BY since, id")) {
        ps.setString(1, address);
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

package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Change;
import org.otactive.inventory.DeviceHistory;
import org.otactive.inventory.Inventory;
import org.otactive.inventory.Observation;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.run.TargetResult;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;

/** Store behaviour, run against each database otactive supports (one body, many databases). */
final class StoreScenarios {
  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private StoreScenarios() {}

  static Observation obs(String address, String attribute, String value, Instant at) {
    return new Observation(address, attribute, value, "rdns", "PTR from 127.0.0.1:53", at);
  }

  static void historyChangesAndReopening(String url) {
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      List<Change> first = inv.record(List.of(
          obs("10.0.0.1", "hostname", "plc-1", T0), obs("10.0.0.1", "fqdn", "plc-1.plant.example", T0),
          obs("10.0.0.2", "hostname", "hmi-2", T0)));
      assertThat(first).hasSize(3).allMatch(Change::isFirstSighting);
      assertThat(inv.record(List.of(obs("10.0.0.1", "hostname", "plc-1", T0.plusSeconds(60))))).isEmpty();
      List<Change> renamed = inv.record(List.of(obs("10.0.0.1", "hostname", "plc-1-new", T0.plusSeconds(120))));
      assertThat(renamed).singleElement().satisfies(c -> {
        assertThat(c.oldValue()).isEqualTo("plc-1");
        assertThat(c.newValue()).isEqualTo("plc-1-new");
      });
    }
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      assertThat(inv.devices()).extracting(d -> d.address()).containsExactly("10.0.0.1", "10.0.0.2");
      assertThat(inv.count()).isEqualTo(2);
      DeviceHistory h = inv.device("10.0.0.1").orElseThrow();
      assertThat(h.device().latest("hostname").orElseThrow().value()).isEqualTo("plc-1-new");
      assertThat(h.device().latest("hostname").orElseThrow().source()).isEqualTo("rdns");
      assertThat(h.history()).filteredOn(a -> a.attribute().equals("hostname"))
          .extracting(a -> a.value()).containsExactly("plc-1", "plc-1-new");
      assertThat(h.history()).filteredOn(a -> a.value().equals("plc-1")).singleElement()
          .satisfies(a -> assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(60)));
      assertThat(h.changes()).extracting(c -> c.attribute() + ":" + c.oldValue() + "->" + c.newValue())
          .containsExactly("hostname:null->plc-1", "fqdn:null->plc-1.plant.example", "hostname:plc-1->plc-1-new");
      assertThat(h.device().lastSeen()).isEqualTo(T0.plusSeconds(120));
      assertThat(inv.device("10.0.0.9")).isEmpty();
    }
  }

  static void aBatchWithManyDevicesAndRepeats(String url) {
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      List<Observation> batch = new ArrayList<>();
      for (int i = 0; i < 1200; i++) batch.add(obs("10.1." + (i / 256) + "." + (i % 256), "hostname", "h" + i, T0));
      batch.add(obs("10.1.0.0", "hostname", "h0-renamed", T0.plusSeconds(1)));
      batch.add(obs("10.1.0.0", "hostname", "h0-renamed", T0.plusSeconds(2)));
      List<Change> changes = inv.record(batch);
      assertThat(changes).hasSize(1201);
      assertThat(inv.devices()).hasSize(1200);
      DeviceHistory h = inv.device("10.1.0.0").orElseThrow();
      assertThat(h.device().latest("hostname").orElseThrow().value()).isEqualTo("h0-renamed");
      assertThat(h.device().latest("hostname").orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(2));
      assertThat(h.history()).hasSize(2);
    }
  }

  /**
   * A batch prepared while the store did not know its devices yet, recorded after another batch
   * stored them (a writer prepares the next batch while the one before is recorded): the devices
   * are taken as stored, so a new name is a change from the stored one and the old name goes to
   * history; changes come in the order of the observations, known and unknown devices mixed.
   */
  static void aBatchPreparedBeforeItsDevicesWereStored(String url) {
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      Inventory.Prepared later = inv.prepare(List.of(obs("10.5.0.1", "hostname", "new-name", T0.plusSeconds(10)),
          obs("10.5.0.2", "hostname", "b", T0.plusSeconds(10)), obs("10.5.0.3", "hostname", "c", T0.plusSeconds(10)),
          obs("10.5.0.1", "hostname", "late-name", T0.plusSeconds(5))));
      assertThat(inv.record(List.of(obs("10.5.0.1", "hostname", "old-name", T0), obs("10.5.0.2", "hostname", "b", T0))))
          .hasSize(2).allMatch(Change::isFirstSighting);
      assertThat(inv.record(later)).extracting(c -> c.address() + " " + c.oldValue() + "->" + c.newValue())
          .containsExactly("10.5.0.1 old-name->new-name", "10.5.0.3 null->c");
      DeviceHistory one = inv.device("10.5.0.1").orElseThrow();
      assertThat(one.device().latest("hostname").orElseThrow().value()).isEqualTo("new-name");
      assertThat(one.device().firstSeen()).isEqualTo(T0);
      assertThat(one.device().lastSeen()).isEqualTo(T0.plusSeconds(10));
      assertThat(one.history()).extracting(a -> a.value()).containsExactly("old-name", "late-name", "new-name");
      DeviceHistory two = inv.device("10.5.0.2").orElseThrow();
      assertThat(two.history()).singleElement().satisfies(a -> {
        assertThat(a.since()).isEqualTo(T0);
        assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(10));
      });
      assertThat(inv.count()).isEqualTo(3);
    }
  }

  /**
   * New devices nobody's history refers to go in several rows per statement (two full chunks and a
   * short one here); their times come back to the microsecond, and a second scan confirms them.
   */
  static void aScanOfNewDevicesThenTheSameAgain(String url) {
    Instant first = T0.plusNanos(123_456_000);
    Instant second = first.plusSeconds(3600).plusNanos(654_321_000);
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      List<Observation> scan = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        scan.add(obs("10.3.0." + i, "hostname", "h" + i, first));
        scan.add(obs("10.3.0." + i, "fqdn", "h" + i + ".plant.example", first));
      }
      assertThat(inv.record(scan)).hasSize(500).allMatch(Change::isFirstSighting);
      List<Observation> again = new ArrayList<>();
      for (Observation o : scan) {
        again.add(new Observation(o.address(), o.attribute(), o.value(), o.source(), o.detail(), second));
      }
      assertThat(inv.record(again)).isEmpty();
    }
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      assertThat(inv.count()).isEqualTo(250);
      assertThat(inv.devices()).hasSize(250).allSatisfy(d -> {
        assertThat(d.firstSeen()).isEqualTo(first);
        assertThat(d.lastSeen()).isEqualTo(second);
        assertThat(d.latest("fqdn").orElseThrow().value()).isEqualTo(d.latest("hostname").orElseThrow().value() + ".plant.example");
      });
      DeviceHistory h = inv.device("10.3.0.249").orElseThrow();
      assertThat(h.device().latest("hostname").orElseThrow().value()).isEqualTo("h249");
      assertThat(h.device().latest("hostname").orElseThrow().since()).isEqualTo(first);
      assertThat(h.device().latest("hostname").orElseThrow().lastSeen()).isEqualTo(second);
      assertThat(h.history()).hasSize(2); // the two latest values: a confirmation adds no history
    }
  }

  /**
   * Devices are stored many to a row, one row per IPv4 /24 or IPv6 /120; a device packed larger
   * than {@link DeviceRows#SOLO_BYTES} moves to a row of its own and back when it shrinks, and an
   * IPv6 block whose key sorts among an IPv4 block's rows is left as it is.
   */
  /**
   * {@code eachDevice} gives what {@code devices} gives, in its order, over more rows than a page:
   * blocks above 127.x and 128.x (keys compared as unsigned bytes), devices of their own between
   * their block's others, a block of more rows than a page, IPv6 blocks whose keys begin with IPv4
   * blocks' bytes, and MACs.
   */
  static void eachDeviceGivesWhatDevicesGives(String url) throws Exception {
    String big = "x".repeat(2 * DeviceRows.SOLO_BYTES);
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      List<Observation> scan = new ArrayList<>();
      for (int block = 0; block < 150; block++) {
        int first = 1 + block % 2;
        String prefix = (block % 3 == 0 ? "10." : block % 3 == 1 ? "127." : "200.") + (block / 3) + "." + block + ".";
        for (int host = 1; host <= 3; host++) scan.add(obs(prefix + host * first, "hostname", "h" + block + "-" + host, T0));
        if (block % 7 == 0) scan.add(from("wem", prefix + "2", "software", big, T0));
        if (block % 11 == 0) scan.add(obs(prefix + "3", "mac", "00:11:22:33:44:" + String.format("%02x", block), T0));
      }
      // a block of more rows than a page: 70 devices of their own and the shared row
      for (int host = 1; host <= 71; host++) {
        scan.add(host == 71 ? obs("10.250.0.71", "hostname", "small", T0) : from("wem", "10.250.0." + host, "software", big, T0));
      }
      scan.addAll(List.of(obs("a04:100::1", "hostname", "v6-neighbour", T0), obs("c8:1::5", "hostname", "v6-low", T0),
          obs("2001:db8::1", "hostname", "v6-a", T0), from("wem", "2001:db8::2", "software", big, T0)));
      java.util.Collections.shuffle(scan, new java.util.Random(5));
      inv.record(scan);
      assertThat(rows(db)).as("more rows than a page").isGreaterThan(2 * 64);
      List<org.otactive.inventory.Device> each = new ArrayList<>();
      inv.eachDevice(each::add);
      assertThat(each).isEqualTo(inv.devices()).hasSizeGreaterThan(150 * 3 + 71 + 4);
    }
  }

  /**
   * A device that moves between its block's shared row and a row of its own while {@code eachDevice}
   * reads is listed once, neither twice nor not at all: the block is read in one statement even when
   * its rows straddle a page. The move happens between two pages (from the listing's own callback),
   * with the block's shared row the last of the first page.
   */
  static void aDeviceMovingRowsDuringAListingIsListedOnce(String url) throws Exception {
    String big = "x".repeat(2 * DeviceRows.SOLO_BYTES);
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      List<Observation> scan = new ArrayList<>();
      for (int block = 0; block < 63; block++) scan.add(obs("10.1." + block + ".1", "hostname", "h" + block, T0));
      scan.add(obs("10.1.63.1", "hostname", "mover", T0));
      scan.add(obs("10.1.63.2", "hostname", "stays", T0));
      scan.add(obs("10.1.64.1", "hostname", "after", T0));
      inv.record(scan);
      assertThat(rows(db)).as("10.1.63's shared row is the 64th").isEqualTo(65);
      List<String> expected = inv.devices().stream().map(d -> d.address()).toList();
      for (String software : List.of(big, "[]")) { // into a row of its own, then back
        List<org.otactive.inventory.Device> listed = new ArrayList<>();
        Instant at = T0.plusSeconds(software.equals(big) ? 60 : 120);
        inv.eachDevice(d -> {
          listed.add(d);
          if (d.address().equals("10.1.62.1")) inv.record(List.of(from("wem", "10.1.63.1", "software", software, at)));
        });
        assertThat(listed).extracting(d -> d.address()).as("moved by a software list of %d chars", software.length())
            .containsExactlyElementsOf(expected);
        assertThat(listed.stream().filter(d -> d.address().equals("10.1.63.1")).findFirst().orElseThrow().latest())
            .as("the device as it is after the move").anyMatch(v -> v.attribute().equals("software") && v.value().equals(software));
      }
    }
  }

  static void devicesShareRowsAndABigOneHasItsOwn(String url) throws Exception {
    String big = "x".repeat(2 * DeviceRows.SOLO_BYTES);
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      // 0a04:0100:: begins with the bytes of 10.4.1: its row's key sorts between 10.4.1's keys
      inv.record(List.of(obs("a04:100::1", "hostname", "v6-neighbour", T0), obs("2001:db8::1", "hostname", "v6-a", T0),
          obs("2001:db8::2", "hostname", "v6-b", T0)));
      List<Observation> scan = new ArrayList<>();
      for (int i = 0; i < 300; i++) scan.add(obs("10.4." + (i / 256) + "." + (i % 256), "hostname", "h" + i, T0));
      inv.record(scan);
      assertThat(rows(db)).isEqualTo(4); // 10.4.0, 10.4.1, 2001:db8::/120, a04:100::/120
      inv.record(List.of(from("wem", "10.4.0.7", "software", big, T0.plusSeconds(60))));
      assertThat(rows(db)).isEqualTo(5);
      // a device in a row of its own still lists in address order, IPv4 before IPv6
      assertThat(inv.devices()).extracting(d -> d.address()).startsWith("10.4.0.0", "10.4.0.1", "10.4.0.2", "10.4.0.3",
          "10.4.0.4", "10.4.0.5", "10.4.0.6", "10.4.0.7", "10.4.0.8").endsWith("10.4.1.43", "a04:100::1", "2001:db8::1", "2001:db8::2");
      inv.record(List.of(from("wem", "10.4.0.7", "software", "[]", T0.plusSeconds(120)),
          obs("10.4.1.1", "hostname", "h257-new", T0.plusSeconds(120))));
      assertThat(rows(db)).isEqualTo(4);
    }
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      assertThat(inv.count()).isEqualTo(303);
      List<String> addresses = inv.devices().stream().map(d -> d.address()).toList();
      assertThat(addresses).hasSize(303).startsWith("10.4.0.0", "10.4.0.1", "10.4.0.2")
          .endsWith("10.4.1.43", "a04:100::1", "2001:db8::1", "2001:db8::2");
      DeviceHistory h = inv.device("10.4.0.7").orElseThrow();
      assertThat(h.device().latest("software").orElseThrow().value()).isEqualTo("[]");
      assertThat(h.device().latest("hostname").orElseThrow().value()).isEqualTo("h7");
      assertThat(h.history()).filteredOn(a -> a.attribute().equals("software")).extracting(AttributeValue::value)
          .containsExactly(big, "[]");
      assertThat(inv.device("10.4.1.1").orElseThrow().device().latest("hostname").orElseThrow().value()).isEqualTo("h257-new");
      assertThat(inv.device("a04:100::1").orElseThrow().device().latest("hostname").orElseThrow().value())
          .isEqualTo("v6-neighbour");
      assertThat(inv.device("10.4.9.9")).isEmpty();
      assertThat(inv.device("10.4.0.007")).isEmpty(); // addresses are keys in their canonical text
      assertThat(inv.device("not an address")).isEmpty();
    }
  }

  /**
   * Devices stored one to a row (up to V10) move into blocks a chunk at a time: more devices than a
   * chunk, in shuffled order so each chunk holds part of every block, all arrive with their values
   * and their history.
   */
  static void devicesStoredOneToARowMoveIntoBlocks(String url) throws Exception {
    int n = 2 * org.otactive.store.migration.V11__devices_in_blocks.CHUNK + 500;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) order.add(i);
    java.util.Collections.shuffle(order, new java.util.Random(11));
    try (java.sql.Connection c = atVersion(url, "10");
        java.sql.PreparedStatement ins = c.prepareStatement(
            "INSERT INTO device (id, address, first_seen, last_seen, latest) VALUES (?, ?, ?, ?, ?)")) {
      for (int i : order) {
        ins.setLong(1, i + 1);
        ins.setString(2, "10.6." + (i / 256) + "." + (i % 256));
        ins.setObject(3, java.time.OffsetDateTime.ofInstant(T0, java.time.ZoneOffset.UTC));
        ins.setObject(4, java.time.OffsetDateTime.ofInstant(T0.plusSeconds(i), java.time.ZoneOffset.UTC));
        ins.setBytes(5, LatestValues.encode(List.of(new AttributeValue("hostname", "h" + i, "rdns", "", T0, T0.plusSeconds(i)))));
        ins.addBatch();
      }
      ins.executeBatch();
      try (java.sql.Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO observation (device_id, attribute, val, source, detail, since, last_seen)"
            + " VALUES (8, 'hostname', 'h7-old', 'rdns', '', TIMESTAMP WITH TIME ZONE '2026-10-01 10:00:00+00',"
            + " TIMESTAMP WITH TIME ZONE '2026-10-01 10:00:00+00')");
      }
    }
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      assertThat(inv.count()).isEqualTo(n);
      assertThat(rows(db)).isEqualTo((n + 255) / 256);
      List<org.otactive.inventory.Device> devices = inv.devices();
      assertThat(devices).hasSize(n);
      for (int i = 0; i < n; i++) {
        org.otactive.inventory.Device d = devices.get(i);
        assertThat(d.address()).isEqualTo("10.6." + (i / 256) + "." + (i % 256));
        assertThat(d.lastSeen()).isEqualTo(T0.plusSeconds(i));
        assertThat(d.latest("hostname").orElseThrow().value()).isEqualTo("h" + i);
      }
      assertThat(inv.device("10.6.0.7").orElseThrow().history()).extracting(AttributeValue::value)
          .containsExactly("h7-old", "h7");
    }
  }

  private static long rows(Database db) {
    return db.transaction(c -> {
      try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM device_block")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  static Observation from(String source, String address, String attribute, String value, Instant at) {
    return new Observation(address, attribute, value, source, "", at);
  }

  /** Active results never overwrite passive ones: each source keeps its own latest value. */
  static void eachSourceKeepsItsOwnLatestValue(String url) {
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      assertThat(inv.record(List.of(from("passive", "10.0.0.1", "hostname", "hmi-1", T0),
          from("passive", "10.0.0.1", "mac", "00:0e:8c:01:02:03", T0))))
          .extracting(c -> c.source() + " " + c.oldValue() + "->" + c.newValue())
          .containsExactly("passive null->hmi-1", "passive null->00:0e:8c:01:02:03");
      // the active value is a first sighting of its own, not a change of the passive one
      assertThat(inv.record(List.of(from("rdns", "10.0.0.1", "hostname", "hmi-1.plant", T0.plusSeconds(10)))))
          .singleElement().satisfies(c -> assertThat(c.isFirstSighting()).isTrue());
      assertThat(inv.record(List.of(from("passive", "10.0.0.1", "hostname", "hmi-1", T0.plusSeconds(20))))).isEmpty();
      // both sources in one batch: each compared with its own latest value
      List<Change> both = inv.record(List.of(from("passive", "10.0.0.1", "hostname", "hmi-2", T0.plusSeconds(30)),
          from("rdns", "10.0.0.1", "hostname", "hmi-1.plant", T0.plusSeconds(31))));
      assertThat(both).extracting(c -> c.source() + " " + c.oldValue() + "->" + c.newValue())
          .containsExactly("passive hmi-1->hmi-2");
    }
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      var device = inv.devices().getFirst();
      assertThat(device.mac()).isEqualTo("00:0e:8c:01:02:03");
      assertThat(device.latest()).filteredOn(a -> a.attribute().equals("hostname"))
          .extracting(a -> a.source() + "=" + a.value()).containsExactly("passive=hmi-2", "rdns=hmi-1.plant");
      assertThat(device.latest("hostname", "rdns").orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(31));
      assertThat(device.latest("hostname").orElseThrow().source()).isEqualTo("rdns");
      DeviceHistory h = inv.device("10.0.0.1").orElseThrow();
      assertThat(h.device().latest()).extracting(a -> a.attribute() + "/" + a.source())
          .containsExactly("hostname/passive", "hostname/rdns", "mac/passive");
      assertThat(h.changes()).filteredOn(c -> c.attribute().equals("hostname"))
          .extracting(c -> c.source() + ":" + c.oldValue() + "->" + c.newValue())
          .containsExactly("passive:null->hmi-1", "rdns:null->hmi-1.plant", "passive:hmi-1->hmi-2");
    }
  }

  /**
   * A database written before provenance (one latest value per attribute whatever its source) gets,
   * from V7 on, the newest value of each source marked latest.
   */
  static void valuesStoredBeforeProvenanceGetOneLatestPerSource(String url) throws Exception {
    try (java.sql.Connection c = atVersion(url, "2");
        java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO device (id, address, first_seen, last_seen) VALUES"
          + " (1, '10.0.0.1', TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00', TIMESTAMP WITH TIME ZONE '2026-11-01 10:02:00+00')");
      String ins = "INSERT INTO observation (device_id, attribute, val, source, detail, since, last_seen, is_latest)"
          + " VALUES (1, 'hostname', '%s', '%s', '', TIMESTAMP WITH TIME ZONE '2026-11-01 10:0%d:00+00',"
          + " TIMESTAMP WITH TIME ZONE '2026-11-01 10:0%d:00+00', %s)";
      // passive said plc-old then plc-a; rdns then replaced it as the one latest value
      st.executeUpdate(String.format(ins, "plc-old", "passive", 0, 0, "FALSE"));
      st.executeUpdate(String.format(ins, "plc-a", "passive", 1, 1, "FALSE"));
      st.executeUpdate(String.format(ins, "plc-b", "rdns", 2, 2, "TRUE"));
    }
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      var device = inv.device("10.0.0.1").orElseThrow().device();
      assertThat(device.latest()).extracting(a -> a.source() + "=" + a.value())
          .containsExactly("passive=plc-a", "rdns=plc-b");
      assertThat(inv.record(List.of(from("passive", "10.0.0.1", "hostname", "plc-a", T0.plusSeconds(600))))).isEmpty();
      assertThat(inv.record(List.of(from("rdns", "10.0.0.1", "hostname", "plc-c", T0.plusSeconds(601)))))
          .extracting(c -> c.oldValue() + "->" + c.newValue()).containsExactly("plc-b->plc-c");
      assertThat(inv.device("10.0.0.1").orElseThrow().device().latest()).extracting(a -> a.source() + "=" + a.value())
          .containsExactly("passive=plc-a", "rdns=plc-c");
      // From V10 the latest values live in the device's row; the history kept every value stored before.
      assertThat(inv.device("10.0.0.1").orElseThrow().history()).extracting(a -> a.source() + "=" + a.value())
          .containsExactly("passive=plc-old", "passive=plc-a", "rdns=plc-b", "rdns=plc-c");
    }
  }

  /**
   * Two writers recording different attributes of the same devices at once (a scan and a passive
   * import in one service) both keep every value: a device's row is locked while a batch reads and
   * rewrites it.
   */
  static void concurrentWritersOfTheSameDevicesLoseNothing(String url) throws Exception {
    try (Database db = Database.open(url)) {
      int devices = 300;
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < devices; i++) addresses.add("10.2." + (i / 256) + "." + (i % 256));
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (String source : new String[] {"rdns", "passive"}) {
          JdbcInventory inv = new JdbcInventory(db); // each writer its own, as the sink and an import have
          List<String> order = new ArrayList<>(addresses);
          if (source.equals("passive")) java.util.Collections.reverse(order); // the other way round
          done.add(pool.submit(() -> {
            start.await();
            for (int round = 0; round < 5; round++) {
              for (int from = 0; from < order.size(); from += 50) {
                List<Observation> batch = new ArrayList<>();
                for (String a : order.subList(from, from + 50)) {
                  batch.add(from(source, a, source + "-name", a + "-" + round, T0.plusSeconds(round)));
                }
                inv.record(batch);
              }
            }
            return null;
          }));
        }
        for (var f : done) f.get(2, java.util.concurrent.TimeUnit.MINUTES);
      } finally {
        pool.shutdownNow();
      }
      JdbcInventory inv = new JdbcInventory(db);
      assertThat(inv.devices()).hasSize(devices).allSatisfy(d -> assertThat(d.latest())
          .extracting(a -> a.attribute() + "=" + a.value())
          .containsExactly("passive-name=" + d.address() + "-4", "rdns-name=" + d.address() + "-4"));
      assertThat(inv.device(addresses.get(7)).orElseThrow().changes()).hasSize(10);
    }
  }

  /** A value longer than a history row held before V10 (a host's software list) is kept, and kept when replaced. */
  static void longValuesAreKeptAsLatestAndInHistory(String url) {
    String software = "[" + "{\"name\":\"Package\",\"version\":\"1.0\"},".repeat(4_000) + "]";
    assertThat(software.length()).isGreaterThan(100_000);
    try (Database db = Database.open(url)) {
      JdbcInventory inv = new JdbcInventory(db);
      inv.record(List.of(from("wem", "10.3.0.1", "software", software, T0)));
      inv.record(List.of(from("wem", "10.3.0.1", "software", "[]", T0.plusSeconds(60))));
    }
    try (Database db = Database.open(url)) {
      DeviceHistory h = new JdbcInventory(db).device("10.3.0.1").orElseThrow();
      assertThat(h.history()).extracting(AttributeValue::value).containsExactly(software, "[]");
      assertThat(h.device().latest("software").orElseThrow().value()).isEqualTo("[]");
    }
  }

  /**
   * Only-gaps is stored with the method's row: set on its own, kept by every later save of the row
   * (enable, schedule, settings written from an earlier read), written with a new row.
   */
  static void onlyGapsIsKeptWithTheMethodRow(String url) {
    java.time.Instant t = java.time.Instant.parse("2026-12-01T00:00:00Z");
    try (Database db = Database.open(url)) {
      new JdbcSites(db).add(new Site("cell", Site.zone("UTC"), AddressSet.of("198.51.100.0/28")), t);
      JdbcSupervision s = new JdbcSupervision(db);
      s.saveMethod(new JdbcSupervision.MethodSetting("cell", "rdns", false, "{}", null, null));
      assertThat(s.method("cell", "rdns").orElseThrow().onlyGaps()).isFalse();
      assertThat(s.setOnlyGaps("cell", "rdns", true)).isTrue();
      assertThat(s.setOnlyGaps("cell", "nosuch", true)).isFalse();
      // A save built from a read before the change, or without the flag, leaves it as it is.
      s.saveMethod(new JdbcSupervision.MethodSetting("cell", "rdns", true, "{\"labels\":[\"2\"]}", "every 6h", t));
      s.saveMethod(new JdbcSupervision.MethodSetting("cell", "echo", true, "{}", null, null, true));
    }
    try (Database db = Database.open(url)) {
      JdbcSupervision s = new JdbcSupervision(db);
      JdbcSupervision.MethodSetting rdns = s.method("cell", "rdns").orElseThrow();
      assertThat(rdns.onlyGaps()).isTrue();
      assertThat(rdns.enabled()).isTrue();
      assertThat(rdns.schedule()).isEqualTo("every 6h");
      assertThat(s.method("cell", "echo").orElseThrow().onlyGaps()).isTrue();
      assertThat(s.setOnlyGaps("cell", "rdns", false)).isTrue();
      assertThat(s.method("cell", "rdns").orElseThrow().onlyGaps()).isFalse();
    }
  }

  static void sitesRoundTrip(String url) {
    Site one = Site.of("Plant 1", Site.zone("Europe/Berlin"), List.of("10.0.0.0/24", "10.0.1.5-10.0.1.9", "fd00::/120"),
        List.of("10.0.0.128/25", "fd00::7", "192.0.2.1"));
    AddressSet ranges = one.ranges();
    try (Database db = Database.open(url)) {
      java.time.Instant t = java.time.Instant.parse("2026-12-01T00:00:00Z");
      assertThat(new JdbcSites(db).add(one, t)).isTrue();
      assertThat(new JdbcSites(db).add(new Site("Plant 2", Site.zone("America/Chicago"), AddressSet.of("192.168.10.0/24")), t))
          .isTrue();
      // A second add of a name changes nothing; an update replaces zone and ranges.
      assertThat(new JdbcSites(db).add(new Site("Plant 2", Site.zone("UTC"), AddressSet.of("10.9.9.0/24")), t)).isFalse();
      assertThat(new JdbcSites(db).update(new Site("Plant 2", Site.zone("UTC"), AddressSet.of("192.168.11.0/24")))).isTrue();
      assertThat(new JdbcSites(db).update(new Site("Plant 3", Site.zone("UTC"), AddressSet.of("192.168.12.0/24")))).isFalse();
    }
    try (Database db = Database.open(url)) {
      List<Site> sites = new JdbcSites(db).list();
      assertThat(sites).extracting(Site::name).containsExactly("Plant 1", "Plant 2");
      assertThat(sites.get(0).zone().getId()).isEqualTo("Europe/Berlin");
      assertThat(sites.get(0).ranges()).isEqualTo(ranges);
      assertThat(sites.get(0).ranges().contains(Addresses.parse("10.0.0.200"))).isFalse();
      assertThat(sites.get(0).ranges().contains(Addresses.parse("fd00::8"))).isTrue();
      // What was taken out of the included ranges is kept (what lay outside them is not the site's).
      assertThat(sites.get(0).excluded().toString()).isEqualTo("10.0.0.128-10.0.0.255,fd00::7");
      Site two = new JdbcSites(db).find("Plant 2").orElseThrow();
      assertThat(two.zone().getId()).isEqualTo("UTC");
      assertThat(two.ranges().toString()).isEqualTo("192.168.11.0-192.168.11.255");
      assertThat(two.excluded().isEmpty()).isTrue();
      assertThat(new JdbcSites(db).update(Site.of("Plant 2", Site.zone("UTC"), List.of("192.168.11.0/24"),
          List.of("192.168.11.7")))).isTrue();
      assertThat(new JdbcSites(db).find("Plant 2").orElseThrow().excluded().toString()).isEqualTo("192.168.11.7");
      // Ranges in too many pieces for their column are refused by name, and the site stays as it was.
      List<String> every = new java.util.ArrayList<>();
      for (int i = 0; i < 1600; i += 2) every.add("10.3." + (i / 256) + "." + (i % 256));
      Site scattered = Site.of("Plant 2", Site.zone("UTC"), every, List.of());
      assertThatThrownBy(() -> new JdbcSites(db).update(scattered)).isInstanceOf(org.otactive.common.BadInputException.class)
          .hasMessageStartingWith("site Plant 2: its ranges are too many pieces to store (").hasMessageContaining("at most 8000");
      assertThat(new JdbcSites(db).find("Plant 2").orElseThrow().ranges().toString())
          .isEqualTo("192.168.11.0-192.168.11.6,192.168.11.8-192.168.11.255");
    }
  }

  /** A site stored before exclusions were kept reads back with none, its ranges as they were. */
  static void sitesOfAnOlderVersionHaveNoExclusions(String url) throws Exception {
    try (java.sql.Connection c = atVersion(url, "12"); java.sql.Statement st = c.createStatement()) {
      st.executeUpdate("INSERT INTO site (name, zone, ranges, created_at) VALUES ('old', 'UTC', '10.1.0.0-10.1.0.4,10.1.0.6-10.1.0.255',"
          + " TIMESTAMP WITH TIME ZONE '2026-11-01 00:00:00+00')");
    }
    try (Database db = Database.open(url)) {
      Site old = new JdbcSites(db).find("old").orElseThrow();
      assertThat(old.ranges().toString()).isEqualTo("10.1.0.0-10.1.0.4,10.1.0.6-10.1.0.255");
      assertThat(old.excluded().isEmpty()).isTrue();
    }
  }

  /**
   * The database at {@code url} as version {@code target} of the schema leaves it (no later
   * migration), and a plain connection to it: what an older otactive wrote, to write into by hand.
   */
  static java.sql.Connection atVersion(String url, String target) throws java.sql.SQLException {
    String user = url.startsWith("jdbc:h2:") ? "sa" : null;
    org.flywaydb.core.Flyway.configure().dataSource(url, user, null)
        .locations("classpath:db/migration", "classpath:org/otactive/store/migration").target(target).load().migrate();
    return java.sql.DriverManager.getConnection(url, user, null);
  }

  static void runLogRoundTrip(String url) throws Exception {
    try (Database db = Database.open(url)) {
      JdbcRunLog log = new JdbcRunLog(db);
      long id = log.begin("rdns", "targets=10.0.0.0/30", 4, T0);
      List<TargetResult> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        InetAddress a = Addresses.parse("10.0.0." + i);
        Outcome o = i == 2 ? new Outcome.NoAnswer("no answer from 127.0.0.1:53 after 3 tries")
            : new Outcome.Ok(List.of(new Fact("fqdn", "d" + i + ".example", "")), "PTR from 127.0.0.1:53");
        results.add(new TargetResult(a, o, T0.plusSeconds(i)));
      }
      log.results(id, results);
      log.end(new RunReport(id, "rdns", RunState.STOPPED, "owner pressed stop", T0, T0.plusSeconds(5), 4, 3,
          Map.of("ok", 2L, "no-answer", 1L), 5, 2.5, 0));
      JdbcRunLog.StoredRun run = log.run(id).orElseThrow();
      assertThat(run.state()).isEqualTo("stopped");
      assertThat(run.stopReason()).isEqualTo("owner pressed stop");
      assertThat(run.done()).isEqualTo(3);
      assertThat(run.packets()).isEqualTo(5);
      assertThat(run.ended()).isEqualTo(T0.plusSeconds(5));
      assertThat(log.results(id)).extracting(r -> r.address() + " " + r.outcome())
          .containsExactlyInAnyOrder("10.0.0.0 ok", "10.0.0.1 ok", "10.0.0.2 no-answer");
    }
  }

  /**
   * Results are stored a batch to a block: what goes in comes out (addresses of both families,
   * outcomes, details, times to the microsecond), the done count is the sum of the blocks (each
   * block counts itself in as it is written), and a resumed run learns which addresses are done.
   */
  static void resultsInBlocks(String url) throws Exception {
    try (Database db = Database.open(url)) {
      JdbcRunLog log = new JdbcRunLog(db);
      long id = log.begin("rdns", "targets=10.9.0.0/19,fd00::/126", 8196, T0);
      List<TargetResult> all = new ArrayList<>();
      for (int i = 0; i < 8192; i++) {
        InetAddress a = InetAddress.getByAddress(new byte[] {10, 9, (byte) (i >> 8), (byte) i});
        Outcome o = i % 3 == 0 ? new Outcome.NoAnswer("no answer from 127.0.0.1:53 after 3 tries")
            : new Outcome.Ok(List.of(new Fact("fqdn", "d" + i + ".example", "")), i % 3 == 1 ? "PTR from 127.0.0.1:53" : "d" + i);
        all.add(new TargetResult(a, o, T0.plusNanos(i * 1_234_567L)));
      }
      for (int i = 0; i < 4; i++) all.add(new TargetResult(Addresses.parse("fd00::" + i), new Outcome.Refused("x".repeat(5000)), T0));
      for (int from = 0; from < all.size(); from += 3000) {
        log.results(id, all.subList(from, Math.min(all.size(), from + 3000)));
        assertThat(log.run(id).orElseThrow().done()).as("counted as written").isEqualTo(Math.min(all.size(), from + 3000));
      }
      log.heartbeat(id, 8196, T0.plusSeconds(9));
      assertThat(log.run(id).orElseThrow().done()).isEqualTo(8196);
      assertThat(log.run(id).orElseThrow().packets()).isEqualTo(8196);
      List<JdbcRunLog.StoredResult> stored = log.results(id);
      assertThat(stored).hasSize(8196);
      for (int i = 0; i < all.size(); i++) {
        TargetResult r = all.get(i);
        JdbcRunLog.StoredResult s = stored.get(i);
        assertThat(s.address()).isEqualTo(Addresses.canonical(r.address()));
        assertThat(s.outcome()).isEqualTo(r.outcome().kind());
        assertThat(s.detail()).isEqualTo(r.outcome().detail().length() > 4000 ? "x".repeat(4000) : r.outcome().detail());
        assertThat(s.at()).isEqualTo(r.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
      }
      var done = log.doneAddresses(id);
      assertThat(done.size()).isEqualTo(8196);
      assertThat(done.contains(Addresses.parse("10.9.31.255"))).isTrue();
      assertThat(done.contains(Addresses.parse("10.9.32.0"))).isFalse();
      assertThat(done.contains(Addresses.parse("fd00::3"))).isTrue();
      assertThat(log.recordedAddresses(id)).hasSize(8196).contains("10.9.0.0", "fd00::3");
      // 0, 3, …, 8190 got no answer: 2731 of the 8192; the four IPv6 targets were refused.
      assertThat(log.outcomeCounts(id)).containsExactlyInAnyOrderEntriesOf(
          java.util.Map.of("no-answer", 2731L, "ok", 5461L, "refused", 4L));
    }
  }

  /**
   * Two writers of one run's results (two processes on a shared database) take turns, and one
   * block is written in a transaction that rolls back: every committed block is kept, in the order
   * written, and none is lost to a block number taken twice.
   */
  static void resultBlocksOfTwoWriters(String url) throws Exception {
    try (Database db = Database.open(url)) {
      JdbcRunLog one = new JdbcRunLog(db);
      JdbcRunLog two = new JdbcRunLog(db);
      long id = one.begin("rdns", "targets=10.8.0.0/24", 256, T0);
      List<String> expected = new ArrayList<>();
      for (int block = 0; block < 8; block++) {
        List<TargetResult> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          InetAddress a = InetAddress.getByAddress(new byte[] {10, 8, 0, (byte) (block * 3 + i)});
          results.add(new TargetResult(a, new Outcome.NoAnswer("none"), T0.plusSeconds(block)));
        }
        JdbcRunLog writer = block == 2 || block == 6 ? two : one;
        if (block == 4) {
          // Written inside a caller's transaction that then fails: gone, and the next block still finds its place.
          assertThatThrownBy(() -> db.transaction(c -> {
            writer.results(id, results);
            throw new IllegalStateException("the caller's transaction fails");
          })).hasMessageContaining("caller's transaction fails");
          continue;
        }
        writer.results(id, results);
        results.forEach(r -> expected.add(Addresses.canonical(r.address())));
      }
      assertThat(one.results(id)).extracting(JdbcRunLog.StoredResult::address).containsExactlyElementsOf(expected);
      assertThat(two.results(id)).extracting(JdbcRunLog.StoredResult::address).containsExactlyElementsOf(expected);
      // Both writers counted their blocks in; the one rolled back is not counted.
      assertThat(one.run(id).orElseThrow().done()).isEqualTo(expected.size());
    }
  }

  /**
   * A run that was not over when the database was written by a version that summed the blocks at
   * each heartbeat takes the sum once (V12); a finished run keeps the count it ended with.
   */
  static void doneOfUnfinishedRunsIsTheirBlocksSum(String url) throws Exception {
    try (java.sql.Connection c = atVersion(url, "11");
        java.sql.Statement st = c.createStatement()) {
      // Run 8 was running: its last heartbeat counted 2,000 of the 2,500 results its blocks hold.
      st.execute("INSERT INTO run (id, method, parameters, state, targets, done, packets, started_at)"
          + " VALUES (8, 'rdns', 'targets=10.0.0.0/20', 'running', 4096, 2000, 2500, TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00')");
      // Run 9 ended with 3 results counted (its report's count) and one block of 2 results.
      st.execute("INSERT INTO run (id, method, parameters, state, targets, done, packets, started_at, ended_at)"
          + " VALUES (9, 'rdns', 'targets=10.0.1.0/30', 'completed', 4, 3, 3, TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00',"
          + " TIMESTAMP WITH TIME ZONE '2026-11-01 10:01:00+00')");
      try (java.sql.PreparedStatement ps = c.prepareStatement(
          "INSERT INTO run_result_block (run_id, seq, results, data) VALUES (?, ?, ?, ?)")) {
        long[][] blocks = {{8, 0, 2000}, {8, 1, 500}, {9, 0, 2}};
        for (long[] b : blocks) {
          ps.setLong(1, b[0]);
          ps.setInt(2, (int) b[1]);
          ps.setInt(3, (int) b[2]);
          ps.setBytes(4, new byte[] {1});
          ps.executeUpdate();
        }
      }
    }
    try (Database db = Database.open(url)) {
      JdbcRunLog log = new JdbcRunLog(db);
      assertThat(log.run(8).orElseThrow().done()).isEqualTo(2500);
      assertThat(log.run(9).orElseThrow().done()).isEqualTo(3);
      log.heartbeat(8, 2600, T0);
      assertThat(log.run(8).orElseThrow().done()).isEqualTo(2500);
      assertThat(log.run(8).orElseThrow().packets()).isEqualTo(2600);
    }
  }

  /** A database written before results were stored in blocks keeps them: V5 moves the rows. */
  static void resultRowsOfOlderVersionsMoveIntoBlocks(String url) throws Exception {
    try (java.sql.Connection c = atVersion(url, "4");
        java.sql.Statement st = c.createStatement()) {
      st.execute("INSERT INTO run (id, method, parameters, state, targets, done, packets, started_at)"
          + " VALUES (7, 'rdns', 'targets=10.0.0.0/30', 'completed', 4, 3, 3, TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:00+00')");
      for (int i = 0; i < 3; i++) {
        st.execute("INSERT INTO run_result (run_id, address, outcome, detail, at) VALUES (7, '10.0.0." + i + "', '"
            + (i == 2 ? "no-answer" : "ok") + "', 'detail " + i + "', TIMESTAMP WITH TIME ZONE '2026-11-01 10:00:0" + i + "+00')");
      }
    }
    try (Database db = Database.open(url)) {
      JdbcRunLog log = new JdbcRunLog(db);
      assertThat(log.results(7)).extracting(r -> r.address() + " " + r.outcome() + " " + r.detail() + " " + r.at())
          .containsExactly("10.0.0.0 ok detail 0 2026-11-01T10:00:00Z", "10.0.0.1 ok detail 1 2026-11-01T10:00:01Z",
              "10.0.0.2 no-answer detail 2 2026-11-01T10:00:02Z");
      assertThat(log.recordedAddresses(7)).containsExactlyInAnyOrder("10.0.0.0", "10.0.0.1", "10.0.0.2");
    }
  }
}

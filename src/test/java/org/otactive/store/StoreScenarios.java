package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.otactive.inventory.Change;
import org.otactive.inventory.DeviceHistory;
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
    org.flywaydb.core.Flyway.configure().dataSource(url, url.startsWith("jdbc:h2:") ? "sa" : null, null)
        .locations("classpath:db/migration").target("2").load().migrate();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, url.startsWith("jdbc:h2:") ? "sa" : null, null);
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
    AddressSet ranges = AddressSet.of(List.of("10.0.0.0/24", "10.0.1.5-10.0.1.9", "fd00::/120"),
        List.of("10.0.0.128/25", "fd00::7"));
    try (Database db = Database.open(url)) {
      java.time.Instant t = java.time.Instant.parse("2026-12-01T00:00:00Z");
      assertThat(new JdbcSites(db).add(new Site("Plant 1", Site.zone("Europe/Berlin"), ranges), t)).isTrue();
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
      Site two = new JdbcSites(db).find("Plant 2").orElseThrow();
      assertThat(two.zone().getId()).isEqualTo("UTC");
      assertThat(two.ranges().toString()).isEqualTo("192.168.11.0-192.168.11.255");
    }
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
}

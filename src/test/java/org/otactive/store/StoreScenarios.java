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

  /**
   * Results are stored a batch to a block: what goes in comes out (addresses of both families,
   * outcomes, details, times to the microsecond), the done count is the sum of the blocks, and a
   * resumed run learns which addresses are done.
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
      for (int from = 0; from < all.size(); from += 3000) log.results(id, all.subList(from, Math.min(all.size(), from + 3000)));
      log.heartbeat(id, 8196, T0.plusSeconds(9));
      assertThat(log.run(id).orElseThrow().done()).isEqualTo(8196);
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
    }
  }

  /** A database written before results were stored in blocks keeps them: V5 moves the rows. */
  static void resultRowsOfOlderVersionsMoveIntoBlocks(String url) throws Exception {
    String user = url.startsWith("jdbc:h2:") ? "sa" : null;
    org.flywaydb.core.Flyway.configure().dataSource(url, user, user == null ? null : "")
        .locations("classpath:db/migration", "classpath:org/otactive/store/migration").target("4").load().migrate();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, user, user == null ? null : "");
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

package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.inventory.Change;
import org.otactive.inventory.DeviceHistory;
import org.otactive.inventory.Observation;

class JdbcInventoryTest {
  @TempDir Path dir;
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("db");
  }

  private static Observation obs(String address, String attribute, String value, Instant at) {
    return new Observation(address, attribute, value, "rdns", "PTR from 127.0.0.1:53", at);
  }

  @Test
  void keepsHistoryReportsChangesAndSurvivesReopening() {
    try (Database db = Database.open(url())) {
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
    try (Database db = Database.open(url())) {
      JdbcInventory inv = new JdbcInventory(db);
      assertThat(inv.devices()).extracting(d -> d.address()).containsExactly("10.0.0.1", "10.0.0.2");
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

  @Test
  void aBatchWithManyDevicesAndRepeatsIsConsistent() {
    try (Database db = Database.open(url())) {
      JdbcInventory inv = new JdbcInventory(db);
      List<Observation> batch = new java.util.ArrayList<>();
      for (int i = 0; i < 1200; i++) batch.add(obs("10.1." + (i / 256) + "." + (i % 256), "hostname", "h" + i, T0));
      batch.add(obs("10.1.0.0", "hostname", "h0-renamed", T0.plusSeconds(1)));
      List<Change> changes = inv.record(batch);
      assertThat(changes).hasSize(1201);
      assertThat(inv.devices()).hasSize(1200);
      assertThat(inv.device("10.1.0.0").orElseThrow().device().latest("hostname").orElseThrow().value())
          .isEqualTo("h0-renamed");
    }
  }

  @Test
  void aBadUrlIsAClearError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.open("postgres://x"))
        .isInstanceOf(org.otactive.scope.BadInputException.class).hasMessageContaining("postgres://x");
  }
}

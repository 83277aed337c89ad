package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;

class JdbcSitesTest {
  @TempDir Path dir;

  @Test
  void sitesWithEveryRangeFormRoundTripThroughTheStore() {
    String url = "jdbc:h2:file:" + dir.resolve("db");
    AddressSet ranges = AddressSet.of(List.of("10.0.0.0/24", "10.0.1.5-10.0.1.9", "fd00::/120"),
        List.of("10.0.0.128/25", "fd00::7"));
    try (Database db = Database.open(url)) {
      new JdbcSites(db).save(new Site("Plant 1", Site.zone("Europe/Berlin"), ranges));
      new JdbcSites(db).save(new Site("Plant 2", Site.zone("America/Chicago"), AddressSet.of("192.168.10.0/24")));
      new JdbcSites(db).save(new Site("Plant 2", Site.zone("UTC"), AddressSet.of("192.168.11.0/24")));
    }
    try (Database db = Database.open(url)) {
      List<Site> sites = new JdbcSites(db).list();
      assertThat(sites).extracting(Site::name).containsExactly("Plant 1", "Plant 2");
      Site one = sites.get(0);
      assertThat(one.zone().getId()).isEqualTo("Europe/Berlin");
      assertThat(one.ranges()).isEqualTo(ranges);
      assertThat(one.ranges().size()).isEqualTo(ranges.size());
      assertThat(one.ranges().contains(Addresses.parse("10.0.0.200"))).isFalse();
      assertThat(one.ranges().contains(Addresses.parse("10.0.1.7"))).isTrue();
      assertThat(one.ranges().contains(Addresses.parse("fd00::7"))).isFalse();
      Site two = new JdbcSites(db).find("Plant 2").orElseThrow();
      assertThat(two.zone().getId()).isEqualTo("UTC");
      assertThat(two.ranges().toString()).isEqualTo("192.168.11.0-192.168.11.255");
    }
  }
}

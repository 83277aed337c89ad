package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;

/** Sites in the database; ranges are kept as the specs {@link AddressSet} reads back. */
public final class JdbcSites {
  private final Database db;

  public JdbcSites(Database db) {
    this.db = db;
  }

  /** Adds the site, or replaces the zone and ranges of the site of that name. */
  public void save(Site site) {
    Jdbc.inTransaction(db, c -> {
      String ranges = site.ranges().toString();
      try (PreparedStatement upd = c.prepareStatement("UPDATE site SET zone = ?, ranges = ? WHERE name = ?")) {
        upd.setString(1, site.zone().getId());
        upd.setString(2, ranges);
        upd.setString(3, site.name());
        if (upd.executeUpdate() == 1) return null;
      }
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO site (name, zone, ranges, created_at) VALUES (?, ?, ?, ?)")) {
        ins.setString(1, site.name());
        ins.setString(2, site.zone().getId());
        ins.setString(3, ranges);
        ins.setTimestamp(4, Jdbc.ts(Instant.now()));
        ins.executeUpdate();
      }
      return null;
    });
  }

  public Optional<Site> find(String name) {
    return list().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public List<Site> list() {
    return Jdbc.inTransaction(db, c -> {
      List<Site> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, zone, ranges FROM site ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String ranges = rs.getString(3);
          AddressSet set = ranges.isEmpty()
              ? AddressSet.empty()
              : AddressSet.of(Arrays.asList(ranges.split(",")), List.of());
          out.add(new Site(rs.getString(1), Site.zone(rs.getString(2)), set));
        }
      }
      return out;
    });
  }
}

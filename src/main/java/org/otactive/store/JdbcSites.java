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

  /** Adds a site; returns false (and changes nothing) when one of that name exists. */
  public boolean add(Site site, Instant at) {
    return Jdbc.inTransaction(db, c -> {
      if (find(c, site.name()).isPresent()) return false;
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO site (name, zone, ranges, created_at) VALUES (?, ?, ?, ?)")) {
        ins.setString(1, site.name());
        ins.setString(2, site.zone().getId());
        ins.setString(3, site.ranges().toString());
        ins.setTimestamp(4, Jdbc.ts(at));
        ins.executeUpdate();
      }
      return true;
    });
  }

  /** Replaces the zone and ranges of an existing site; returns whether it exists. */
  public boolean update(Site site) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement upd = c.prepareStatement("UPDATE site SET zone = ?, ranges = ? WHERE name = ?")) {
        upd.setString(1, site.zone().getId());
        upd.setString(2, site.ranges().toString());
        upd.setString(3, site.name());
        return upd.executeUpdate() == 1;
      }
    });
  }

  public Optional<Site> find(String name) {
    return Jdbc.inTransaction(db, c -> find(c, name));
  }

  private static Optional<Site> find(java.sql.Connection c, String name) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name, zone, ranges FROM site WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static Site read(ResultSet rs) throws java.sql.SQLException {
    String ranges = rs.getString(3);
    AddressSet set = ranges.isEmpty() ? AddressSet.empty() : AddressSet.of(Arrays.asList(ranges.split(",")), List.of());
    return new Site(rs.getString(1), Site.zone(rs.getString(2)), set);
  }

  public List<Site> list() {
    return Jdbc.inTransaction(db, c -> {
      List<Site> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, zone, ranges FROM site ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(read(rs));
      }
      return out;
    });
  }
}

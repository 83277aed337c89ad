package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.otactive.common.BadInputException;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;

/**
 * Sites in the database; ranges and exclusions are kept as the specs {@link AddressSet} reads back.
 */
public final class JdbcSites {
  /** The width of the ranges and exclusions columns. */
  static final int MAX_SPECS = 8000;
  private final Database db;

  public JdbcSites(Database db) {
    this.db = db;
  }

  /** Adds a site; returns false (and changes nothing) when one of that name exists. */
  public boolean add(Site site, Instant at) {
    return Jdbc.inTransaction(db, c -> {
      if (find(c, site.name()).isPresent()) return false;
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO site (name, zone, ranges, excluded, created_at) VALUES (?, ?, ?, ?, ?)")) {
        ins.setString(1, site.name());
        ins.setString(2, site.zone().getId());
        ins.setString(3, stored(site, "ranges", site.ranges()));
        ins.setString(4, stored(site, "exclusions", site.excluded()));
        ins.setTimestamp(5, Jdbc.ts(at));
        ins.executeUpdate();
      }
      return true;
    });
  }

  /** Replaces the zone and ranges of an existing site; returns whether it exists. */
  public boolean update(Site site) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement upd = c.prepareStatement(
          "UPDATE site SET zone = ?, ranges = ?, excluded = ? WHERE name = ?")) {
        upd.setString(1, site.zone().getId());
        upd.setString(2, stored(site, "ranges", site.ranges()));
        upd.setString(3, stored(site, "exclusions", site.excluded()));
        upd.setString(4, site.name());
        return upd.executeUpdate() == 1;
      }
    });
  }

  public Optional<Site> find(String name) {
    return Jdbc.inTransaction(db, c -> find(c, name));
  }

  private static Optional<Site> find(java.sql.Connection c, String name) throws java.sql.SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT name, zone, ranges, excluded FROM site WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static Site read(ResultSet rs) throws java.sql.SQLException {
    return new Site(rs.getString(1), Site.zone(rs.getString(2)), set(rs.getString(3)), set(rs.getString(4)));
  }

  private static AddressSet set(String specs) {
    return specs.isEmpty() ? AddressSet.empty() : AddressSet.of(Arrays.asList(specs.split(",")), List.of());
  }

  /** The set as stored, refused before the database would cut it or fail on it. */
  private static String stored(Site site, String what, AddressSet set) {
    String s = set.toString();
    if (s.length() > MAX_SPECS) {
      throw new BadInputException("site " + site.name() + ": its " + what + " are too many pieces to store (" + s.length()
          + " characters as ranges, at most " + MAX_SPECS + "); join them into fewer ranges");
    }
    return s;
  }

  public List<Site> list() {
    return Jdbc.inTransaction(db, c -> {
      List<Site> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, zone, ranges, excluded FROM site ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(read(rs));
      }
      return out;
    });
  }
}

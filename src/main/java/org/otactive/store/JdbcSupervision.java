package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.schedule.OneOffWindow;
import org.otactive.schedule.RecurringWindow;
import org.otactive.schedule.WindowDefinition;

/**
 * What supervises active monitoring: users and site owners, the global switches, a site's stop,
 * maintenance windows, and per site and method the enabled toggle, settings and schedule.
 */
public final class JdbcSupervision {
  /** The switch that must be on before anything is sent. */
  public static final String ACTIVE_MONITORING = "active-monitoring";

  private final Database db;

  public JdbcSupervision(Database db) {
    this.db = db;
  }

  /** A site's stop, if it is stopped. */
  public record SiteStop(String site, String reason, String by, Instant at) {}

  /** A maintenance window as stored; {@code source} says where it came from (cli, or the .ics file). */
  public record StoredWindow(long id, String site, WindowDefinition definition, String source) {}

  /**
   * A method's toggle, settings and schedule on one site, and whether its supervised runs ask only
   * the addresses of the minimal plan ({@code onlyGaps}, a run-level setting of every method alike).
   */
  public record MethodSetting(String site, String method, boolean enabled, String settings, String schedule,
      Instant scheduleAnchor, boolean onlyGaps) {
    /** A row without only-gaps (a new one; {@link #saveMethod} never changes it on an existing row). */
    public MethodSetting(String site, String method, boolean enabled, String settings, String schedule, Instant scheduleAnchor) {
      this(site, method, enabled, settings, schedule, scheduleAnchor, false);
    }
  }

  // ---- users

  public List<User> users() {
    return Jdbc.inTransaction(db, c -> {
      List<User> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, role FROM app_user ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(new User(rs.getString(1), Role.parse(rs.getString(2))));
      }
      return out;
    });
  }

  public Optional<User> user(String name) {
    return users().stream().filter(u -> u.name().equals(name)).findFirst();
  }

  /** Adds a user or changes their role. */
  public void saveUser(User user, Instant at) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement upd = c.prepareStatement("UPDATE app_user SET role = ? WHERE name = ?")) {
        upd.setString(1, user.role().word());
        upd.setString(2, user.name());
        if (upd.executeUpdate() == 1) return null;
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO app_user (name, role, created_at) VALUES (?, ?, ?)")) {
        ins.setString(1, user.name());
        ins.setString(2, user.role().word());
        ins.setTimestamp(3, Jdbc.ts(at));
        ins.executeUpdate();
      }
      return null;
    });
  }

  public List<String> owners(String site) {
    return Jdbc.inTransaction(db, c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT user_name FROM site_owner WHERE site = ? ORDER BY user_name")) {
        ps.setString(1, site);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  public void addOwner(String site, String user) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM site_owner WHERE site = ? AND user_name = ?")) {
        ps.setString(1, site);
        ps.setString(2, user);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) return null;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO site_owner (site, user_name) VALUES (?, ?)")) {
        ps.setString(1, site);
        ps.setString(2, user);
        ps.executeUpdate();
      }
      return null;
    });
  }

  // ---- switches

  public boolean switchOn(String name) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT is_on FROM switch WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getBoolean(1);
        }
      }
    });
  }

  public void setSwitch(String name, boolean on, String by, Instant at) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement upd = c.prepareStatement("UPDATE switch SET is_on = ?, changed_by = ?, changed_at = ? WHERE name = ?")) {
        upd.setBoolean(1, on);
        upd.setString(2, by);
        upd.setTimestamp(3, Jdbc.ts(at));
        upd.setString(4, name);
        if (upd.executeUpdate() == 1) return null;
      }
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO switch (name, is_on, changed_by, changed_at) VALUES (?, ?, ?, ?)")) {
        ins.setString(1, name);
        ins.setBoolean(2, on);
        ins.setString(3, by);
        ins.setTimestamp(4, Jdbc.ts(at));
        ins.executeUpdate();
      }
      return null;
    });
  }

  // ---- site stop

  public Optional<SiteStop> siteStop(String site) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT stop_reason, stopped_by, stopped_at FROM site WHERE name = ? AND stop_reason IS NOT NULL")) {
        ps.setString(1, site);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<SiteStop>empty();
          return Optional.of(new SiteStop(site, rs.getString(1), rs.getString(2), Jdbc.instant(rs.getTimestamp(3))));
        }
      }
    });
  }

  /** Marks the site stopped (kept if already stopped: the first reason stays). */
  public void stopSite(String site, String reason, String by, Instant at) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE site SET stop_reason = ?, stopped_by = ?, stopped_at = ? WHERE name = ? AND stop_reason IS NULL")) {
        ps.setString(1, reason);
        ps.setString(2, by);
        ps.setTimestamp(3, Jdbc.ts(at));
        ps.setString(4, site);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Clears a site's stop; returns whether it was stopped. */
  public boolean rearmSite(String site) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE site SET stop_reason = NULL, stopped_by = NULL, stopped_at = NULL WHERE name = ? AND stop_reason IS NOT NULL")) {
        ps.setString(1, site);
        return ps.executeUpdate() == 1;
      }
    });
  }

  // ---- windows

  public List<StoredWindow> windows(String site) {
    return Jdbc.inTransaction(db, c -> {
      List<StoredWindow> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, site, cron, duration_s, starts_at, ends_at, source FROM maintenance_window"
              + (site == null ? "" : " WHERE site = ?") + " ORDER BY site, id")) {
        if (site != null) ps.setString(1, site);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String cron = rs.getString(3);
            WindowDefinition d = cron != null
                ? new RecurringWindow(cron, Duration.ofSeconds(rs.getLong(4)))
                : new OneOffWindow(Jdbc.instant(rs.getTimestamp(5)), Jdbc.instant(rs.getTimestamp(6)));
            out.add(new StoredWindow(rs.getLong(1), rs.getString(2), d, rs.getString(7)));
          }
        }
      }
      return out;
    });
  }

  /** Adds windows in one transaction (all of an .ics file, or none); returns their ids. */
  public List<Long> addWindows(String site, List<? extends WindowDefinition> definitions, String source, Instant at) {
    return Jdbc.inTransaction(db, c -> {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO maintenance_window (site, cron, duration_s, starts_at, ends_at, source, created_at)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
        for (WindowDefinition d : definitions) {
          ps.setString(1, site);
          switch (d) {
            case RecurringWindow r -> {
              ps.setString(2, r.cron());
              ps.setLong(3, r.duration().toSeconds());
              ps.setTimestamp(4, null);
              ps.setTimestamp(5, null);
            }
            case OneOffWindow o -> {
              ps.setString(2, null);
              ps.setObject(3, null);
              ps.setTimestamp(4, Jdbc.ts(o.start()));
              ps.setTimestamp(5, Jdbc.ts(o.end()));
            }
          }
          ps.setString(6, source);
          ps.setTimestamp(7, Jdbc.ts(at));
          ids.add(Jdbc.insertForId(ps));
        }
      }
      return ids;
    });
  }

  /** Removes one window of a site; returns whether it existed. */
  public boolean removeWindow(String site, long id) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM maintenance_window WHERE id = ? AND site = ?")) {
        ps.setLong(1, id);
        ps.setString(2, site);
        return ps.executeUpdate() == 1;
      }
    });
  }

  // ---- method settings

  public Optional<MethodSetting> method(String site, String method) {
    return methods(site).stream().filter(m -> m.method().equals(method)).findFirst();
  }

  /** Every method setting of a site, or of all sites when {@code site} is null. */
  public List<MethodSetting> methods(String site) {
    return Jdbc.inTransaction(db, c -> {
      List<MethodSetting> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT site, method, enabled, settings, schedule, schedule_anchor, only_gaps FROM method_setting"
              + (site == null ? "" : " WHERE site = ?") + " ORDER BY site, method")) {
        if (site != null) ps.setString(1, site);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new MethodSetting(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                rs.getString(5), Jdbc.instant(rs.getTimestamp(6)), rs.getBoolean(7)));
          }
        }
      }
      return out;
    });
  }

  /**
   * Writes a method's row: its toggle, settings and schedule. {@code onlyGaps} is written only when
   * the row is new; it changes through {@link #setOnlyGaps}, so a row saved from an earlier read
   * never resets it.
   */
  public void saveMethod(MethodSetting m) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement upd = c.prepareStatement(
          "UPDATE method_setting SET enabled = ?, settings = ?, schedule = ?, schedule_anchor = ? WHERE site = ? AND method = ?")) {
        bindMethod(upd, m);
        upd.setString(5, m.site());
        upd.setString(6, m.method());
        if (upd.executeUpdate() == 1) return null;
      }
      try (PreparedStatement ins = c.prepareStatement(
          "INSERT INTO method_setting (enabled, settings, schedule, schedule_anchor, site, method, only_gaps)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        bindMethod(ins, m);
        ins.setString(5, m.site());
        ins.setString(6, m.method());
        ins.setBoolean(7, m.onlyGaps());
        ins.executeUpdate();
      }
      return null;
    });
  }

  /** Sets whether a method's supervised runs on a site ask only the minimal plan; returns whether the row exists. */
  public boolean setOnlyGaps(String site, String method, boolean onlyGaps) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE method_setting SET only_gaps = ? WHERE site = ? AND method = ?")) {
        ps.setBoolean(1, onlyGaps);
        ps.setString(2, site);
        ps.setString(3, method);
        return ps.executeUpdate() == 1;
      }
    });
  }

  private static void bindMethod(PreparedStatement ps, MethodSetting m) throws SQLException {
    ps.setBoolean(1, m.enabled());
    ps.setString(2, m.settings());
    ps.setString(3, m.schedule());
    ps.setTimestamp(4, Jdbc.ts(m.scheduleAnchor()));
  }
}

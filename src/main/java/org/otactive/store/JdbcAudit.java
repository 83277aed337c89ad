package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.otactive.access.AuditEntry;

/**
 * The append-only audit log. There is no update and no delete here; each entry's hash chains to
 * the one before, and {@link #verify} walks the chain.
 */
public class JdbcAudit {
  private static final int FIELD = 2000;
  private final Database db;

  public JdbcAudit(Database db) {
    this.db = db;
  }

  /**
   * Appends one entry, in the caller's transaction when there is one (so the change it records and
   * the entry commit together). Writers queue on the head row (locked until their transaction
   * ends), so concurrent appends never fork the chain. {@code channel} names where the action came
   * in ({@code cli}, {@code console}, {@code api}, {@code service}).
   */
  public AuditEntry append(Instant at, String actor, String channel, String action, String subject, String reason,
      String detail) {
    // The database keeps microseconds at most; hash what will be read back.
    Instant when = at.truncatedTo(ChronoUnit.MILLIS);
    String r = clip(reason == null ? "" : reason);
    String d = clip(detail == null ? "" : detail);
    return Jdbc.inTransaction(db, c -> {
      String prev;
      try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_head WHERE id = 1 FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        prev = rs.getString(1);
      }
      String hash = AuditEntry.hashOf(prev, when, actor, channel, action, subject, r, d);
      try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET hash = ? WHERE id = 1")) {
        ps.setString(1, hash);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO audit (at, actor, action, subject, reason, detail, prev_hash, hash, channel)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          new String[] {"id"})) {
        ps.setTimestamp(1, Jdbc.ts(when));
        ps.setString(2, actor);
        ps.setString(3, action);
        ps.setString(4, subject);
        ps.setString(5, r);
        ps.setString(6, d);
        ps.setString(7, prev);
        ps.setString(8, hash);
        ps.setString(9, channel);
        return new AuditEntry(Jdbc.insertForId(ps), when, actor, channel, action, subject, r, d, prev, hash);
      }
    });
  }

  private static String clip(String s) {
    return s.length() > FIELD ? s.substring(0, FIELD) : s;
  }

  /** Entries at or after {@code since} (all when null), oldest first. */
  public List<AuditEntry> entries(Instant since) {
    return Jdbc.inTransaction(db, c -> {
      List<AuditEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, at, actor, action, subject, reason, detail, prev_hash, hash, channel FROM audit"
              + (since == null ? "" : " WHERE at >= ?") + " ORDER BY id")) {
        if (since != null) ps.setTimestamp(1, Jdbc.ts(since));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new AuditEntry(rs.getLong(1), Jdbc.instant(rs.getTimestamp(2)), rs.getString(3), rs.getString(10),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
          }
        }
      }
      return out;
    });
  }

  /** The first entry that breaks the chain, or empty when the whole log is intact up to the head. */
  public Optional<String> verify() {
    List<AuditEntry> all = entries(null);
    String prev = AuditEntry.GENESIS;
    for (AuditEntry e : all) {
      if (!e.followsFrom(prev)) return Optional.of("audit entry " + e.id() + " does not follow from the entry before it");
      prev = e.hash();
    }
    String last = prev;
    String head = Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_head WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    });
    return head.equals(last) ? Optional.empty() : Optional.of("the audit log's newest entries are missing");
  }
}

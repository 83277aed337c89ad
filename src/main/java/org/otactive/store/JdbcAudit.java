package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /**
   * An entry's hash noted earlier, outside the database ({@code audit --verify} prints the newest
   * one): the chain alone cannot show a tail rewritten with every later hash recomputed, an anchor
   * can.
   *
   * @param hashPrefix the start of the entry's hash, at least 16 hex digits (64 bits: no one can
   *     make another entry that shares them)
   */
  public record Anchor(long id, String hashPrefix) {
    public Anchor {
      if (id < 1 || hashPrefix == null || !hashPrefix.matches("[0-9a-f]{16,64}")) {
        throw new org.otactive.common.BadInputException("bad audit anchor: '" + org.otactive.common.Text.printable(
            id + ":" + hashPrefix) + "' (ID:HASH, HASH the entry's first 16 to 64 hex digits, as audit --verify prints it)");
      }
    }

    /** {@code 42:ab12cd34ef56ab12}. */
    public static Anchor parse(String text) {
      int colon = text == null ? -1 : text.indexOf(':');
      try {
        return new Anchor(Long.parseLong(text.substring(0, colon).strip()), text.substring(colon + 1).strip().toLowerCase(
            java.util.Locale.ROOT));
      } catch (RuntimeException e) {
        if (e instanceof org.otactive.common.BadInputException b) throw b;
        throw new org.otactive.common.BadInputException("bad audit anchor: '" + org.otactive.common.Text.printable(text)
            + "' (ID:HASH, as audit --verify prints it)");
      }
    }

    /** The anchor of {@code e}: its id and the first 16 hex digits of its hash. */
    public static Anchor of(AuditEntry e) {
      return new Anchor(e.id(), e.hash().substring(0, 16));
    }

    @Override
    public String toString() {
      return id + ":" + hashPrefix;
    }
  }

  /** The first entry that breaks the chain, or empty when the whole log is intact up to the head. */
  public Optional<String> verify() {
    return verify(List.of());
  }

  /**
   * What is wrong with the log, naming the first entry concerned, or empty when it is intact: an
   * altered entry (its fields no longer match its hash), a removed one, an inserted one, entries
   * out of order, entries added without the head or removed from the end, and, against {@code
   * anchors} noted earlier, an entry that is no longer the one noted (the log rewritten at or
   * before it, every later hash recomputed) or that is gone.
   */
  public Optional<String> verify(List<Anchor> anchors) {
    List<AuditEntry> all = entries(null);
    Map<String, Long> idOfHash = new HashMap<>();
    for (AuditEntry e : all) idOfHash.putIfAbsent(e.hash(), e.id());
    String prev = AuditEntry.GENESIS;
    long prevId = 0;
    for (AuditEntry e : all) {
      if (!e.hash().equals(AuditEntry.hashOf(e.prevHash(), e.at(), e.actor(), e.channel(), e.action(), e.subject(), e.reason(),
          e.detail()))) {
        return Optional.of("audit entry " + e.id() + " was altered: its fields do not match its hash");
      }
      if (!e.prevHash().equals(prev)) return Optional.of(brokenLink(e, prevId, idOfHash));
      prev = e.hash();
      prevId = e.id();
    }
    String head = Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM audit_head WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    });
    if (!head.equals(prev)) {
      Long named = head.equals(AuditEntry.GENESIS) ? Long.valueOf(0) : idOfHash.get(head);
      if (named != null) {
        return Optional.of("audit entry " + (named + 1) + " was added without the log's head (the head names entry "
            + named + "; entries " + (named + 1) + " to " + prevId + " were written around otactive)");
      }
      return Optional.of("audit entries after entry " + prevId + " are missing (the log's head names an entry that is"
          + " not there: the newest entries were removed, or rewritten)");
    }
    Map<Long, AuditEntry> byId = new HashMap<>();
    for (AuditEntry e : all) byId.put(e.id(), e);
    List<Anchor> sorted = anchors.stream().sorted(java.util.Comparator.comparingLong(Anchor::id)).toList();
    Anchor lastGood = null;
    for (Anchor a : sorted) {
      AuditEntry e = byId.get(a.id());
      String since = lastGood == null ? "" : " (anchor " + lastGood + " still holds)";
      if (e == null) {
        return Optional.of("audit entry " + a.id() + " noted in anchor " + a + " is gone: the log was cut or renumbered" + since);
      }
      if (!e.hash().startsWith(a.hashPrefix())) {
        return Optional.of("audit entry " + a.id() + " is not the entry noted in anchor " + a + " (its hash is now "
            + e.hash().substring(0, 16) + "): the log was rewritten at or before entry " + a.id() + since);
      }
      lastGood = a;
    }
    return Optional.empty();
  }

  /** Why {@code e} does not follow the entry before it (entry {@code prevId}, 0 for none). */
  private static String brokenLink(AuditEntry e, long prevId, Map<String, Long> idOfHash) {
    Long follows = e.prevHash().equals(AuditEntry.GENESIS) ? Long.valueOf(0) : idOfHash.get(e.prevHash());
    if (follows == null) {
      return e.id() > prevId + 1
          ? "audit entry " + (prevId + 1) + " is missing: entry " + e.id() + " follows an entry that is not in the log"
          : "the entry before audit entry " + e.id() + " is missing: it follows an entry that is not in the log";
    }
    if (follows > prevId) {
      return "audit entry " + e.id() + " is out of order: it follows entry " + follows + ", which comes after it";
    }
    return follows + 1 == prevId
        ? "audit entry " + prevId + " was inserted: entry " + e.id() + " follows entry " + follows + " directly"
        : "audit entries " + (follows + 1) + " to " + prevId + " were inserted or moved: entry " + e.id() + " follows entry "
            + follows + " directly";
  }
}

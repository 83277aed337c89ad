package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How users prove who they are: password hashes (Argon2id, hashed by the caller), the operating
 * system account a user is on this host, console sessions and API tokens (both kept only as the
 * SHA-256 of their secret value).
 */
public final class JdbcAccounts {
  private final Database db;

  public JdbcAccounts(Database db) {
    this.db = db;
  }

  /** A user's password as stored: the PHC string and whether it must be changed at the next login. */
  public record Password(String hash, boolean mustChange) {}

  /** A console session as stored. */
  public record Session(String idHash, String user, String csrf, String address, Instant created, Instant lastSeen) {}

  /** An API token as stored (its secret is not: only its hash). */
  public record Token(long id, String user, String label, Instant created, Instant lastUsed, Instant revoked) {}

  // ---- passwords and OS accounts

  public Optional<Password> password(String user) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT password_hash, must_change_password FROM app_user WHERE name = ? AND password_hash IS NOT NULL")) {
        ps.setString(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new Password(rs.getString(1), rs.getBoolean(2))) : Optional.<Password>empty();
        }
      }
    });
  }

  /** Sets a user's password hash; returns false when there is no such user. */
  public boolean setPassword(String user, String hash, boolean mustChange) {
    return update("UPDATE app_user SET password_hash = ?, must_change_password = ? WHERE name = ?", hash, mustChange, user) == 1;
  }

  /** Maps an OS login to a user (null removes the user's mapping). A login maps to one user at most. */
  public boolean setOsUser(String user, String osLogin) {
    return update("UPDATE app_user SET os_user = ? WHERE name = ?", osLogin, user) == 1;
  }

  /** The user mapped to an OS login. */
  public Optional<String> userOfOsAccount(String osLogin) {
    return one("SELECT name FROM app_user WHERE os_user = ?", osLogin);
  }

  /** The OS login a user is mapped to. */
  public Optional<String> osAccountOf(String user) {
    return one("SELECT os_user FROM app_user WHERE name = ? AND os_user IS NOT NULL", user);
  }

  // ---- sessions

  public void openSession(Session s) {
    update("INSERT INTO web_session (id_hash, user_name, csrf, address, created_at, last_seen) VALUES (?, ?, ?, ?, ?, ?)",
        s.idHash(), s.user(), s.csrf(), s.address(), Jdbc.ts(s.created()), Jdbc.ts(s.lastSeen()));
  }

  public Optional<Session> session(String idHash) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id_hash, user_name, csrf, address, created_at, last_seen FROM web_session WHERE id_hash = ?")) {
        ps.setString(1, idHash);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<Session>empty();
          return Optional.of(new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              Jdbc.instant(rs.getTimestamp(5)), Jdbc.instant(rs.getTimestamp(6))));
        }
      }
    });
  }

  public void touchSession(String idHash, Instant at) {
    update("UPDATE web_session SET last_seen = ? WHERE id_hash = ?", Jdbc.ts(at), idHash);
  }

  public void closeSession(String idHash) {
    update("DELETE FROM web_session WHERE id_hash = ?", idHash);
  }

  /** Ends every session of a user but {@code keep} (null: all); returns how many ended. */
  public int closeSessionsOf(String user, String keep) {
    return keep == null
        ? update("DELETE FROM web_session WHERE user_name = ?", user)
        : update("DELETE FROM web_session WHERE user_name = ? AND id_hash <> ?", user, keep);
  }

  /** Removes sessions idle since before {@code cutoff}. */
  public int closeIdleSessions(Instant cutoff) {
    return update("DELETE FROM web_session WHERE last_seen < ?", Jdbc.ts(cutoff));
  }

  // ---- API tokens

  public long addToken(String user, String label, String tokenHash, Instant at) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO api_token (user_name, label, token_hash, created_at) VALUES (?, ?, ?, ?)", new String[] {"id"})) {
        ps.setString(1, user);
        ps.setString(2, label);
        ps.setString(3, tokenHash);
        ps.setTimestamp(4, Jdbc.ts(at));
        return Jdbc.insertForId(ps);
      }
    });
  }

  /** The user of a live (not revoked) token, noting its use. */
  public Optional<String> useToken(String tokenHash, Instant at) {
    Optional<String> user = one("SELECT user_name FROM api_token WHERE token_hash = ? AND revoked_at IS NULL", tokenHash);
    if (user.isPresent()) update("UPDATE api_token SET last_used = ? WHERE token_hash = ?", Jdbc.ts(at), tokenHash);
    return user;
  }

  /** Tokens of one user, or of everyone when null, newest first. */
  public List<Token> tokens(String user) {
    return Jdbc.inTransaction(db, c -> {
      List<Token> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, user_name, label, created_at, last_used, revoked_at"
          + " FROM api_token" + (user == null ? "" : " WHERE user_name = ?") + " ORDER BY id DESC")) {
        if (user != null) ps.setString(1, user);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Token(rs.getLong(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs.getTimestamp(4)),
                Jdbc.instant(rs.getTimestamp(5)), Jdbc.instant(rs.getTimestamp(6))));
          }
        }
      }
      return out;
    });
  }

  /** Revokes a live token; false when there is none of that id. */
  public boolean revokeToken(long id, Instant at) {
    return update("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", Jdbc.ts(at), id) == 1;
  }

  // ----

  private int update(String sql, Object... values) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Jdbc.bind(ps, java.util.Arrays.asList(values));
        return ps.executeUpdate();
      }
    });
  }

  private Optional<String> one(String sql, Object... values) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Jdbc.bind(ps, java.util.Arrays.asList(values));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }
}

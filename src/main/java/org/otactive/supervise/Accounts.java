package org.otactive.supervise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.otactive.access.Channel;
import org.otactive.access.PasswordHash;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.store.JdbcAccounts;
import org.otactive.store.JdbcAccounts.Token;

/**
 * How a user proves who they are to the console and the REST API: passwords (Argon2id), console
 * sessions, API tokens; and the first admin's one-time password. Changes are audited through the
 * {@link Supervisor} of the caller's channel, in the same transaction.
 *
 * <p>Secrets handed out here (a one-time password, a session cookie, a token) are returned once and
 * stored only hashed: passwords with Argon2id, cookies and tokens (random 256-bit values, which a
 * slow hash would not make stronger) with SHA-256. Thread-safe.
 */
public final class Accounts {
  /** A console session ends after this long without a request. */
  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
  /** How rarely a session's last use is written (each request would otherwise write). */
  static final Duration TOUCH_EVERY = Duration.ofSeconds(30);
  public static final int MIN_PASSWORD_LENGTH = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  /**
   * The same Argon2 work for unknown users as for known ones: a login's time tells nothing. Made on
   * the first login, not when the class loads: every command builds the services, and an Argon2
   * hash costs a short-lived command a few hundred milliseconds.
   */
  private static final class Dummy {
    static final String HASH = PasswordHash.hash("not a password of anyone");
  }

  private final Supervisor supervisor;
  private final JdbcAccounts store;

  Accounts(Supervisor supervisor, JdbcAccounts store) {
    this.supervisor = supervisor;
    this.store = store;
  }

  /** The same accounts, auditing through {@code channel}. */
  public Accounts via(Channel channel) {
    return new Accounts(supervisor.via(channel), store);
  }

  /** A user who proved their password, and whether they must change it before anything else. */
  public record Login(User user, boolean mustChangePassword) {}

  /** A console session as its holder sees it. */
  public record Session(String idHash, User user, String csrf, boolean mustChangePassword) {}

  /** A fresh session: the cookie's value (given to the browser once) and the session. */
  public record Opened(String cookie, Session session) {}

  /** A fresh API token: its secret (shown once) and its id. */
  public record Issued(long id, String secret) {}

  // ---- the first admin

  /**
   * On a first start with no admin: creates {@code admin} (or {@code admin-2}, … when that name is
   * taken by someone else) with a one-time password that must be changed at the first login, and
   * returns the name and password; empty when an admin exists.
   */
  public Optional<String[]> bootstrapAdmin() {
    return supervisor.changeAndRecord(() -> {
      List<User> users = supervisor.store().users();
      if (users.stream().anyMatch(u -> u.role() == Role.ADMIN)) return Optional.<String[]>empty();
      java.util.Set<String> taken = new java.util.HashSet<>();
      users.forEach(u -> taken.add(u.name()));
      String name = "admin";
      for (int i = 2; taken.contains(name); i++) name = "admin-" + i;
      String password = oneTimePassword();
      supervisor.store().saveUser(new User(name, Role.ADMIN), supervisor.clock().instant());
      store.setPassword(name, PasswordHash.hash(password), true);
      supervisor.via(Channel.SERVICE).record("serve", "user-save", "user " + name, "first start: no admin",
          "role=admin (first admin, one-time password)");
      return Optional.of(new String[] {name, password});
    });
  }

  // ---- passwords

  /** The user with that name and password; empty when either is wrong or the user has no password. */
  public Optional<Login> checkPassword(String name, String password) {
    Optional<JdbcAccounts.Password> stored = name == null || !validName(name) ? Optional.empty() : store.password(name);
    boolean ok = PasswordHash.verify(password == null ? "" : password, stored.map(JdbcAccounts.Password::hash).orElse(Dummy.HASH));
    if (!ok || stored.isEmpty()) return Optional.empty();
    return supervisor.store().user(name).map(u -> new Login(u, stored.get().mustChange()));
  }

  private static boolean validName(String name) {
    try {
      User.checkName(name);
      return true;
    } catch (BadInputException e) {
      return false;
    }
  }

  /**
   * Changes one's own password, proving the current one; every other session of the user ends
   * (a stolen cookie stops working).
   *
   * @param keepSession the session the change is made in (it stays), or null
   */
  public void changePassword(String actor, String current, String fresh, String keepSession) {
    User u = supervisor.user(actor);
    if (checkPassword(actor, current).isEmpty()) throw new Denied("the current password is wrong");
    checkPolicy(fresh, current);
    supervisor.changeAndRecord(() -> {
      store.setPassword(u.name(), PasswordHash.hash(fresh), false);
      int ended = store.closeSessionsOf(u.name(), keepSession);
      supervisor.record(actor, "password-change", "user " + u.name(), "", ended + " other session(s) ended");
      return null;
    });
  }

  /**
   * Sets a one-time password for a user (admins): every session of the user ends, and the user
   * must change it at the next login. Returns the password (shown once).
   */
  public String resetPassword(String actor, String user, String reason) {
    supervisor.admin(actor, "set passwords");
    String why = Supervisor.reason(reason);
    User u = supervisor.namedUser(user);
    String password = oneTimePassword();
    supervisor.changeAndRecord(() -> {
      store.setPassword(u.name(), PasswordHash.hash(password), true);
      int ended = store.closeSessionsOf(u.name(), null);
      supervisor.record(actor, "password-reset", "user " + u.name(), why, "one-time password; " + ended + " session(s) ended");
      return null;
    });
    return password;
  }

  static void checkPolicy(String fresh, String current) {
    if (fresh == null || fresh.length() < MIN_PASSWORD_LENGTH) {
      throw new BadInputException("the new password is too short (at least " + MIN_PASSWORD_LENGTH + " characters)");
    }
    if (fresh.equals(current)) throw new BadInputException("the new password is the current one");
    if (fresh.length() > 1024) throw new BadInputException("the new password is longer than 1024 characters");
  }

  /** 20 characters from an alphabet without look-alikes: about 115 bits. */
  private static String oneTimePassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    return sb.toString();
  }

  // ---- sessions

  /** Opens a session for a user who just logged in from {@code address}. */
  public Opened openSession(Login login, String address) {
    String cookie = randomToken();
    String csrf = randomToken();
    Instant now = supervisor.clock().instant();
    store.openSession(new JdbcAccounts.Session(sha256(cookie), login.user().name(), csrf, Text.printable(address), now, now));
    return new Opened(cookie, new Session(sha256(cookie), login.user(), csrf, login.mustChangePassword()));
  }

  /** The live session of a cookie; an idle one is closed and not returned. */
  public Optional<Session> session(String cookie) {
    if (cookie == null || cookie.isEmpty() || cookie.length() > 100) return Optional.empty();
    String id = sha256(cookie);
    Optional<JdbcAccounts.Session> s = store.session(id);
    if (s.isEmpty()) return Optional.empty();
    Instant now = supervisor.clock().instant();
    if (s.get().lastSeen().plus(IDLE_TIMEOUT).isBefore(now)) {
      store.closeSession(id);
      return Optional.empty();
    }
    if (s.get().lastSeen().plus(TOUCH_EVERY).isBefore(now)) store.touchSession(id, now);
    Optional<User> user = supervisor.store().user(s.get().user());
    if (user.isEmpty()) return Optional.empty();
    boolean mustChange = store.password(user.get().name()).map(JdbcAccounts.Password::mustChange).orElse(true);
    return Optional.of(new Session(id, user.get(), s.get().csrf(), mustChange));
  }

  public void closeSession(String idHash) {
    store.closeSession(idHash);
  }

  /** Ends sessions idle past the timeout (the service calls this now and then). */
  public int closeIdleSessions() {
    return store.closeIdleSessions(supervisor.clock().instant().minus(IDLE_TIMEOUT));
  }

  // ---- API tokens

  /** A new API token acting as {@code actor} (any user, for themselves); the secret is returned once. */
  public Issued createToken(String actor, String label) {
    User u = supervisor.user(actor);
    String l = label == null ? "" : label.strip();
    if (l.isEmpty() || l.length() > 100) throw new BadInputException("a token needs a label of 1 to 100 characters");
    String secret = "ota_" + randomToken();
    long id = supervisor.changeAndRecord(() -> {
      long added = store.addToken(u.name(), Text.printable(l), sha256(secret), supervisor.clock().instant());
      supervisor.record(actor, "token-create", "user " + u.name() + " token " + added, "", "label=" + Text.printable(l));
      return added;
    });
    return new Issued(id, secret);
  }

  /** The tokens a user may see: their own; an admin's view holds everyone's. */
  public List<Token> tokens(String actor) {
    User u = supervisor.user(actor);
    return store.tokens(u.role() == Role.ADMIN ? null : u.name());
  }

  /** Revokes a token (its owner, or an admin). */
  public void revokeToken(String actor, long id) {
    User u = supervisor.user(actor);
    Token t = store.tokens(null).stream().filter(x -> x.id() == id).findFirst()
        .orElseThrow(() -> new BadInputException("no token " + id));
    if (!t.user().equals(u.name()) && u.role() != Role.ADMIN) throw new Denied(actor + " may not revoke another user's token");
    supervisor.changeAndRecord(() -> {
      if (!store.revokeToken(id, supervisor.clock().instant())) throw new BadInputException("token " + id + " is already revoked");
      supervisor.record(actor, "token-revoke", "user " + t.user() + " token " + id, "", "label=" + t.label());
      return null;
    });
  }

  /** The user a live token acts as. */
  public Optional<User> tokenUser(String secret) {
    if (secret == null || !secret.startsWith("ota_") || secret.length() > 100) return Optional.empty();
    return store.useToken(sha256(secret), supervisor.clock().instant()).flatMap(n -> supervisor.store().user(n));
  }

  // ---- operating-system accounts

  /** The user an OS login is mapped to ({@code user add NAME --os-user LOGIN}). */
  public Optional<String> userOfOsAccount(String osLogin) {
    return store.userOfOsAccount(osLogin);
  }

  /** 256 random bits, base64url: session cookies, CSRF tokens, API token secrets. */
  public static String randomToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

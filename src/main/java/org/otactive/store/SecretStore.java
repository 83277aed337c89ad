package org.otactive.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest: each value sealed with AES-256-GCM (the JDK's), a fresh random 96-bit nonce per
 * value and the secret's name as associated data (a sealed value moved to another name does not
 * open). The key lives outside the database, in a file readable by its owner only: by default
 * beside an embedded database ({@code data/otactive.key}), created on first use; a PostgreSQL
 * store needs it given ({@code --key-file} or {@code OTACTIVE_KEY_FILE}).
 *
 * <p>A missing or wrong key is told with a clear error before anything is decrypted or
 * overwritten: the database keeps a known text sealed under the current key. {@link #rotateKey}
 * re-seals every secret under a new key in one transaction; the new key is written beside the old
 * one first and moved into place after the commit, and a crash in between is repaired on the next
 * use. Values are never logged; this class never puts one in a message. Thread-safe.
 */
public final class SecretStore {
  private static final String CHECK_TEXT = "otactive-key-check";
  private static final String CHECK_NAME = "\u0000key-check";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;
  private final Path keyFile;
  private SecretKey key;

  /**
   * @param keyFile where the key is (or is to be created); null when none was given for a
   *     database that has no default place for it (PostgreSQL): using a secret then fails clearly
   */
  public SecretStore(Database db, Path keyFile) {
    this.db = db;
    this.keyFile = keyFile == null ? null : keyFile.toAbsolutePath();
  }

  /** The key file to use: the given one, else one beside an embedded database, else none. */
  public static Path keyFileFor(String databaseUrl, Path given) {
    if (given != null) return given;
    return Database.h2File(databaseUrl).map(f -> f.resolveSibling(f.getFileName() + ".key")).orElse(null);
  }

  public Path keyFile() {
    return keyFile;
  }

  /** Stores (or replaces) a secret, in the caller's transaction when there is one. */
  public void put(String name, String value, Instant at) {
    SecretKey k = key();
    byte[] nonce = nonce();
    byte[] sealed = seal(k, nonce, name, value);
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement upd = c.prepareStatement("UPDATE secret SET nonce = ?, sealed = ?, changed_at = ? WHERE name = ?")) {
        upd.setBytes(1, nonce);
        upd.setBytes(2, sealed);
        upd.setTimestamp(3, Jdbc.ts(at));
        upd.setString(4, name);
        if (upd.executeUpdate() == 1) return null;
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO secret (name, nonce, sealed, changed_at) VALUES (?, ?, ?, ?)")) {
        ins.setString(1, name);
        ins.setBytes(2, nonce);
        ins.setBytes(3, sealed);
        ins.setTimestamp(4, Jdbc.ts(at));
        ins.executeUpdate();
      }
      return null;
    });
  }

  /** The secret of that name, decrypted, if it is stored. */
  public Optional<String> get(String name) {
    Optional<byte[][]> row = Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT nonce, sealed FROM secret WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new byte[][] {rs.getBytes(1), rs.getBytes(2)}) : Optional.<byte[][]>empty();
        }
      }
    });
    if (row.isEmpty()) return Optional.empty();
    try {
      return Optional.of(open(key(), row.get()[0], name, row.get()[1]));
    } catch (GeneralSecurityException e) {
      throw new StoreException("the stored secret " + name + " does not decrypt with the key in " + keyFile
          + " (was it altered?)", null);
    }
  }

  /** The names of the stored secrets starting with {@code prefix} (needs no key). */
  public List<String> names(String prefix) {
    return Jdbc.inTransaction(db, c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM secret WHERE name LIKE ? ORDER BY name")) {
        ps.setString(1, prefix.replace("%", "\\%").replace("_", "\\_") + "%");
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  public void delete(String name) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM secret WHERE name = ?")) {
        ps.setString(1, name);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Re-seals every secret under a new key in one transaction and puts the new key in place of the
   * old one. Returns how many secrets were re-sealed.
   */
  public synchronized int rotateKey() {
    SecretKey old = key();
    SecretKey fresh = new SecretKeySpec(randomBytes(KEY_BYTES), "AES");
    Path next = pendingFile();
    try {
      Files.deleteIfExists(next);
      writeKeyFile(next, fresh);
    } catch (IOException e) {
      throw new StoreException("cannot write the new key to " + next + ": " + e.getMessage(), e);
    }
    int n = Jdbc.inTransaction(db, c -> {
      int count = 0;
      List<String[]> names = new ArrayList<>();
      List<byte[][]> rows = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, nonce, sealed FROM secret FOR UPDATE");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          names.add(new String[] {rs.getString(1)});
          rows.add(new byte[][] {rs.getBytes(2), rs.getBytes(3)});
        }
      }
      try (PreparedStatement upd = c.prepareStatement("UPDATE secret SET nonce = ?, sealed = ? WHERE name = ?")) {
        for (int i = 0; i < names.size(); i++) {
          String name = names.get(i)[0];
          String value;
          try {
            value = open(old, rows.get(i)[0], name, rows.get(i)[1]);
          } catch (GeneralSecurityException e) {
            throw new StoreException("the stored secret " + name + " does not decrypt; nothing was re-encrypted", null);
          }
          byte[] nonce = nonce();
          upd.setBytes(1, nonce);
          upd.setBytes(2, seal(fresh, nonce, name, value));
          upd.setString(3, name);
          upd.addBatch();
          count++;
        }
        upd.executeBatch();
      }
      writeCheck(c, fresh);
      return count;
    });
    key = fresh;
    moveIntoPlace(next);
    return n;
  }

  // ---- the key

  private Path pendingFile() {
    return keyFile.resolveSibling(keyFile.getFileName() + ".new");
  }

  private synchronized SecretKey key() {
    if (key != null) return key;
    if (keyFile == null) {
      throw new StoreException("secrets need a key file for this database: give --key-file FILE or set OTACTIVE_KEY_FILE", null);
    }
    Optional<byte[][]> check = readCheck();
    if (check.isEmpty()) {
      key = readKey(keyFile).orElseGet(this::createKey);
      Jdbc.inTransaction(db, c -> {
        writeCheck(c, key);
        return null;
      });
      return key;
    }
    Optional<SecretKey> current = readKey(keyFile);
    if (current.isPresent() && opensCheck(current.get(), check.get())) return key = current.get();
    // A rotation that committed but did not move its new key into place: finish it.
    Optional<SecretKey> pending = readKey(pendingFile());
    if (pending.isPresent() && opensCheck(pending.get(), check.get())) {
      moveIntoPlace(pendingFile());
      return key = pending.get();
    }
    if (current.isEmpty()) {
      throw new StoreException("the secrets key " + keyFile + " is missing, but the database holds secrets sealed with it"
          + " (restore the file, or give the right one with --key-file)", null);
    }
    throw new StoreException("the key in " + keyFile + " does not open this database's secrets (wrong key file?);"
        + " nothing was decrypted or changed", null);
  }

  private static boolean opensCheck(SecretKey k, byte[][] check) {
    try {
      return CHECK_TEXT.equals(open(k, check[0], CHECK_NAME, check[1]));
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private Optional<byte[][]> readCheck() {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT nonce, sealed FROM secret_key_check WHERE id = 1");
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new byte[][] {rs.getBytes(1), rs.getBytes(2)}) : Optional.<byte[][]>empty();
      }
    });
  }

  private static void writeCheck(Connection c, SecretKey k) throws SQLException {
    byte[] nonce = nonce();
    byte[] sealed = seal(k, nonce, CHECK_NAME, CHECK_TEXT);
    try (PreparedStatement del = c.prepareStatement("DELETE FROM secret_key_check WHERE id = 1")) {
      del.executeUpdate();
    }
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO secret_key_check (id, nonce, sealed) VALUES (1, ?, ?)")) {
      ins.setBytes(1, nonce);
      ins.setBytes(2, sealed);
      ins.executeUpdate();
    }
  }

  private static Optional<SecretKey> readKey(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("cannot read the secrets key " + file + ": " + e.getMessage(), e);
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != KEY_BYTES) throw new StoreException(file + " is not an otactive secrets key (32 bytes, Base64)", null);
    return Optional.of(new SecretKeySpec(raw, "AES"));
  }

  private SecretKey createKey() {
    SecretKey k = new SecretKeySpec(randomBytes(KEY_BYTES), "AES");
    try {
      writeKeyFile(keyFile, k);
    } catch (FileAlreadyExistsException raced) {
      return readKey(keyFile).orElseThrow();
    } catch (IOException e) {
      throw new StoreException("cannot create the secrets key " + keyFile + ": " + e.getMessage(), e);
    }
    return k;
  }

  /** Creates the file owner-only from the start (never readable by others, not even briefly). */
  private static void writeKeyFile(Path file, SecretKey k) throws IOException {
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, Base64.getEncoder().encodeToString(k.getEncoded()) + "\n", StandardCharsets.US_ASCII);
  }

  private void moveIntoPlace(Path next) {
    try {
      try {
        Files.move(next, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(next, keyFile, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new StoreException("the secrets were re-encrypted under the key in " + next + ", but it could not be moved to "
          + keyFile + " (" + e.getMessage() + "); move it by hand", e);
    }
  }

  // ---- AES-GCM

  private static byte[] nonce() {
    return randomBytes(NONCE_BYTES);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] seal(SecretKey k, byte[] nonce, String name, String value) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  private static String open(SecretKey k, byte[] nonce, String name, byte[] sealed) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
    return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
  }
}

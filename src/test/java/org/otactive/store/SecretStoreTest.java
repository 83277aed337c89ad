package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets at rest: sealed with AES-GCM under a key outside the database, which must be the right one. */
class SecretStoreTest {
  private static final Instant T = Instant.parse("2026-12-01T12:00:00Z");
  private static final String NAME = "method:plant:echo:token";
  private static final String PLAIN = "hunter2-correct-horse";

  @TempDir Path dir;

  private String url() {
    return "jdbc:h2:file:" + dir.resolve("data/otactive");
  }

  private Path keyFile() {
    return dir.resolve("data/otactive.key");
  }

  /** The sealed bytes as stored, to show that a refused operation changed nothing. */
  private static String sealed(Database db) throws Exception {
    StringBuilder sb = new StringBuilder();
    try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name, nonce, sealed FROM secret ORDER BY name")) {
      while (rs.next()) sb.append(rs.getString(1)).append(HexFormat.of().formatHex(rs.getBytes(2)))
          .append(HexFormat.of().formatHex(rs.getBytes(3))).append('\n');
    }
    return sb.toString();
  }

  @Test
  void aSecretIsSealedAtRestUnderAKeyFileOnlyItsOwnerMayRead() throws Exception {
    try (Database db = Database.open(url())) {
      SecretStore s = new SecretStore(db, SecretStore.keyFileFor(db.url(), null));
      assertThat(s.keyFile()).isEqualTo(keyFile());
      assertThat(s.get(NAME)).isEmpty();
      s.put(NAME, PLAIN, T);
      assertThat(s.get(NAME)).hasValue(PLAIN);
      assertThat(s.names("method:plant:")).containsExactly(NAME);
      s.put(NAME, PLAIN + "2", T);
      assertThat(s.get(NAME)).hasValue(PLAIN + "2");
      s.put(NAME, PLAIN, T);
      assertThat(sealed(db)).doesNotContain(HexFormat.of().formatHex(PLAIN.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
    Path file = dir.resolve("data/otactive.mv.db");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    byte[] bytes = Files.readAllBytes(file);
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(PLAIN);
    assertThat(new String(bytes, StandardCharsets.UTF_16LE)).doesNotContain(PLAIN);
    assertThat(new String(bytes, StandardCharsets.UTF_16BE)).doesNotContain(PLAIN);
  }

  @Test
  void aMissingOrWrongKeyIsToldAndNothingIsDecryptedOrOverwritten() throws Exception {
    try (Database db = Database.open(url())) {
      new SecretStore(db, keyFile()).put(NAME, PLAIN, T);
      String before = sealed(db);
      Path kept = dir.resolve("kept.key");
      Files.move(keyFile(), kept);

      SecretStore missing = new SecretStore(db, keyFile());
      assertThatThrownBy(() -> missing.get(NAME)).isInstanceOf(StoreException.class).hasMessageContaining("is missing");
      assertThatThrownBy(() -> missing.put(NAME, "overwrite", T)).hasMessageContaining("is missing");
      assertThatThrownBy(() -> missing.put("method:plant:echo:other", "new", T)).hasMessageContaining("is missing");
      assertThat(Files.exists(keyFile())).as("no new key made over sealed secrets").isFalse();

      byte[] other = new byte[32];
      other[0] = 1;
      Files.writeString(keyFile(), Base64.getEncoder().encodeToString(other));
      SecretStore wrong = new SecretStore(db, keyFile());
      assertThatThrownBy(() -> wrong.get(NAME)).hasMessageContaining("does not open this database's secrets");
      assertThatThrownBy(() -> wrong.rotateKey()).hasMessageContaining("does not open");
      Files.writeString(keyFile(), "not a key");
      assertThatThrownBy(() -> new SecretStore(db, keyFile()).get(NAME)).hasMessageContaining("is not an otactive secrets key");
      assertThat(sealed(db)).as("nothing overwritten").isEqualTo(before);

      Files.move(kept, keyFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThat(new SecretStore(db, keyFile()).get(NAME)).hasValue(PLAIN);
    }
  }

  @Test
  void rotatingTheKeyReSealsEverySecretAndTheOldKeyNoLongerOpensThem() throws Exception {
    try (Database db = Database.open(url())) {
      SecretStore s = new SecretStore(db, keyFile());
      for (int i = 0; i < 3; i++) s.put(NAME + i, PLAIN + i, T);
      String oldKey = Files.readString(keyFile());
      String before = sealed(db);
      assertThat(s.rotateKey()).isEqualTo(3);
      assertThat(Files.readString(keyFile())).isNotEqualTo(oldKey);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
      assertThat(sealed(db)).isNotEqualTo(before);
      SecretStore fresh = new SecretStore(db, keyFile());
      for (int i = 0; i < 3; i++) assertThat(fresh.get(NAME + i)).hasValue(PLAIN + i);
      Path old = dir.resolve("old.key");
      Files.writeString(old, oldKey);
      assertThatThrownBy(() -> new SecretStore(db, old).get(NAME + "0")).hasMessageContaining("does not open");
    }
  }

  @Test
  void aRotationCutShortBeforeItsNewKeyWasMovedIsFinishedOnTheNextUse() throws Exception {
    try (Database db = Database.open(url())) {
      SecretStore s = new SecretStore(db, keyFile());
      s.put(NAME, PLAIN, T);
      String oldKey = Files.readString(keyFile());
      s.rotateKey();
      // As if the process died after the commit and before the move: old key in place, new beside it.
      String newKey = Files.readString(keyFile());
      Files.writeString(dir.resolve("data/otactive.key.new"), newKey);
      Files.writeString(keyFile(), oldKey);
      assertThat(new SecretStore(db, keyFile()).get(NAME)).hasValue(PLAIN);
      assertThat(Files.readString(keyFile())).isEqualTo(newKey);
      assertThat(Files.exists(dir.resolve("data/otactive.key.new"))).isFalse();
    }
  }

  @Test
  void aServerDatabaseHasNoDefaultKeyPlace() {
    assertThat(SecretStore.keyFileFor("jdbc:postgresql://localhost/otactive", null)).isNull();
    assertThat(SecretStore.keyFileFor("jdbc:postgresql://localhost/otactive", Path.of("/etc/otactive.key")))
        .isEqualTo(Path.of("/etc/otactive.key"));
  }

  @Test
  void databaseUrlsArePrintedWithTheirPasswordMasked() {
    assertThat(Database.masked("jdbc:postgresql://db.plant/otactive?user=ot&password=S3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db.plant/otactive?user=ot&password=***&ssl=true");
    assertThat(Database.masked("jdbc:postgresql://ot:S3cret@db.plant/otactive")).isEqualTo("jdbc:postgresql://ot:***@db.plant/otactive");
    assertThat(Database.masked("jdbc:h2:file:./data/otactive;PASSWORD=x")).isEqualTo("jdbc:h2:file:./data/otactive;PASSWORD=***");
    assertThat(Database.masked("jdbc:h2:file:./data/otactive")).isEqualTo("jdbc:h2:file:./data/otactive");
  }
}

package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short command skips Flyway when the database has applied {@link Database#SCHEMA_VERSIONS}:
 * that list must be every migration Flyway finds in this build, or a new one would never run.
 */
class SchemaVersionsTest {
  @TempDir Path dir;

  @Test
  void theListedVersionsAreEveryMigrationFlywayFinds() {
    Flyway flyway = Flyway.configure().dataSource("jdbc:h2:mem:schema-versions", "sa", "")
        .locations("classpath:db/migration", "classpath:org/otactive/store/migration").load();
    Set<String> found = Arrays.stream(flyway.info().all()).map(MigrationInfo::getVersion).map(Object::toString)
        .collect(Collectors.toSet());
    assertThat(found).isNotEmpty();
    assertThat(Database.SCHEMA_VERSIONS).isEqualTo(found);
  }

  @Test
  void aDatabaseMissingAMigrationTakesItOnTheFastPathToo() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db");
    execute(url, "DROP TABLE method_table_row", "DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '6'");
    try (Database db = Database.open(url)) {
      boolean back = db.transaction(c -> {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"version\" = '6' AND \"success\"")) {
          rs.next();
          return rs.getInt(1) == 1;
        }
      });
      assertThat(back).isTrue();
    }
  }

  @Test
  void theServiceStillHasFlywayCheckAnEditedMigration() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db");
    execute(url, "UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '2'");
    // A command's fast path opens it (the versions are all there) ...
    try (Database db = Database.open(url)) {
      assertThat(Files.exists(dir.resolve("db.mv.db"))).isTrue();
    }
    // ... the service's validated open refuses it and names the migration.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.openValidated(url).close())
        .isInstanceOf(StoreException.class).hasMessageContaining("checksum mismatch for migration version 2");
  }

  /** Opens (and so creates and migrates) the database at {@code url} and runs {@code sql} on it. */
  private static void execute(String url, String... sql) {
    try (Database db = Database.open(url)) {
      db.transaction(c -> {
        try (Statement s = c.createStatement()) {
          for (String q : sql) s.execute(q);
        }
        return null;
      });
    }
  }
}

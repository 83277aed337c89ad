package org.otactive.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations are numbered per branch ahead of time and land in any order: a database that already
 * took V7 takes V6 when it arrives later, and keeps its data.
 */
class MigrationOrderTest {
  @TempDir Path dir;

  @Test
  void aDatabaseAtV7TakesAV6ThatLandedLater() {
    String url = "jdbc:h2:file:" + dir.resolve("db");
    try (Database db = Database.open(url)) {
      // as a database migrated before V6 existed: V7 applied, V6 neither applied nor its table there
      db.transaction(c -> {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO site (name, zone, ranges, created_at) VALUES ('plant', 'UTC', '10.0.0.0/24', CURRENT_TIMESTAMP)");
          s.execute("DROP TABLE method_table_row");
          s.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" = '6'");
        }
        return null;
      });
    }
    try (Database db = Database.open(url)) {
      List<String> applied = db.transaction(c -> {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                + " AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
          while (rs.next()) out.add(rs.getString(1));
        }
        return out;
      });
      assertThat(applied).contains("6", "7").endsWith("6");
      new JdbcMethodTables(db).replace("plant", "wem", "ranges", List.of(new JdbcMethodTables.StoredRow("r1", "{}")));
      assertThat(new JdbcMethodTables(db).rows("plant", "wem", "ranges")).extracting(JdbcMethodTables.StoredRow::rowId)
          .containsExactly("r1");
      assertThat(new JdbcSites(db).find("plant")).isPresent();
    }
  }
}

package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.otactive.access.AuditEntry;
import org.otactive.store.Database;
import org.otactive.store.JdbcAudit;
import org.otactive.testing.Cli;
import org.otactive.testing.PostgresServer;

/**
 * Someone with write access to the database tampers with the audit log, each way there is; the
 * API ({@link JdbcAudit#verify}) and {@code otactive audit --verify} both find it (exit 1, one line
 * naming the first entry concerned), on H2 and on PostgreSQL. A tail rewritten with every later hash
 * and the head recomputed is a valid chain by itself: it is found against an anchor noted earlier.
 */
class AuditTamperTest {
  private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

  @TempDir Path dir;

  /** One way of tampering, and what verification must say about it. */
  enum Tamper {
    EDITED("audit entry 3 was altered: its fields do not match its hash"),
    REMOVED_IN_THE_MIDDLE("audit entry 3 is missing: entry 4 follows an entry that is not in the log"),
    REORDERED("audit entry 3 is out of order: it follows entry 4, which comes after it"),
    INSERTED("audit entry 4 was inserted: entry 5 follows entry 3 directly"),
    APPENDED_AROUND_OTACTIVE("audit entry 7 was added without the log's head (the head names entry 6; entries 7 to 7 were"
        + " written around otactive)"),
    TAIL_REMOVED("audit entries after entry 4 are missing (the log's head names an entry that is not there: the newest"
        + " entries were removed, or rewritten)"),
    TAIL_REWRITTEN("audit entry 6 is not the entry noted in anchor 6:%s (its hash is now %s): the log was rewritten at or"
        + " before entry 6 (anchor 3:%s still holds)");

    final String message;

    Tamper(String message) {
      this.message = message;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Tamper t : Tamper.values()) {
      out.add(Arguments.of("H2", t));
      out.add(Arguments.of("PostgreSQL", t));
    }
    return out.stream();
  }

  private String database(String kind) throws Exception {
    return kind.equals("H2") ? "jdbc:h2:file:" + dir.resolve("db") : PostgresServer.shared().newDatabase();
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("cases")
  void verificationFindsTheTamperingAndNamesTheFirstEntryConcerned(String kind, Tamper tamper) throws Exception {
    String url = database(kind);
    List<String> anchors = new ArrayList<>();
    String expected = tamper.message;
    try (Database db = Database.open(url)) {
      JdbcAudit audit = new JdbcAudit(db);
      for (int i = 1; i <= 6; i++) {
        audit.append(T0.plusSeconds(i), "ada", "cli", "site-change", "site plant", "reason " + i, "detail " + i);
      }
      List<AuditEntry> before = audit.entries(null);
      assertThat(audit.verify()).isEmpty();
      anchors.add(JdbcAudit.Anchor.of(before.get(2)).toString());
      anchors.add(JdbcAudit.Anchor.of(before.get(5)).toString());
      try (Connection c = db.dataSource().getConnection()) {
        switch (tamper) {
          case EDITED -> sql(c, "UPDATE audit SET reason = 'nothing to see' WHERE id = 3");
          case REMOVED_IN_THE_MIDDLE -> sql(c, "DELETE FROM audit WHERE id = 3");
          case REORDERED -> {
            sql(c, "UPDATE audit SET id = 1003 WHERE id = 3");
            sql(c, "UPDATE audit SET id = 3 WHERE id = 4");
            sql(c, "UPDATE audit SET id = 4 WHERE id = 1003");
          }
          case INSERTED -> {
            // Make room after entry 3 (in two steps: a unique key is checked row by row), then put a
            // well-formed entry there that follows entry 3.
            sql(c, "UPDATE audit SET id = id + 1000 WHERE id >= 4");
            sql(c, "UPDATE audit SET id = id - 999 WHERE id >= 1000");
            insert(c, 4, before.get(2).hash(), T0.plusSeconds(3).plusMillis(500), "forged");
          }
          case APPENDED_AROUND_OTACTIVE -> insert(c, 7, before.get(5).hash(), T0.plusSeconds(7), "forged");
          case TAIL_REMOVED -> sql(c, "DELETE FROM audit WHERE id >= 5");
          case TAIL_REWRITTEN -> {
            // Entry 4 changed, and 4 to 6 and the head recomputed: a chain as valid as the real one.
            String prev = before.get(2).hash();
            for (AuditEntry e : before.subList(3, 6)) {
              String reason = e.id() == 4 ? "nothing to see" : e.reason();
              String hash = AuditEntry.hashOf(prev, e.at(), e.actor(), e.channel(), e.action(), e.subject(), reason, e.detail());
              try (PreparedStatement ps = c.prepareStatement("UPDATE audit SET reason = ?, prev_hash = ?, hash = ? WHERE id = ?")) {
                ps.setString(1, reason);
                ps.setString(2, prev);
                ps.setString(3, hash);
                ps.setLong(4, e.id());
                ps.executeUpdate();
              }
              prev = hash;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET hash = ? WHERE id = 1")) {
              ps.setString(1, prev);
              ps.executeUpdate();
            }
            expected = String.format(expected, before.get(5).hash().substring(0, 16), prev.substring(0, 16),
                before.get(2).hash().substring(0, 16));
          }
        }
      }
      if (tamper == Tamper.TAIL_REWRITTEN) {
        assertThat(audit.verify()).as("the chain alone cannot show it").isEmpty();
        assertThat(audit.verify(anchors.stream().map(JdbcAudit.Anchor::parse).toList())).contains(expected);
      } else {
        assertThat(audit.verify()).contains(expected);
      }
    }
    List<String> command = new ArrayList<>(List.of("--db", url, "audit", "--verify"));
    if (tamper == Tamper.TAIL_REWRITTEN) {
      assertThat(Cli.run(command.toArray(String[]::new)).code()).as("the chain alone").isZero();
      for (String a : anchors) command.addAll(List.of("--anchor", a));
    }
    Cli.Result r = Cli.run(command.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("otactive: audit log broken: " + expected + System.lineSeparator());
    assertThat(r.out()).isEmpty();
  }

  private static void sql(Connection c, String statement) throws SQLException {
    try (var st = c.createStatement()) {
      st.executeUpdate(statement);
    }
  }

  /** A well-formed entry written around otactive: its hash is right for its fields and its place. */
  private static void insert(Connection c, long id, String prev, Instant at, String reason) throws SQLException {
    String hash = AuditEntry.hashOf(prev, at, "mallory", "cli", "rearm", "site plant", reason, "");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit (id, at, actor, action, subject, reason, detail,"
        + " prev_hash, hash, channel) VALUES (?, ?, 'mallory', 'rearm', 'site plant', ?, '', ?, ?, 'cli')")) {
      ps.setLong(1, id);
      ps.setObject(2, java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC));
      ps.setString(3, reason);
      ps.setString(4, prev);
      ps.setString(5, hash);
      ps.executeUpdate();
    }
  }
}

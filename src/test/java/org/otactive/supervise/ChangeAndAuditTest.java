package org.otactive.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.access.AuditEntry;
import org.otactive.access.Role;
import org.otactive.access.User;
import org.otactive.methods.BuiltInMethods;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Site;
import org.otactive.store.Database;
import org.otactive.store.JdbcAudit;
import org.otactive.store.SecretStore;
import org.otactive.store.StoreException;
import org.otactive.testing.PostgresServer;
import org.otactive.testing.Rdns;

/** Every change and its audit entry are one transaction; concurrent writers never fork the chain. */
class ChangeAndAuditTest {
  private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");

  @TempDir Path dir;

  /** When to fail, relative to writing the audit entry. */
  enum Failure { NONE, BEFORE_ENTRY, AFTER_ENTRY }

  /** An audit log that can be made to fail just before or just after it writes its entry. */
  static final class FailingAudit extends JdbcAudit {
    final AtomicReference<Failure> failure = new AtomicReference<>(Failure.NONE);

    FailingAudit(Database db) {
      super(db);
    }

    @Override
    public AuditEntry append(Instant at, String actor, String channel, String action, String subject, String reason,
        String detail) {
      if (failure.get() == Failure.BEFORE_ENTRY) throw new StoreException("disk full (injected before the entry)", null);
      AuditEntry e = super.append(at, actor, channel, action, subject, reason, detail);
      if (failure.get() == Failure.AFTER_ENTRY) throw new StoreException("disk full (injected after the entry)", null);
      return e;
    }
  }

  private static Supervisor supervisor(Database db, JdbcAudit audit, Path key) {
    return new Supervisor(db, BuiltInMethods.registry(), new SecretStore(db, key), InstantSource.fixed(NOW),
        new ScheduledRunTest.RecordingDispatch(), new ActiveLegs(), audit);
  }

  @Test
  void aFailureAfterTheChangeLeavesNeitherTheChangeNorItsEntry() {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      FailingAudit audit = new FailingAudit(db);
      Supervisor sup = supervisor(db, audit, dir.resolve("key"));
      sup.saveUser("x", new User("ada", Role.ADMIN), "first admin");
      sup.addSite("ada", new Site("plant", ZoneId.of("UTC"), AddressSet.of("10.1.0.0/24")), List.of(), "set-up");
      int entries = audit.entries(null).size();
      for (Failure f : List.of(Failure.BEFORE_ENTRY, Failure.AFTER_ENTRY)) {
        audit.failure.set(f);
        assertThatThrownBy(() -> sup.setMonitoring("ada", true, "go")).isInstanceOf(StoreException.class);
        assertThat(sup.monitoringOn()).as(f.name()).isFalse();
        assertThatThrownBy(() -> sup.addSite("ada", new Site("mill", ZoneId.of("UTC"), AddressSet.of("10.2.0.0/24")),
            List.of(), "set-up")).isInstanceOf(StoreException.class);
        assertThat(sup.sites().find("mill")).as(f.name()).isEmpty();
        assertThatThrownBy(() -> sup.setMethodSettings("ada", "plant", "rdns",
            Rdns.options(List.of("127.0.0.1:5399"), 1, 100, 10, 3), "set-up")).isInstanceOf(StoreException.class);
        assertThat(sup.store().method("plant", "rdns")).as(f.name()).isEmpty();
        assertThatThrownBy(() -> sup.stopSite("ada", "plant", "alarm")).isInstanceOf(StoreException.class);
        assertThat(sup.store().siteStop("plant")).as(f.name()).isEmpty();
        assertThatThrownBy(() -> sup.changeSite("ada", "plant", null, List.of("10.9.0.0/24"), List.of(), List.of(), "move"))
            .isInstanceOf(StoreException.class);
        assertThat(sup.site("plant").ranges()).as(f.name()).isEqualTo(AddressSet.of("10.1.0.0/24"));
        assertThat(audit.entries(null)).as(f.name()).hasSize(entries);
        assertThat(audit.verify()).as(f.name()).isEmpty();
      }
      audit.failure.set(Failure.NONE);
      sup.setMonitoring("ada", true, "go");
      assertThat(sup.monitoringOn()).isTrue();
      assertThat(audit.entries(null)).hasSize(entries + 1);
    }
  }

  @Test
  void concurrentWritersNeverForkTheChainOnH2() throws Exception {
    writeConcurrently("jdbc:h2:file:" + dir.resolve("db"));
  }

  @Test
  void concurrentWritersNeverForkTheChainOnPostgresql() throws Exception {
    writeConcurrently(PostgresServer.shared().newDatabase());
  }

  private void writeConcurrently(String url) throws Exception {
    try (Database db = Database.open(url)) {
      JdbcAudit audit = new JdbcAudit(db);
      Supervisor sup = supervisor(db, audit, dir.resolve("key"));
      sup.saveUser("x", new User("ada", Role.ADMIN), "first admin");
      int writers = 6;
      int each = 25;
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            sup.saveUser("ada", new User("u" + writer + "-" + i, i % 2 == 0 ? Role.VIEWER : Role.OWNER), "writer " + writer);
          }
          return null;
        }));
      }
      for (Future<?> f : done) f.get();
      pool.shutdown();
      List<AuditEntry> all = audit.entries(null);
      assertThat(all).hasSize(1 + writers * each);
      assertThat(audit.verify()).isEmpty();
      assertThat(sup.store().users()).hasSize(1 + writers * each);
      for (int i = 1; i < all.size(); i++) assertThat(all.get(i).prevHash()).isEqualTo(all.get(i - 1).hash());
    }
  }
}

package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.scope.Addresses;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog;

/** The sink on a real store: a scan faster than the database neither waits nor holds its results in memory. */
class RecordingSinkTest {
  @TempDir Path dir;

  @Test
  void resultsBeyondTheQueueAreSetAsideAndAllWrittenInOrder() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      JdbcInventory inventory = new JdbcInventory(db);
      long run = log.begin("rdns", "test", 30_000, Instant.now());
      List<String> sent = new ArrayList<>();
      RecordingSink sink = new RecordingSink(inventory, log, run, "rdns");
      long most = 0;
      try (sink) {
        for (int i = 0; i < 30_000; i++) {
          InetAddress a = InetAddress.getByAddress(new byte[] {10, 8, (byte) (i >> 8), (byte) i});
          sent.add(Addresses.canonical(a));
          sink.accept(new TargetResult(a, new Outcome.Ok(List.of(new Fact("fqdn", "h" + i + ".example", "")), "PTR"),
              Instant.now()));
          most = Math.max(most, sink.waiting());
          assertThat(sink.congested()).isFalse();
        }
      }
      // The database takes thousands of rows per batch in tens of milliseconds: thousands waited
      // beyond the in-memory queue, on disk, while the results came in a few milliseconds.
      assertThat(most).isGreaterThan(RecordingSink.CAPACITY);
      assertThat(log.results(run)).extracting(JdbcRunLog.StoredResult::address).isEqualTo(sent);
      assertThat(inventory.count()).isEqualTo(30_000);
      assertThat(sink.waiting()).isZero();
    }
  }
}

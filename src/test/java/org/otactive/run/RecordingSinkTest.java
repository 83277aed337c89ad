package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.inventory.Change;
import org.otactive.inventory.Device;
import org.otactive.inventory.DeviceHistory;
import org.otactive.inventory.Inventory;
import org.otactive.inventory.Observation;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.scope.Addresses;
import org.otactive.store.Database;
import org.otactive.store.JdbcInventory;
import org.otactive.store.JdbcRunLog;

/** The sink on a real store: a scan faster than the database neither waits nor holds its results in memory. */
class RecordingSinkTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "pipelined {0}")
  @ValueSource(booleans = {true, false})
  void aScanFasterThanTheDatabaseNeverWaitsAndHasEveryResultWrittenInOrder(boolean pipelined) throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      JdbcInventory inventory = new JdbcInventory(db);
      long run = log.begin("rdns", "test", 30_000, Instant.now());
      List<String> sent = new ArrayList<>();
      RecordingSink sink = new RecordingSink(inventory, log, run, "rdns", pipelined);
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
      // How many waited at most depends on how fast this machine's database is against the loop
      // above; that results beyond the queue are set aside is checked with a held inventory below.
      assertThat(most).isPositive();
      assertThat(log.results(run)).extracting(JdbcRunLog.StoredResult::address).isEqualTo(sent);
      assertThat(inventory.count()).isEqualTo(30_000);
      assertThat(sink.waiting()).isZero();
    }
  }

  /**
   * With an hour's idle wait, a writer that waited on its empty queue while results sat on disk,
   * or that slept through {@code close}, would never finish: the timeout fails it.
   */
  @ParameterizedTest(name = "pipelined {0}")
  @ValueSource(booleans = {true, false})
  @Timeout(60)
  void resultsSetAsideAreWrittenWithoutWaitingForNewOnes(boolean pipelined) throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      int n = 2 * RecordingSink.CAPACITY;
      long run = log.begin("rdns", "test", n, Instant.now());
      CountDownLatch release = new CountDownLatch(1);
      Inventory held = new HeldInventory(new JdbcInventory(db), release);
      List<String> sent = new ArrayList<>();
      long waitingWhileHeld;
      try (RecordingSink sink = new RecordingSink(held, log, run, "rdns", Duration.ofHours(1), 2, pipelined)) {
        for (int i = 0; i < n; i++) {
          InetAddress a = InetAddress.getByAddress(new byte[] {10, 9, (byte) (i >> 8), (byte) i});
          sent.add(Addresses.canonical(a));
          sink.accept(new TargetResult(a, new Outcome.Ok(List.of(new Fact("fqdn", "h" + i + ".example", "")), "PTR"),
              Instant.now()));
        }
        waitingWhileHeld = sink.waiting();
        release.countDown();
      }
      // The writer held at most one batch when the database stopped it: the rest waited, most on disk.
      assertThat(waitingWhileHeld).isGreaterThan(RecordingSink.CAPACITY);
      assertThat(log.results(run)).extracting(JdbcRunLog.StoredResult::address).isEqualTo(sent);
      assertThat(held.count()).isEqualTo(n);
    }
  }

  /**
   * On a machine of two cores the writer leaves a busy scan the CPU: nothing is written while the
   * scan says it is busy, and everything as soon as it says it waits again (before any close).
   */
  @Test
  @Timeout(60)
  void aBusyScanOnTwoCoresHasItsResultsWrittenWhenItWaitsAgain() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      JdbcInventory inventory = new JdbcInventory(db);
      int n = 2 * RecordingSink.CAPACITY;
      long run = log.begin("rdns", "test", n, Instant.now());
      try (RecordingSink sink = new RecordingSink(inventory, log, run, "rdns", Duration.ofMillis(50), 2, true)) {
        sink.scanBusy(true);
        // A writer already waiting for its first result when the scan became busy would write
        // that one batch: the results come once it holds back.
        await(() -> sink.holds() > 0);
        accept(sink, n, 11);
        long looked = sink.holds();
        await(() -> sink.holds() >= looked + 2); // the writer looked twice more since the last result
        assertThat(inventory.count()).isZero();
        assertThat(log.results(run)).isEmpty();
        assertThat(sink.waiting()).isEqualTo(n);
        sink.scanBusy(false);
        await(() -> log.results(run).size() == n); // written before the close below
        assertThat(inventory.count()).isEqualTo(n);
        assertThat(sink.waiting()).isZero();
      }
      assertThat(log.results(run)).hasSize(n);
    }
  }

  /**
   * Results handed on in batches (as a one-off scan's hand-off does) and one by one, mixed, while
   * the database is held: they go into the queue while it has room for a whole batch, then to
   * disk in the batches' packed form, and are written in the order they came.
   */
  @ParameterizedTest(name = "pipelined {0}")
  @ValueSource(booleans = {true, false})
  @Timeout(60)
  void batchesAndSingleResultsMixedAreWrittenInOrder(boolean pipelined) throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      int n = 3 * RecordingSink.CAPACITY + 77;
      long run = log.begin("rdns", "test", n, Instant.now());
      CountDownLatch release = new CountDownLatch(1);
      Inventory held = new HeldInventory(new JdbcInventory(db), release);
      List<String> sent = new ArrayList<>();
      long waitingWhileHeld;
      try (RecordingSink sink = new RecordingSink(held, log, run, "rdns", Duration.ofMillis(50), 2, pipelined)) {
        int i = 0;
        java.util.Random sizes = new java.util.Random(7);
        while (i < n) {
          int size = Math.min(n - i, sizes.nextInt(4) == 0 ? 1 : 1 + sizes.nextInt(600));
          List<TargetResult> batch = new ArrayList<>();
          for (int j = 0; j < size; j++, i++) {
            InetAddress a = InetAddress.getByAddress(new byte[] {10, 7, (byte) (i >> 8), (byte) i});
            sent.add(Addresses.canonical(a));
            batch.add(new TargetResult(a, new Outcome.Ok(List.of(new Fact("fqdn", "h" + i + ".example", "PTR")), "PTR"),
                Instant.now()));
          }
          if (size == 1) sink.accept(batch.get(0));
          else sink.acceptAll(new ResultBatch(batch));
        }
        waitingWhileHeld = sink.waiting();
        release.countDown();
      }
      assertThat(waitingWhileHeld).isGreaterThan(RecordingSink.CAPACITY); // the rest were on disk
      assertThat(log.results(run)).extracting(JdbcRunLog.StoredResult::address).isEqualTo(sent);
      assertThat(held.count()).isEqualTo(n);
    }
  }

  /**
   * A one-off scan's hand-off sets results aside 256 at a time; read back, they are written a
   * batch of about 2,000 to a transaction and a run-log block, as those from the queue are.
   */
  @Test
  @Timeout(60)
  void resultsSetAsideInSmallBatchesAreWrittenInFullOnes() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      JdbcInventory inventory = new JdbcInventory(db);
      int batches = 40;
      int n = batches * HandOffSink.BATCH;
      long run = log.begin("rdns", "test", n, Instant.now());
      List<String> sent = new ArrayList<>();
      RecordingSink sink = new RecordingSink(inventory, log, run, "rdns", Duration.ofMillis(50), 1, true);
      try (sink) {
        sink.scanBusy(true); // held back: the queue fills, then the rest goes to disk
        await(() -> sink.holds() > 0);
        for (int b = 0; b < batches; b++) {
          List<TargetResult> batch = new ArrayList<>();
          for (int j = 0; j < HandOffSink.BATCH; j++) {
            int i = b * HandOffSink.BATCH + j;
            InetAddress a = InetAddress.getByAddress(new byte[] {10, 6, (byte) (i >> 8), (byte) i});
            sent.add(Addresses.canonical(a));
            batch.add(new TargetResult(a, new Outcome.Ok(List.of(new Fact("fqdn", "h" + i + ".example", "PTR")), "PTR"),
                Instant.now()));
          }
          sink.acceptAll(new ResultBatch(batch));
        }
        assertThat(sink.waiting()).isEqualTo(n);
      }
      assertThat(log.results(run)).extracting(JdbcRunLog.StoredResult::address).isEqualTo(sent);
      List<Integer> blocks = new ArrayList<>();
      try (var c = db.dataSource().getConnection();
          var ps = c.prepareStatement("SELECT results FROM run_result_block WHERE run_id = ? ORDER BY seq")) {
        ps.setLong(1, run);
        try (var rs = ps.executeQuery()) {
          while (rs.next()) blocks.add(rs.getInt(1));
        }
      }
      // The queue's 7,936 in four blocks, the 2,304 set aside in two (not nine of 256).
      assertThat(blocks).hasSize(6);
      assertThat(blocks.subList(0, blocks.size() - 1)).allSatisfy(size -> assertThat(size)
          .isGreaterThanOrEqualTo(RecordingSink.BATCH - HandOffSink.BATCH));
    }
  }

  @Test
  @Timeout(60)
  void closingEndsTheHoldAndWritesEverything() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      JdbcInventory inventory = new JdbcInventory(db);
      long run = log.begin("rdns", "test", 500, Instant.now());
      RecordingSink sink = new RecordingSink(inventory, log, run, "rdns", Duration.ofMillis(50), 1, true);
      try (sink) {
        sink.scanBusy(true);
        await(() -> sink.holds() > 0);
        accept(sink, 500, 12);
        long looked = sink.holds();
        await(() -> sink.holds() > looked);
      }
      assertThat(inventory.count()).isEqualTo(500);
      assertThat(sink.waiting()).isZero();
    }
  }

  /** With a core to spare the writer does not hold back: it writes while the scan is busy. */
  @Test
  @Timeout(60)
  void aMachineWithCoresToSpareWritesWhileTheScanIsBusy() throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      JdbcInventory inventory = new JdbcInventory(db);
      long run = log.begin("rdns", "test", 500, Instant.now());
      try (RecordingSink sink = new RecordingSink(inventory, log, run, "rdns", Duration.ofMillis(50), 4, true)) {
        sink.scanBusy(true);
        accept(sink, 500, 13);
        await(() -> log.results(run).size() == 500); // written before the close below
        assertThat(inventory.count()).isEqualTo(500);
        assertThat(sink.holds()).isZero();
      }
    }
  }

  /**
   * The run log gets a batch's results only after the inventory took its observations: a batch
   * the inventory refused leaves its targets without a result (a resumed run asks them again), the
   * batches around it are written, and closing says what failed.
   */
  @ParameterizedTest(name = "pipelined {0}")
  @ValueSource(booleans = {true, false})
  @Timeout(60)
  void aBatchWhoseObservationsFailedHasNoResults(boolean pipelined) throws Exception {
    try (Database db = Database.open("jdbc:h2:file:" + dir.resolve("db"))) {
      JdbcRunLog log = new JdbcRunLog(db);
      JdbcInventory inventory = new JdbcInventory(db);
      int n = 3 * RecordingSink.CAPACITY;
      long run = log.begin("rdns", "test", n, Instant.now());
      String refused = "10.14.0.7";
      Inventory refusing = new Wrapped(inventory, observations -> {
        if (observations.stream().anyMatch(o -> o.address().equals(refused))) throw new IllegalStateException("disk full");
      });
      RecordingSink sink = new RecordingSink(refusing, log, run, "rdns", Duration.ofMillis(50), 2, pipelined);
      accept(sink, n, 14);
      org.assertj.core.api.Assertions.assertThatThrownBy(sink::close).hasMessageContaining("disk full");
      List<String> written = log.results(run).stream().map(JdbcRunLog.StoredResult::address).toList();
      assertThat(written).doesNotContain(refused).hasSizeBetween(1, n - 1);
      assertThat(inventory.count()).isEqualTo(written.size());
      assertThat(sink.waiting()).isZero();
    }
  }

  private static void accept(RecordingSink sink, int n, int net) throws Exception {
    for (int i = 0; i < n; i++) {
      InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte) net, (byte) (i >> 8), (byte) i});
      sink.accept(new TargetResult(a, new Outcome.Ok(List.of(new Fact("fqdn", "h" + i + ".example", "")), "PTR"),
          Instant.now()));
    }
  }

  /** Waits for the writer thread to get there (the class's @Timeout bounds it). */
  private static void await(java.util.function.BooleanSupplier done) {
    while (!done.getAsBoolean()) java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
  }

  /** An inventory whose writes wait until the test lets them through. */
  private static final class HeldInventory extends Wrapped {
    HeldInventory(Inventory inner, CountDownLatch release) {
      super(inner, observations -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });
    }
  }

  /** An inventory that looks at each batch before it is recorded (and may refuse it by throwing). */
  private static class Wrapped implements Inventory {
    private final Inventory inner;
    private final java.util.function.Consumer<Collection<Observation>> before;

    Wrapped(Inventory inner, java.util.function.Consumer<Collection<Observation>> before) {
      this.inner = inner;
      this.before = before;
    }

    @Override
    public List<Change> record(Collection<Observation> observations) {
      before.accept(observations);
      return inner.record(observations);
    }

    @Override
    public List<Device> devices() {
      return inner.devices();
    }

    @Override
    public long count() {
      return inner.count();
    }

    @Override
    public Optional<DeviceHistory> device(String address) {
      return inner.device(address);
    }
  }
}

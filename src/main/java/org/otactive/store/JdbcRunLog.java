package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.otactive.common.AddressBits;
import org.otactive.run.RunLog;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.run.TargetResult;
import org.otactive.scope.Addresses;

/**
 * Runs and their per-target results in the database. Results are stored a batch at a time, each
 * batch one row ({@link ResultBlock}), so writing a run's results costs a few hundred rows per
 * million targets and stays off the scan's way.
 */
public final class JdbcRunLog implements RunLog {
  private final Database db;

  /** The sequence number of the last result block this process wrote, by run (until the run ends). */
  private final java.util.concurrent.ConcurrentMap<Long, Integer> lastBlock = new java.util.concurrent.ConcurrentHashMap<>();

  public JdbcRunLog(Database db) {
    this.db = db;
  }

  /** A run as stored. {@code site} is null for a one-off run from the command line. */
  public record StoredRun(long id, String method, String parameters, String state, String stopReason,
      long targets, long done, long packets, Instant started, Instant ended, String site, String trigger,
      String requestedBy, boolean outsideWindow, Instant heartbeat) {
    public RunState runState() {
      return RunState.ofWord(state);
    }

    /**
     * Whether the run keeps a result per target. A Test action, a query and a network-access check
     * answer their caller instead: their {@code done} stays 0 and says nothing of how far they got.
     */
    public boolean keepsResults() {
      return !ANSWERS_ITS_CALLER.contains(trigger);
    }
  }

  /** The triggers of runs that answer their caller and keep no result per target. */
  public static final String TEST = "test", QUERY = "query", NETCHECK = "netcheck";

  private static final java.util.Set<String> ANSWERS_ITS_CALLER = java.util.Set.of(TEST, QUERY, NETCHECK);

  private static final String RUN_COLUMNS = "id, method, parameters, state, stop_reason, targets, done, packets,"
      + " started_at, ended_at, site, trigger_kind, requested_by, outside_window, heartbeat_at";

  private static StoredRun readRun(ResultSet rs) throws java.sql.SQLException {
    return new StoredRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), Jdbc.instant(rs.getTimestamp(9)),
        Jdbc.instant(rs.getTimestamp(10)), rs.getString(11), rs.getString(12), rs.getString(13),
        rs.getBoolean(14), Jdbc.instant(rs.getTimestamp(15)));
  }

  /** Queues a supervised run of {@code method} on {@code site}; returns its id. Sends nothing. */
  public long queue(String method, String site, String parameters, long targets, String trigger,
      String requestedBy, boolean outsideWindow, Instant at) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO run (method, parameters, state, targets, done, packets, started_at, site, trigger_kind,"
              + " requested_by, outside_window) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)", new String[] {"id"})) {
        ps.setString(1, method);
        ps.setString(2, parameters);
        ps.setString(3, RunState.QUEUED.word());
        ps.setLong(4, targets);
        ps.setTimestamp(5, Jdbc.ts(at));
        ps.setString(6, site);
        ps.setString(7, trigger);
        ps.setString(8, requestedBy);
        ps.setBoolean(9, outsideWindow);
        return Jdbc.insertForId(ps);
      }
    });
  }

  /**
   * Moves a run to {@code to} if it is in one of {@code from}; returns whether it moved. Conditional,
   * so a stop and a run's own ending cannot overwrite each other.
   */
  public boolean transition(long id, java.util.Set<RunState> from, RunState to, String reason, Instant at) {
    if (from.isEmpty()) return false;
    return Jdbc.inTransaction(db, c -> {
      List<String> words = from.stream().map(RunState::word).toList();
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE run SET state = ?, stop_reason = COALESCE(?, stop_reason), ended_at = ?"
              + " WHERE id = ? AND state IN (" + Jdbc.placeholders(words.size()) + ")")) {
        ps.setString(1, to.word());
        ps.setString(2, reason);
        ps.setTimestamp(3, to.isFinal() ? Jdbc.ts(at) : null);
        ps.setLong(4, id);
        for (int i = 0; i < words.size(); i++) ps.setString(5 + i, words.get(i));
        return ps.executeUpdate() == 1;
      }
    });
  }

  /**
   * Marks a run as alive now and records {@code packets}, the run's packets in total (earlier legs
   * included). Called every second or so while it sends, so a crash loses at most that much of the
   * count. Its results so far need no recording: each block of them counts itself in ({@link
   * #results}); summing the blocks here read every result of the run every second, a cost that
   * grew with the run (bench/RESULTS.md).
   */
  public void heartbeat(long id, long packets, Instant at) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE run SET heartbeat_at = ?, packets = ? WHERE id = ?")) {
        ps.setTimestamp(1, Jdbc.ts(at));
        ps.setLong(2, packets);
        ps.setLong(3, id);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** The addresses (canonical text) that already have a result in this run. */
  public java.util.Set<String> recordedAddresses(long runId) {
    java.util.Set<String> out = new java.util.HashSet<>();
    blocks(runId, b -> ResultBlock.addresses(b, a -> out.add(Addresses.canonical(a))));
    return out;
  }

  /**
   * The addresses that already have a result in this run, about a bit each: what a resumed run
   * skips, whatever the run's size.
   */
  public AddressBits doneAddresses(long runId) {
    AddressBits out = new AddressBits();
    blocks(runId, b -> ResultBlock.addresses(b, out::add));
    return out;
  }

  /** Hands each stored block of the run to {@code each}, in order. */
  private void blocks(long runId, java.util.function.Consumer<byte[]> each) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT data FROM run_result_block WHERE run_id = ? ORDER BY seq")) {
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) each.accept(rs.getBytes(1));
        }
      }
      return null;
    });
  }

  /** Runs in the given states (all when empty), newest first, at most {@code limit}. */
  public List<StoredRun> runs(java.util.Set<RunState> states, int limit) {
    return Jdbc.inTransaction(db, c -> {
      List<String> words = states.stream().map(RunState::word).toList();
      List<StoredRun> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM run"
          + (words.isEmpty() ? "" : " WHERE state IN (" + Jdbc.placeholders(words.size()) + ")")
          + " ORDER BY id DESC")) {
        ps.setMaxRows(limit);
        for (int i = 0; i < words.size(); i++) ps.setString(1 + i, words.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(readRun(rs));
        }
      }
      return out;
    });
  }

  /** A per-target result as stored. */
  public record StoredResult(String address, String outcome, String detail, Instant at) {}

  @Override
  public long begin(String method, String parameters, long targets, Instant started) {
    return begin(method, parameters, targets, "command", null, false, started);
  }

  /** Records a one-off run (or a Test action, {@code trigger} "test") as running; returns its id. */
  public long begin(String method, String parameters, long targets, String trigger, String requestedBy,
      boolean outsideWindow, Instant started) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO run (method, parameters, state, targets, done, packets, started_at, trigger_kind, requested_by,"
              + " outside_window, heartbeat_at) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)", new String[] {"id"})) {
        ps.setString(1, method);
        ps.setString(2, parameters);
        ps.setString(3, RunState.RUNNING.word());
        ps.setLong(4, targets);
        ps.setTimestamp(5, Jdbc.ts(started));
        ps.setString(6, trigger);
        ps.setString(7, requestedBy);
        ps.setBoolean(8, outsideWindow);
        ps.setTimestamp(9, Jdbc.ts(started));
        return Jdbc.insertForId(ps);
      }
    });
  }

  /** Stores the results as one block (a batch of {@link ResultBlock#SIZE} or so). */
  @Override
  public void results(long runId, List<TargetResult> results) {
    if (results.isEmpty()) return;
    List<ResultBlock.Entry> entries = new ArrayList<>(results.size());
    for (TargetResult r : results) entries.add(ResultBlock.of(r));
    byte[] data = ResultBlock.encode(entries);
    boolean own = !db.inTransaction(); // else the caller's transaction may yet roll the block back
    int written = Jdbc.inTransaction(db, c -> {
      int seq;
      // From the last block this process wrote of the run on: H2 reads every row it counts, and
      // counting a run's blocks from its first made each block dearer than the last (a /14's 133
      // blocks read 8,800 rows of results). Blocks are never deleted, so the one written last is there.
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COALESCE(MAX(seq), -1) + 1 FROM run_result_block WHERE run_id = ? AND seq >= ?")) {
        ps.setLong(1, runId);
        ps.setInt(2, lastBlock.getOrDefault(runId, 0));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          seq = rs.getInt(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO run_result_block (run_id, seq, results, data) VALUES (?, ?, ?, ?)")) {
        ps.setLong(1, runId);
        ps.setInt(2, seq);
        ps.setInt(3, results.size());
        ps.setBytes(4, data);
        ps.executeUpdate();
      }
      // Counted in with the block, in its transaction: the run's count never lags its blocks.
      try (PreparedStatement ps = c.prepareStatement("UPDATE run SET done = done + ? WHERE id = ?")) {
        ps.setLong(1, results.size());
        ps.setLong(2, runId);
        ps.executeUpdate();
      }
      return seq;
    });
    // Only once committed; another process's blocks written meanwhile are counted from here.
    if (own) lastBlock.merge(runId, written, Math::max);
  }

  @Override
  public void end(RunReport report) {
    lastBlock.remove(report.runId());
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE run SET state = ?, stop_reason = ?, done = ?, packets = ?, ended_at = ? WHERE id = ?")) {
        ps.setString(1, report.state().word());
        ps.setString(2, report.stopReason());
        ps.setLong(3, report.done());
        ps.setLong(4, report.packets());
        ps.setTimestamp(5, Jdbc.ts(report.ended()));
        ps.setLong(6, report.runId());
        ps.executeUpdate();
      }
      return null;
    });
  }

  public Optional<StoredRun> run(long id) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM run WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<StoredRun>empty();
          return Optional.of(readRun(rs));
        }
      }
    });
  }

  /**
   * The latest result of each address among the runs of {@code method} on {@code site} (supervised
   * runs; one-off runs have no site), in no particular order.
   */
  public List<StoredResult> latestResults(String method, String site) {
    List<Long> runs = Jdbc.inTransaction(db, c -> {
      List<Long> ids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM run WHERE method = ? AND site = ? ORDER BY id DESC")) {
        ps.setString(1, method);
        ps.setString(2, site);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) ids.add(rs.getLong(1));
        }
      }
      return ids;
    });
    // Newest run first, and within a run the last written first: the first seen is the latest.
    java.util.Map<String, StoredResult> latest = new java.util.LinkedHashMap<>();
    for (long run : runs) {
      List<StoredResult> ofRun = results(run);
      for (int i = ofRun.size() - 1; i >= 0; i--) latest.putIfAbsent(ofRun.get(i).address(), ofRun.get(i));
    }
    return List.copyOf(latest.values());
  }

  /** Every result of the run, in the order they were written. */
  public List<StoredResult> results(long runId) {
    List<StoredResult> out = new ArrayList<>();
    blocks(runId, b -> {
      for (ResultBlock.Entry e : ResultBlock.decode(b)) {
        out.add(new StoredResult(Addresses.canonical(e.address()), e.outcome(), e.detail(), e.at()));
      }
    });
    return out;
  }

  /** How many of a run's recorded results have each outcome ({@code ok}, {@code no-answer}, …), by outcome. */
  public java.util.Map<String, Long> outcomeCounts(long runId) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    blocks(runId, b -> {
      for (ResultBlock.Entry e : ResultBlock.decode(b)) out.merge(e.outcome(), 1L, Long::sum);
    });
    return out;
  }
}

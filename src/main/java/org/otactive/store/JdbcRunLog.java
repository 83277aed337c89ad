package org.otactive.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.otactive.run.RunLog;
import org.otactive.run.RunReport;
import org.otactive.run.RunState;
import org.otactive.run.TargetResult;
import org.otactive.scope.Addresses;

/** Runs and their per-target results in the database. */
public final class JdbcRunLog implements RunLog {
  private final Database db;

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
  }

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
          "UPDATE run SET state = ?, stop_reason = COALESCE(?, stop_reason), ended_at = ?,"
              + " done = (SELECT COUNT(*) FROM run_result WHERE run_id = ?) WHERE id = ? AND state IN ("
              + Jdbc.placeholders(words.size()) + ")")) {
        ps.setString(1, to.word());
        ps.setString(2, reason);
        ps.setTimestamp(3, to.isFinal() ? Jdbc.ts(at) : null);
        ps.setLong(4, id);
        ps.setLong(5, id);
        for (int i = 0; i < words.size(); i++) ps.setString(6 + i, words.get(i));
        return ps.executeUpdate() == 1;
      }
    });
  }

  /**
   * Marks a run as alive now and records its progress: results so far and {@code packets}, the
   * run's packets in total (earlier legs included). Called every second or so while it sends, so a
   * crash loses at most that much of the count.
   */
  public void heartbeat(long id, long packets, Instant at) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE run SET heartbeat_at = ?, packets = ?, done = (SELECT COUNT(*) FROM run_result WHERE run_id = ?) WHERE id = ?")) {
        ps.setTimestamp(1, Jdbc.ts(at));
        ps.setLong(2, packets);
        ps.setLong(3, id);
        ps.setLong(4, id);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** The addresses (canonical text) that already have a result in this run. */
  public java.util.Set<String> recordedAddresses(long runId) {
    return Jdbc.inTransaction(db, c -> {
      java.util.Set<String> out = new java.util.HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT address FROM run_result WHERE run_id = ?")) {
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(rs.getString(1));
        }
      }
      return out;
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

  @Override
  public void results(long runId, List<TargetResult> results) {
    Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO run_result (run_id, address, outcome, detail, at) VALUES (?, ?, ?, ?, ?)")) {
        for (TargetResult r : results) {
          ps.setLong(1, runId);
          ps.setString(2, Addresses.canonical(r.address()));
          ps.setString(3, r.outcome().kind());
          String detail = r.outcome().detail();
          ps.setString(4, detail.length() > 4000 ? detail.substring(0, 4000) : detail);
          ps.setTimestamp(5, Jdbc.ts(r.at()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void end(RunReport report) {
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

  public List<StoredResult> results(long runId) {
    return Jdbc.inTransaction(db, c -> {
      List<StoredResult> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT address, outcome, detail, at FROM run_result WHERE run_id = ?")) {
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new StoredResult(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.instant(rs.getTimestamp(4))));
          }
        }
      }
      return out;
    });
  }

  /** How many of a run's recorded results have each outcome ({@code ok}, {@code no-answer}, …), by outcome. */
  public java.util.Map<String, Long> outcomeCounts(long runId) {
    return Jdbc.inTransaction(db, c -> {
      java.util.Map<String, Long> out = new java.util.TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT outcome, COUNT(*) FROM run_result WHERE run_id = ? GROUP BY outcome")) {
        ps.setLong(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
        }
      }
      return out;
    });
  }
}

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

  /** A run as stored. */
  public record StoredRun(long id, String method, String parameters, String state, String stopReason,
      long targets, long done, long packets, Instant started, Instant ended) {}

  /** A per-target result as stored. */
  public record StoredResult(String address, String outcome, String detail, Instant at) {}

  @Override
  public long begin(String method, String parameters, long targets, Instant started) {
    return Jdbc.inTransaction(db, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO run (method, parameters, state, targets, done, packets, started_at)"
              + " VALUES (?, ?, ?, ?, 0, 0, ?)", new String[] {"id"})) {
        ps.setString(1, method);
        ps.setString(2, parameters);
        ps.setString(3, RunState.RUNNING.word());
        ps.setLong(4, targets);
        ps.setTimestamp(5, Jdbc.ts(started));
        ps.executeUpdate();
        try (ResultSet rs = ps.getGeneratedKeys()) {
          rs.next();
          return rs.getLong(1);
        }
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
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, method, parameters, state, stop_reason, targets, done, packets, started_at, ended_at"
              + " FROM run WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) return Optional.<StoredRun>empty();
          return Optional.of(new StoredRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), Jdbc.instant(rs.getTimestamp(9)),
              Jdbc.instant(rs.getTimestamp(10))));
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
}

-- A run's count of results is now kept up to date by each block of results as it is written, in
-- the same transaction, instead of being summed over the blocks at every heartbeat and state change
-- (a sum that read every result of the run, every second). Runs that are not over yet take the sum
-- once here; from now on their blocks add to it. Portable SQL (H2 and PostgreSQL).
UPDATE run SET done = (SELECT COALESCE(SUM(b.results), 0) FROM run_result_block b WHERE b.run_id = run.id)
  WHERE ended_at IS NULL;

-- Every answered run in the comparison row shape, side by side in pairs-file order and within a
-- side in pairing order (task, repeat, sample, then recorded_at and run_id), with its side, sweep
-- and task as the numbers comparison_run_keys.sql gave them. One pass over it writes the pairs
-- files and holds the runs comparisons.json pairs (exporter/comparisons/run-pass.ts); a sweep
-- subset of a side's runs is, in order, what an export of only those sweeps would pair.
-- Joules only when the reading is valid: an invalid reading is unknown, never a number to average.
SELECT
  s.side,
  w.sweep,
  t.task,
  r.run_id,
  r.recorded_at,
  r."repeat",
  r.sample,
  r.applied_w,
  r.passed,
  r.score,
  r.format_score,
  CAST(r.output_tokens AS DOUBLE) AS output_tokens,
  r.wall_ms,
  CASE WHEN r.energy_valid THEN r.joules END AS joules,
  r.usd,
  r.simulated,
  r.harness_suspect
FROM runs r
JOIN comparison_run_sides s USING (model, experiment, arm, power_level)
JOIN comparison_run_sweeps w USING (sweep_id)
JOIN comparison_run_tasks t USING (task_id)
WHERE r.failure_stage IS DISTINCT FROM 'transport'
ORDER BY s.side, t.task, r."repeat", r.sample, r.recorded_at, r.run_id

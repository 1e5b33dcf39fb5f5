-- Runs that carry a format score (code runs), in the comparison row shape
-- (exporter/comparisons/run-row.ts): the dual-scoring surface pairs arms within them.
SELECT
  run_id,
  recorded_at,
  CASE WHEN backend = 'ollama' THEN model ELSE backend || ':' || model END AS model,
  experiment,
  task_id,
  arm,
  "repeat",
  sample,
  power_level,
  applied_w,
  passed,
  score,
  format_score,
  CAST(output_tokens AS DOUBLE) AS output_tokens,
  wall_ms,
  CASE WHEN energy_valid THEN joules END AS joules,
  usd,
  simulated
FROM runs
WHERE format_score IS NOT NULL
ORDER BY model, experiment, arm, power_level, task_id, "repeat", sample, recorded_at, run_id

-- One row per run, as the paired statistics need it (exporter/comparisons/run-row.ts validates it).
-- The model is given as its --models spec: the bare name for Ollama, `openai:NAME` and `sim:NAME`
-- otherwise, so rows line up with candidates.json and the compare command's flags.
-- Joules only when the reading is valid: an invalid reading is unknown, never a number to average.
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
ORDER BY model, experiment, arm, power_level, task_id, "repeat", sample, recorded_at, run_id

  -- The comparison row (exporter/comparisons/run-row.ts), shared by comparisons_runs
  -- and dual_scoring_runs. The model is given as its --models spec: the bare name for Ollama,
  -- `openai:NAME` and `sim:NAME` otherwise, so rows line up with candidates.json and compare's flags.
  -- harness_suspect: the failure's harness-suspect reason, so discordant pairs can be counted as suspects.
  -- Joules only when the reading is valid: an invalid reading is unknown, never a number to average.
  run_id,
  recorded_at,
  model,
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
  simulated,
  harness_suspect

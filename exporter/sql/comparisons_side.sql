-- The runs of one side of a comparison: one model (as its spec), experiment, arm and power level,
-- in the order comparisons_runs.sql gives them within that side. Reads comparison_sides
-- (comparisons_sides_table.sql); the four filtered fields are not fetched again for every row.
SELECT run_id, recorded_at, task_id, "repeat", sample, applied_w, passed, score, format_score, output_tokens, wall_ms, joules, usd, simulated, harness_suspect
FROM comparison_sides
WHERE model = $model
  AND experiment = $experiment
  AND arm = $arm
  AND power_level = $power_level
ORDER BY task_id, "repeat", sample, recorded_at, run_id

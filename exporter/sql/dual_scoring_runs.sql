-- Runs of one model (as its spec) and experiment that carry a format score (code runs), in the
-- comparison row shape (exporter/comparisons/run-row.ts): the dual-scoring surface pairs arms within them.
SELECT
-- @include comparisons_run_columns
FROM runs
WHERE format_score IS NOT NULL
  AND failure_stage IS DISTINCT FROM 'transport'
  AND experiment = $experiment
  AND model = $model
ORDER BY arm, power_level, task_id, "repeat", sample, recorded_at, run_id

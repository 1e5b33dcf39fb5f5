-- task_rankings.json: one row per task within an experiment and arm, pooled over every model, with
-- the spread of per-model pass rates (a task every model passes or fails tells models apart poorly).
WITH per_model AS (
  SELECT experiment, arm, task_id, task_family, model, backend, count_if(passed)::DOUBLE / count(*) AS pass_rate
  FROM runs
  GROUP BY experiment, arm, task_id, task_family, model, backend
),
spread AS (
  SELECT
    experiment,
    arm,
    task_id,
    task_family,
    count(*)::INTEGER AS models,
    min(pass_rate) AS model_pass_rate_min,
    max(pass_rate) AS model_pass_rate_max
  FROM per_model
  GROUP BY experiment, arm, task_id, task_family
),
pooled AS (
  SELECT
    experiment,
    arm,
    task_id,
    task_family,
-- @include metric_aggregates
  FROM runs
  GROUP BY experiment, arm, task_id, task_family
)
SELECT pooled.*, spread.models, spread.model_pass_rate_min, spread.model_pass_rate_max
FROM pooled JOIN spread USING (experiment, arm, task_id, task_family)
ORDER BY experiment, arm, task_id, task_family

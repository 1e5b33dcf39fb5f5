-- task_rankings.json: one row per task within an experiment and arm, pooled over every model, with
-- the spread of per-model run pass rates (a task every model passes or fails tells models apart
-- poorly). A model's rate is over its answered runs; a model that was never answered has none.
WITH per_model AS (
  SELECT
    experiment, arm, task_id, task_family, model, backend,
    count_if(passed AND failure_stage IS DISTINCT FROM 'transport')::DOUBLE
      / nullif(count_if(failure_stage IS DISTINCT FROM 'transport'), 0) AS run_pass_rate
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
    min(run_pass_rate) AS model_run_pass_rate_min,
    max(run_pass_rate) AS model_run_pass_rate_max
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
SELECT pooled.*, spread.models, spread.model_run_pass_rate_min, spread.model_run_pass_rate_max
FROM pooled JOIN spread USING (experiment, arm, task_id, task_family)
ORDER BY experiment, arm, task_id, task_family

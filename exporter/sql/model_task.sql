-- model_task.json: one row per model × task within an experiment, arm and power level (repeats pooled).
SELECT
  model,
  backend,
  model_family,
  experiment,
  arm,
  power_level,
  median(applied_w)::DOUBLE AS applied_w,
  string_agg(DISTINCT gpu, ' + ' ORDER BY gpu) AS gpu,
  task_id,
  task_family,
-- @include metric_aggregates
FROM runs
GROUP BY model, backend, model_family, experiment, arm, power_level, task_id, task_family
ORDER BY experiment, arm, power_level, task_id, task_family, model, backend, model_family

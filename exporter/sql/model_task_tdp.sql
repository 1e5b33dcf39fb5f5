-- model_task_tdp.json: one row per model × task × applied power limit in watts. Runs whose limit
-- was not applied (applied_w null) form their own row. power_level lists the requests that led
-- to that wattage (`80,144w` when two requests landed on the same limit).
SELECT
  model,
  backend,
  model_family,
  experiment,
  arm,
  string_agg(DISTINCT power_level, ',' ORDER BY power_level) AS power_level,
  applied_w,
  string_agg(DISTINCT gpu, ' + ' ORDER BY gpu) AS gpu,
  task_id,
  task_family,
-- @include metric_aggregates
FROM runs
GROUP BY model, backend, model_family, experiment, arm, applied_w, task_id, task_family
ORDER BY experiment, arm, task_id, task_family, model, backend, model_family, applied_w NULLS FIRST

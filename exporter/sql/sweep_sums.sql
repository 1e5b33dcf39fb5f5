-- sweep_sums.json: the additive sums of every sweep × model × suite × arm × power level × applied
-- limit × task, so the site can pool any sweep subset into the rows of model_rankings,
-- model_task, model_task_tdp, task_rankings and pareto_frontiers (ui/logic/sweep-pool.ts). One
-- key column more than model_task_tdp (sweep_id; power_level is the run's own request), so a
-- single-sweep export has about as many rows as that file.
SELECT
  sweep_id,
  model,
  backend,
  model_family,
  experiment,
  arm,
  power_level,
  applied_w,
  string_agg(DISTINCT gpu, ' + ' ORDER BY gpu) AS gpu,
  task_id,
  task_family,
-- @include metric_aggregates
FROM runs
GROUP BY sweep_id, model, backend, model_family, experiment, arm, power_level, applied_w, task_id, task_family
ORDER BY sweep_id, experiment, arm, task_id, task_family, model, backend, model_family, power_level, applied_w NULLS FIRST

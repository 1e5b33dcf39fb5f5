-- sweep_failures.json: failure_surfaces.sql's rows with the sweep as one more key, so the site
-- pools any sweep subset (ui/logic/sweep-failures.ts). The rate's denominator is left to
-- sweep_sums.json, which has a row for every sweep that ran the task, failed or not.
SELECT
  sweep_id,
  model,
  experiment,
  arm,
  task_id,
  list(DISTINCT task_family ORDER BY task_family) AS task_families,
  failure_stage AS stage,
  failure_class,
  count(*)::INTEGER AS count,
  list_sort(min(run_id, 3)) AS representative_run_ids,
  bool_or(simulated) AS simulated
FROM runs
WHERE failure_stage IS NOT NULL
GROUP BY sweep_id, model, experiment, arm, task_id, failure_stage, failure_class
ORDER BY sweep_id, experiment, arm, task_id, model, failure_stage, failure_class

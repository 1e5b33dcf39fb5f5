-- failure_surfaces.json: one row per model × task × failure (stage, class) within an experiment and
-- arm, power levels pooled; `runs` counts every run of that model on that task, the rate's
-- denominator, and `answered_runs` those the server answered (transport failures are outages).
WITH totals AS (
  SELECT
    model, experiment, arm, task_id,
    count(*)::INTEGER AS runs,
    count_if(failure_stage IS DISTINCT FROM 'transport')::INTEGER AS answered_runs
  FROM runs
  GROUP BY model, experiment, arm, task_id
)
SELECT
  r.model,
  r.experiment,
  r.arm,
  r.task_id,
  string_agg(DISTINCT r.task_family, ', ' ORDER BY r.task_family) AS task_family,
  r.failure_stage AS stage,
  r.failure_class,
  count(*)::INTEGER AS count,
  t.runs,
  t.answered_runs,
  list_sort(min(r.run_id, 3)) AS representative_run_ids,
  bool_or(r.simulated) AS simulated
FROM runs r JOIN totals t USING (model, experiment, arm, task_id)
WHERE r.failure_stage IS NOT NULL
GROUP BY r.model, r.experiment, r.arm, r.task_id, r.failure_stage, r.failure_class, t.runs, t.answered_runs
ORDER BY r.experiment, r.arm, r.task_id, r.model, r.failure_stage, r.failure_class

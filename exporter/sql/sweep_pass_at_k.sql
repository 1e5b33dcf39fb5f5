-- sweep_pass_at_k.json: pass_at_k_tasks.sql's samples and passes per task with the sweep as one
-- more key, over the same pass_at_k_samples view (run pass_at_k_samples.sql first). The
-- latest-record rule is applied over every sweep first, as pass_at_k.json applies it, and each
-- counted sample then belongs to the sweep of its record: summing n and c over every sweep gives
-- that file's counts exactly, and a sweep subset counts the samples it recorded.
SELECT
  sweep_id,
  model,
  experiment,
  arm,
  power_level,
  task_id,
  CAST(count(*) AS INTEGER) AS n,
  CAST(count(*) FILTER (WHERE passed) AS INTEGER) AS c,
  bool_or(simulated) AS simulated
FROM pass_at_k_samples
GROUP BY sweep_id, model, experiment, arm, power_level, task_id
ORDER BY sweep_id, model, experiment, arm, power_level, task_id

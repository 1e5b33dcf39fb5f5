-- Samples and passes per model (as its --models spec), suite, arm, power level and task, over the
-- samples of pass_at_k_samples.sql (which must have been run first).
SELECT
  model,
  experiment,
  arm,
  power_level,
  task_id,
  CAST(count(*) AS INTEGER) AS n,
  CAST(count(*) FILTER (WHERE passed) AS INTEGER) AS c,
  bool_or(simulated) AS simulated
FROM pass_at_k_samples
GROUP BY 1, experiment, arm, power_level, task_id
ORDER BY 1, experiment, arm, power_level, task_id

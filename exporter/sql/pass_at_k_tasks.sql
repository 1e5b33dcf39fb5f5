-- Samples and passes per model (as its --models spec), suite, arm, power level and task: the
-- per-sweep counts of pass_at_k_samples.sql (which must have been run first) added over sweeps.
SELECT
  model,
  experiment,
  arm,
  power_level,
  task_id,
  CAST(sum(n) AS INTEGER) AS n,
  CAST(sum(c) AS INTEGER) AS c,
  bool_or(simulated) AS simulated
FROM pass_at_k_sweep_samples
GROUP BY model, experiment, arm, power_level, task_id
ORDER BY model, experiment, arm, power_level, task_id

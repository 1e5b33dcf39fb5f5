-- The samples pass@k counts, defined once for pass_at_k.json and sweep_pass_at_k.json: every
-- repeat and sample of a task is one sample. When the same (task, repeat, sample) was recorded
-- twice, the later record counts, as in the paired comparisons. A transport failure is not a
-- sample (the server never answered), so a retried one is superseded and a lone one left out.
-- Counted once per export, per sweep (each counted sample belongs to the sweep of its record),
-- into a table both surfaces read: the latest-record window over every run is the costly part,
-- and the runs table does not change once the ledgers are loaded.
CREATE TEMP TABLE IF NOT EXISTS pass_at_k_sweep_samples AS
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
FROM (
  SELECT sweep_id, model, experiment, arm, power_level, task_id, passed, simulated
  FROM runs
  WHERE failure_stage IS DISTINCT FROM 'transport'
  QUALIFY row_number() OVER (
    PARTITION BY backend, model, experiment, arm, power_level, task_id, "repeat", sample
    ORDER BY recorded_at DESC, run_id DESC
  ) = 1
)
GROUP BY sweep_id, model, experiment, arm, power_level, task_id

-- Samples and passes per model (as its --models spec), suite, arm, power level and task: every
-- repeat and sample of a task is one sample for pass@k. When the same (task, repeat, sample) was
-- recorded twice, the later record counts, as in the paired comparisons. A transport failure is
-- not a sample (the server never answered), so a retried one is superseded and a lone one left out.
WITH latest AS (
  SELECT *
  FROM runs
  WHERE failure_stage IS DISTINCT FROM 'transport'
  QUALIFY row_number() OVER (
    PARTITION BY backend, model, experiment, arm, power_level, task_id, "repeat", sample
    ORDER BY recorded_at DESC, run_id DESC
  ) = 1
)
SELECT
  model,
  experiment,
  arm,
  power_level,
  task_id,
  CAST(count(*) AS INTEGER) AS n,
  CAST(count(*) FILTER (WHERE passed) AS INTEGER) AS c,
  bool_or(simulated) AS simulated
FROM latest
GROUP BY 1, experiment, arm, power_level, task_id
ORDER BY 1, experiment, arm, power_level, task_id

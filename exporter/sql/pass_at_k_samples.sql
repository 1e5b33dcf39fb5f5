-- The samples pass@k counts, defined once for pass_at_k.json and sweep_pass_at_k.json: every
-- repeat and sample of a task is one sample. When the same (task, repeat, sample) was recorded
-- twice, the later record counts, as in the paired comparisons. A transport failure is not a
-- sample (the server never answered), so a retried one is superseded and a lone one left out.
CREATE OR REPLACE TEMP VIEW pass_at_k_samples AS
SELECT *
FROM runs
WHERE failure_stage IS DISTINCT FROM 'transport'
QUALIFY row_number() OVER (
  PARTITION BY backend, model, experiment, arm, power_level, task_id, "repeat", sample
  ORDER BY recorded_at DESC, run_id DESC
) = 1

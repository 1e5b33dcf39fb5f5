-- What planning the comparisons needs, without the runs (exporter/comparisons/plan.ts RunCell):
-- answered runs (transport failures never pair) per model spec, experiment, arm, power level and applied watts.
SELECT
  model,
  experiment,
  arm,
  power_level,
  applied_w,
  CAST(count(*) AS INTEGER) AS runs
FROM runs
WHERE failure_stage IS DISTINCT FROM 'transport'
GROUP BY ALL
ORDER BY ALL

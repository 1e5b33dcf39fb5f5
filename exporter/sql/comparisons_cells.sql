-- What planning the comparisons needs, without the runs (exporter/comparisons/plan.ts RunCell):
-- runs per model spec, experiment, arm, power level and applied watts.
SELECT
  CASE WHEN backend = 'ollama' THEN model ELSE backend || ':' || model END AS model,
  experiment,
  arm,
  power_level,
  applied_w,
  CAST(count(*) AS INTEGER) AS runs
FROM runs
GROUP BY ALL
ORDER BY ALL

-- comparison_pairs.json rows: answered runs (transport failures never pair) per sweep, model spec,
-- experiment, arm, power level and applied watts: comparisons_cells.sql with the sweep as a key, so
-- the site can plan any sweep subset's comparisons by adding rows. Ordered by side first: the
-- order the pairs files are written in (comparison_runs.sql).
SELECT
  model,
  experiment,
  arm,
  power_level,
  sweep_id,
  applied_w,
  CAST(count(*) AS INTEGER) AS runs
FROM runs
WHERE failure_stage IS DISTINCT FROM 'transport'
GROUP BY ALL
ORDER BY model, experiment, arm, power_level, sweep_id, applied_w NULLS FIRST

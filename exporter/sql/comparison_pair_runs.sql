-- Every answered run in the comparison row shape with its sweep, side by side (the order of
-- comparison_pair_cells.sql) and within a side in the order comparisons_side.sql gives, so a sweep
-- subset of a side's runs is, in order, what an export of only those sweeps would load for it.
SELECT
  sweep_id,
-- @include comparisons_run_columns
FROM runs
WHERE failure_stage IS DISTINCT FROM 'transport'
ORDER BY model, experiment, arm, power_level, task_id, "repeat", sample, recorded_at, run_id

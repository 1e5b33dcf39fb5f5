-- One row per run, as the paired statistics need it (exporter/comparisons/run-row.ts validates it):
-- every run at once, for the compare command. The export's comparisons surface loads one side at a
-- time instead (comparisons_side.sql) so it never holds every run.
SELECT
-- @include comparisons_run_columns
FROM runs
ORDER BY model, experiment, arm, power_level, task_id, "repeat", sample, recorded_at, run_id

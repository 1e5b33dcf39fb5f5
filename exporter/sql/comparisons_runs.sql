-- One row per run, as the paired statistics need it (exporter/comparisons/run-row.ts validates it):
-- every run at once, for the compare command. The export's comparisons surface pairs from the run
-- pass instead (comparison_runs.sql), held as columns, so it never holds every run as objects. Only answered runs pair: a
-- transport failure is an outage, not an answer of the model.
SELECT
-- @include comparisons_run_columns
FROM runs
WHERE failure_stage IS DISTINCT FROM 'transport'
ORDER BY model, experiment, arm, power_level, task_id, "repeat", sample, recorded_at, run_id

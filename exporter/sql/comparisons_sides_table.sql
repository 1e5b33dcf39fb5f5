-- Every run in the comparison row shape, once, clustered by side: each side query
-- (comparisons_side.sql) then reads a few row groups instead of filtering the whole `runs` table
-- on the model spec expression (~100 ms a side at 1M records). Dropped when the surface is built.
CREATE OR REPLACE TEMP TABLE comparison_sides AS
SELECT
-- @include comparisons_run_columns
FROM runs
-- Only answered runs pair: a transport failure is an outage, not an answer of the model.
WHERE failure_stage IS DISTINCT FROM 'transport'
ORDER BY model, experiment, arm, power_level

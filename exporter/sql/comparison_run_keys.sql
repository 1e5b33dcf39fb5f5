-- The keys of the one pass over answered runs (comparison_runs.sql), numbered once so the pass
-- fetches small integers instead of the same strings for every run: the sides in pairs-file order
-- (comparison_pair_cells.sql's), with their run counts, the sweeps and the tasks, each in SQL order.
-- Only answered runs pair: a transport failure is an outage, not an answer of the model.
CREATE OR REPLACE TEMP TABLE comparison_run_sides AS
SELECT
  (row_number() OVER (ORDER BY model, experiment, arm, power_level) - 1)::INTEGER AS side,
  model,
  experiment,
  arm,
  power_level,
  runs
FROM (
  SELECT model, experiment, arm, power_level, CAST(count(*) AS INTEGER) AS runs
  FROM runs
  WHERE failure_stage IS DISTINCT FROM 'transport'
  GROUP BY ALL
);

CREATE OR REPLACE TEMP TABLE comparison_run_sweeps AS
SELECT (row_number() OVER (ORDER BY sweep_id) - 1)::INTEGER AS sweep, sweep_id
FROM (SELECT DISTINCT sweep_id FROM runs WHERE failure_stage IS DISTINCT FROM 'transport');

CREATE OR REPLACE TEMP TABLE comparison_run_tasks AS
SELECT (row_number() OVER (ORDER BY task_id) - 1)::INTEGER AS task, task_id
FROM (SELECT DISTINCT task_id FROM runs WHERE failure_stage IS DISTINCT FROM 'transport');

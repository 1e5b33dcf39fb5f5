-- Imported runs scored again by our evaluator whose source kept its own verdict (their_passed is
-- set only then: exporter/ledgers/flatten.ts). One row a run, in a fixed order; the surface module
-- counts agreement per suite and source format. The later record of a re-recorded run stands, as
-- in every other surface.
WITH latest AS (
  SELECT *
  FROM runs
  WHERE their_passed IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY run_id ORDER BY recorded_at DESC, ledger_index DESC, line DESC) = 1
)
SELECT
  experiment,
  origin_format,
  evaluator,
  model,
  task_id,
  run_id,
  passed,
  their_passed,
  simulated
FROM latest
ORDER BY experiment, origin_format, run_id

-- verification.json harness_suspects: per suite and reason, the failed runs labelled as suspected
-- harness faults (runs.harness_suspect, core/harness-suspect.ts), the tasks and models they touch,
-- and one example of the evidence: results that may have measured the harness, not the model.
SELECT
  experiment,
  harness_suspect AS reason,
  count(*)::INTEGER AS runs,
  count(DISTINCT task_id)::INTEGER AS tasks,
  list_sort(list_distinct(list(model))) AS models,
  list_sort(min(run_id, 3)) AS representative_run_ids,
  arg_min(harness_evidence, run_id) AS example_evidence
FROM runs
WHERE harness_suspect IS NOT NULL
GROUP BY experiment, harness_suspect
ORDER BY experiment, harness_suspect

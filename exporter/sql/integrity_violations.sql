-- verification.json integrity_violations: per model and experiment, the runs whose answer tampered
-- with the grader (failure class integrity_violation, docs/sandbox.md "Grading integrity") and the
-- tasks they touched. A model that games its tests is listed here, not only counted as failing.
SELECT
  model,
  experiment,
  count(*)::INTEGER AS runs,
  count(DISTINCT task_id)::INTEGER AS tasks,
  list_sort(min(run_id, 3)) AS representative_run_ids
FROM runs
WHERE failure_class = 'integrity_violation'
GROUP BY model, experiment
ORDER BY model, experiment

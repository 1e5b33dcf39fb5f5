-- task_registry.json: one row per task version (experiment, task id, task hash) as the ledgers
-- recorded it. The prompt preview and success text come from the loader (exporter/ledgers/load.ts).
SELECT
  experiment,
  task_id,
  task_hash,
  string_agg(DISTINCT task_family, ', ' ORDER BY task_family) AS task_family,
  string_agg(DISTINCT evaluator, ', ' ORDER BY evaluator) AS evaluator,
  count(*)::INTEGER AS runs,
  count(DISTINCT backend || ':' || model)::INTEGER AS models,
  bool_or(simulated) AS simulated
FROM runs
GROUP BY experiment, task_id, task_hash
ORDER BY experiment, task_id, task_hash

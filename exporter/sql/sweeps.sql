-- sweeps.json: one row per sweep id, what the site's sweep selector lists. Times are the ledger's
-- own recorded_at (ISO-8601 UTC text sorts as time); lists are distinct and sorted.
SELECT
  sweep_id,
  min(recorded_at) AS first_recorded_at,
  max(recorded_at) AS last_recorded_at,
  coalesce(list(DISTINCT hostname ORDER BY hostname) FILTER (WHERE hostname IS NOT NULL), []) AS hosts,
  coalesce(list(DISTINCT gpu ORDER BY gpu) FILTER (WHERE gpu IS NOT NULL), []) AS gpus,
  list(DISTINCT model ORDER BY model) AS models,
  list(DISTINCT experiment ORDER BY experiment) AS experiments,
  count(*)::INTEGER AS runs,
  count(*) FILTER (WHERE failure_stage = 'transport')::INTEGER AS not_answered,
  count_if(passed AND failure_stage IS DISTINCT FROM 'transport')::INTEGER AS passed,
  count_if(simulated)::INTEGER AS simulated_runs
FROM runs
GROUP BY sweep_id
ORDER BY sweep_id

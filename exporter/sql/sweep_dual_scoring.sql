-- sweep_dual_scoring.json: per sweep × model × suite × arm, the runs dual_scoring.json's means
-- are over (a format score, an answer) and their score sums in 1e-9 units, each run rounded as
-- exporter/comparisons/dual-scoring.ts rounds it, so any sweep subset pools by adding.
SELECT
  sweep_id,
  model,
  experiment,
  arm,
  count(*)::INTEGER AS runs,
  sum(round(format_score * 1000000000))::BIGINT AS format_score_nano_sum,
  sum(round(score * 1000000000))::BIGINT AS executor_score_nano_sum,
  bool_or(simulated) AS simulated
FROM runs
WHERE format_score IS NOT NULL
  AND failure_stage IS DISTINCT FROM 'transport'
GROUP BY sweep_id, model, experiment, arm
ORDER BY sweep_id, model, experiment, arm

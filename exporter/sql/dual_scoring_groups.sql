-- Each model (as its spec) and experiment with runs that carry a format score: the dual-scoring
-- surface loads and folds one at a time (dual_scoring_runs.sql).
SELECT DISTINCT
  model,
  experiment
FROM runs
WHERE format_score IS NOT NULL
ORDER BY ALL

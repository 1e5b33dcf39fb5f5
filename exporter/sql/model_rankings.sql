-- model_rankings.json: one row per model × experiment × arm × power level (repeats, tasks and GPUs
-- pooled). applied_w is the median applied limit of the group's runs; gpu lists the GPU names seen.
SELECT
  model,
  backend,
  model_family,
  experiment,
  arm,
  power_level,
  median(applied_w)::DOUBLE AS applied_w,
  string_agg(DISTINCT gpu, ' + ' ORDER BY gpu) AS gpu,
-- @include metric_aggregates
FROM runs
GROUP BY model, backend, model_family, experiment, arm, power_level
ORDER BY experiment, arm, power_level, model, backend, model_family

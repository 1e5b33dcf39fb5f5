-- The additive sums and counts behind every metric (schema/surfaces/metrics.ts SumsSchema; the
-- metrics themselves are computed from these by core/metrics/catalogue.ts, and docs/metrics.md
-- defines each). Included into a SELECT list after the group columns; every surface row carries
-- them, so the site pools any rows by adding them.
-- Every sum ignores nulls and sits beside the count of runs that reported its quantity. Measured
-- doubles are summed as DECIMAL (exact, so parallel aggregation cannot change the last bits
-- between two exports) and carried as integers in fixed units (µs, µJ, 1e-9 of a score or USD).
-- A transport failure is an outage, not an answer: it is counted in not_answered and left out of
-- passed, the score sum and the hard failures.
  count(*)::INTEGER AS runs,
  count(*) FILTER (WHERE failure_stage = 'transport')::INTEGER AS not_answered,
  count_if(passed AND failure_stage IS DISTINCT FROM 'transport')::INTEGER AS passed,
  (coalesce(sum(score::DECIMAL(18, 9)) FILTER (WHERE failure_stage IS DISTINCT FROM 'transport'), 0) * 1000000000)::DOUBLE AS score_nano_sum,
  count_if(hard_failure AND failure_stage IS DISTINCT FROM 'transport')::INTEGER AS hard_failures,
  coalesce(sum(prompt_tokens), 0)::BIGINT AS prompt_tokens_sum,
  count(prompt_tokens)::INTEGER AS prompt_tokens_runs,
  coalesce(sum(output_tokens), 0)::BIGINT AS output_tokens_sum,
  count(output_tokens)::INTEGER AS output_tokens_runs,
  count(*) FILTER (WHERE output_tokens IS NOT NULL AND generation_ms IS NOT NULL)::INTEGER AS speed_runs,
  coalesce(sum(output_tokens) FILTER (WHERE generation_ms IS NOT NULL), 0)::BIGINT AS speed_output_tokens_sum,
  (coalesce(sum(generation_ms::DECIMAL(18, 3)) FILTER (WHERE output_tokens IS NOT NULL), 0) * 1000)::DOUBLE AS speed_generation_us_sum,
  (coalesce(sum(wall_ms::DECIMAL(18, 3)), 0) * 1000)::DOUBLE AS wall_us_sum,
  count(wall_ms)::INTEGER AS wall_ms_runs,
  quantile_cont(wall_ms, 0.5)::DOUBLE AS p50_wall_ms,
  quantile_cont(wall_ms, 0.95)::DOUBLE AS p95_wall_ms,
  (coalesce(sum(ttft_ms::DECIMAL(18, 3)), 0) * 1000)::DOUBLE AS ttft_us_sum,
  count(ttft_ms)::INTEGER AS ttft_ms_runs,
  count(*) FILTER (WHERE energy_valid AND joules IS NOT NULL)::INTEGER AS energy_valid_runs,
  (coalesce(sum(joules::DECIMAL(18, 6)) FILTER (WHERE energy_valid AND joules IS NOT NULL), 0) * 1000000)::DOUBLE AS energy_uj_sum,
  (coalesce(sum(score::DECIMAL(18, 9)) FILTER (WHERE energy_valid AND joules IS NOT NULL), 0) * 1000000000)::DOUBLE AS energy_score_nano_sum,
  count(*) FILTER (WHERE energy_valid AND joules IS NOT NULL AND passed)::INTEGER AS energy_passed,
  count(*) FILTER (WHERE energy_valid AND joules IS NOT NULL AND output_tokens IS NOT NULL)::INTEGER AS energy_token_runs,
  coalesce(sum(output_tokens) FILTER (WHERE energy_valid AND joules IS NOT NULL), 0)::BIGINT AS energy_output_tokens_sum,
  (coalesce(sum(joules::DECIMAL(18, 6)) FILTER (WHERE energy_valid AND joules IS NOT NULL AND output_tokens IS NOT NULL), 0) * 1000000)::DOUBLE AS energy_token_uj_sum,
  (coalesce(sum(score::DECIMAL(18, 9)) FILTER (WHERE energy_valid AND joules IS NOT NULL AND output_tokens IS NOT NULL), 0) * 1000000000)::DOUBLE AS energy_token_score_nano_sum,
  (coalesce(sum(usd::DECIMAL(18, 9)), 0) * 1000000000)::DOUBLE AS usd_nano_sum,
  count(usd)::INTEGER AS priced_runs,
  count(*) FILTER (WHERE usd IS NOT NULL AND passed)::INTEGER AS priced_passed,
  count_if(simulated)::INTEGER AS simulated_runs

-- data/runs.parquet: every accepted run, one row each, flattened (columns: docs/surfaces.md,
-- "runs.parquet"). `ledger` names the ledger the record came from (its path relative to the
-- ledgers root, or its URL), joined from `parquet_ledgers`, which the builder fills first.
-- run_id is unique among accepted runs, so ORDER BY run_id is a total order.
SELECT
  r.run_id, r.sweep_id, r.recorded_at, r.simulated,
  r.model, r.backend, r.model_family, r.experiment,
  r.task_id, r.task_family, r.task_hash, r.evaluator, r.arm, r."repeat", r.sample,
  r.power_level, r.power_mode, r.requested_w, r.applied_w,
  r.hostname, r.gpu,
  r.passed, r.score, r.format_score, r.failure_stage, r.failure_class, r.hard_failure,
  r.prompt_tokens, r.output_tokens, r.token_source, r.wall_ms, r.generation_ms, r.ttft_ms,
  r.energy_method, r.joules, r.energy_valid, r.energy_reason, r.usd, r.cost_basis,
  l.ledger, r.line
FROM runs r
JOIN parquet_ledgers l USING (ledger_index)
ORDER BY r.run_id

-- The `runs` table: one row per accepted ledger record, flattened for SQL. Every surface (and the
-- statistics engineer's pairing queries) reads this table; column names are a contract.
--
--   run_id, sweep_id, recorded_at (ISO-8601 text), simulated
--   model (as `--models` spells it: schema/model-spec.ts), backend (ollama|openai|sim), model_family (docs/metrics.md), experiment,
--   task_id, task_family, task_hash, evaluator (name@version), arm, repeat, sample (0 when absent)
--   power_level (power_limit.request, or 'default'), power_mode, requested_w, applied_w, gpu (host.gpu.name), hostname (host.hostname)
--   passed, score, format_score, failure_stage, failure_class, hard_failure (stage in transport/extract/parse/execute)
--   prompt_tokens, output_tokens, token_source, wall_ms, generation_ms, ttft_ms
--   energy_method, joules, energy_valid, energy_reason, usd, cost_basis
--   harness_suspect, harness_evidence: failure.harness_suspect's reason and evidence, derived at export
--     for records without it (core/harness-suspect.ts); null when the run is no harness suspect
--   origin_format (origin.format of an imported record, else null), their_passed (the source harness's
--   verdict on an imported record that `--rescore` scored again, else null)
--   ledger_index, line, byte_offset, byte_length: where the record's text sits (for the run shards)
CREATE TABLE runs (
  run_id VARCHAR NOT NULL,
  sweep_id VARCHAR NOT NULL,
  recorded_at VARCHAR NOT NULL,
  simulated BOOLEAN NOT NULL,
  model VARCHAR NOT NULL,
  backend VARCHAR NOT NULL,
  model_family VARCHAR NOT NULL,
  experiment VARCHAR NOT NULL,
  task_id VARCHAR NOT NULL,
  task_family VARCHAR NOT NULL,
  task_hash VARCHAR NOT NULL,
  evaluator VARCHAR NOT NULL,
  arm VARCHAR NOT NULL,
  "repeat" INTEGER NOT NULL,
  sample INTEGER NOT NULL,
  power_level VARCHAR NOT NULL,
  power_mode VARCHAR,
  requested_w DOUBLE,
  applied_w DOUBLE,
  gpu VARCHAR,
  hostname VARCHAR,
  passed BOOLEAN NOT NULL,
  score DOUBLE NOT NULL,
  format_score DOUBLE,
  failure_stage VARCHAR,
  failure_class VARCHAR,
  hard_failure BOOLEAN NOT NULL,
  prompt_tokens INTEGER,
  output_tokens INTEGER,
  token_source VARCHAR NOT NULL,
  wall_ms DOUBLE,
  generation_ms DOUBLE,
  ttft_ms DOUBLE,
  energy_method VARCHAR NOT NULL,
  joules DOUBLE,
  energy_valid BOOLEAN NOT NULL,
  energy_reason VARCHAR,
  usd DOUBLE,
  cost_basis VARCHAR,
  harness_suspect VARCHAR,
  harness_evidence VARCHAR,
  origin_format VARCHAR,
  their_passed BOOLEAN,
  ledger_index INTEGER NOT NULL,
  line INTEGER NOT NULL,
  byte_offset BIGINT NOT NULL,
  byte_length INTEGER NOT NULL
);

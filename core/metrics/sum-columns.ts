import type { Column } from '../../schema/surfaces/envelope.ts';
import type { Sums } from '../../schema/surfaces/metrics.ts';

// The counts that are metrics as they stand (runs, passed, …) are described in the catalogue.
type SumOnly = Exclude<keyof Sums, 'runs' | 'not_answered' | 'passed' | 'hard_failures' | 'energy_valid_runs' | 'simulated_runs'>;

/**
 * Unit and meaning of every additive field a row carries for pooling (core/metrics/sums.ts). Typed
 * over the Sums keys, so a sum added to the schema fails the type check until it is described here.
 */
export const SUM_COLUMNS: Record<SumOnly, Column> = {
  score_nano_sum: { unit: 'score', description: 'Σ evaluation.score over answered runs' },
  prompt_tokens_sum: { unit: 'tokens', description: 'Σ tokens.prompt over runs that report it' },
  prompt_tokens_runs: { unit: 'runs', description: 'runs that report prompt tokens' },
  output_tokens_sum: { unit: 'tokens', description: 'Σ tokens.output over runs that report it' },
  output_tokens_runs: { unit: 'runs', description: 'runs that report output tokens' },
  speed_runs: { unit: 'runs', description: 'runs that report both output tokens and timing.generation_ms' },
  speed_output_tokens_sum: { unit: 'tokens', description: 'Σ output tokens over speed_runs' },
  speed_generation_us_sum: { unit: 'ms', description: 'Σ timing.generation_ms over speed_runs' },
  wall_us_sum: { unit: 'ms', description: 'Σ timing.wall_ms over runs that report it' },
  wall_ms_runs: { unit: 'runs', description: 'runs that report timing.wall_ms' },
  ttft_us_sum: { unit: 'ms', description: 'Σ timing.ttft_ms over runs that report it' },
  ttft_ms_runs: { unit: 'runs', description: 'runs that report timing.ttft_ms' },
  energy_uj_sum: { unit: 'J', description: 'Σ joules over runs with valid energy' },
  energy_score_nano_sum: { unit: 'score', description: 'Σ evaluation.score over runs with valid energy' },
  energy_passed: { unit: 'runs', description: 'passed runs among those with valid energy' },
  energy_token_runs: { unit: 'runs', description: 'runs with valid energy that also report output tokens' },
  energy_output_tokens_sum: { unit: 'tokens', description: 'Σ output tokens over energy_token_runs' },
  energy_token_uj_sum: { unit: 'J', description: 'Σ joules over energy_token_runs' },
  energy_token_score_nano_sum: { unit: 'score', description: 'Σ evaluation.score over energy_token_runs' },
  usd_nano_sum: { unit: 'USD', description: 'Σ cost.usd over runs with a price' },
  priced_runs: { unit: 'runs', description: 'runs with cost.usd not null' },
  priced_passed: { unit: 'runs', description: 'passed runs among those with a price' },
};

/** The answer families the simulator knows how to write, keyed by the evaluator's name. */
export type AnswerKind = 'numeric' | 'fields' | 'code' | 'humaneval' | 'mbpp' | 'agent';

/**
 * A simulated model. The numbers are chosen to look like a large, a mid-sized and a small local model
 * on one 300 W-class GPU; they are illustrative, not measurements of any real model or GPU.
 */
export interface SimProfile {
  name: string;
  parameter_size: string;
  quantization: string;
  /** Probability of a correct answer on a task of median difficulty, per answer kind. */
  skill: Record<AnswerKind, number>;
  /** Shifts in log-odds for task families this model is notably good (+) or bad (−) at. */
  family_bias: Record<string, number>;
  /** Probability that a reply is unusable: empty, cut off, or without an answer. */
  malformed_rate: number;
  /** Typical lines of working before the answer: the output-length habit. */
  verbosity: number;
  /** Output tokens/s when the GPU is not power-limited. */
  decode_tps: number;
  /** Prompt tokens/s. */
  prefill_tps: number;
  /** Watts drawn while loaded but idle, and the extra watts full-speed decoding wants. */
  static_w: number;
  dynamic_w: number;
  /** How often the model follows a contract arm's FILE-block format, and how the contract shifts correctness (log-odds). */
  contract_compliance: number;
  contract_effect: number;
}

/** The simulated GPU every profile runs on: its power limits, for resolving `--tdp-levels`. */
export const SIM_GPU = { default_limit_w: 300, min_limit_w: 100, max_limit_w: 350, idle_w: 28 } as const;

export const SIM_PROFILES: Readonly<Record<string, SimProfile>> = {
  large: {
    name: 'large',
    parameter_size: '32B',
    quantization: 'Q4_K_M',
    skill: { numeric: 0.9, fields: 0.88, code: 0.82, humaneval: 0.8, mbpp: 0.72, agent: 0.86 },
    family_bias: { fractions: -0.3, recursion: -0.2 },
    malformed_rate: 0.01,
    verbosity: 2,
    decode_tps: 38,
    prefill_tps: 900,
    static_w: 75,
    dynamic_w: 245,
    contract_compliance: 0.95,
    contract_effect: 0,
  },
  medium: {
    name: 'medium',
    parameter_size: '14B',
    quantization: 'Q4_K_M',
    skill: { numeric: 0.84, fields: 0.82, code: 0.72, humaneval: 0.68, mbpp: 0.62, agent: 0.72 },
    family_bias: { large_numbers: -0.4, json: 0.2 },
    malformed_rate: 0.03,
    verbosity: 3,
    decode_tps: 70,
    prefill_tps: 1900,
    static_w: 65,
    dynamic_w: 190,
    contract_compliance: 0.85,
    contract_effect: 0.5,
  },
  small: {
    name: 'small',
    parameter_size: '4B',
    quantization: 'Q4_K_M',
    skill: { numeric: 0.62, fields: 0.66, code: 0.5, humaneval: 0.45, mbpp: 0.42, agent: 0.5 },
    family_bias: { fractions: -0.6, negative: -0.4, banned: -0.5 },
    malformed_rate: 0.07,
    verbosity: 5,
    decode_tps: 135,
    prefill_tps: 4200,
    static_w: 55,
    dynamic_w: 120,
    contract_compliance: 0.6,
    contract_effect: -0.5,
  },
  /** The default judge (`--judge sim:judge`): a mid-sized instruction model; its grading habits are in judge-answer.ts. */
  judge: {
    name: 'judge',
    parameter_size: '14B',
    quantization: 'Q4_K_M',
    skill: { numeric: 0.84, fields: 0.84, code: 0.7, humaneval: 0.66, mbpp: 0.6, agent: 0.72 },
    family_bias: {},
    malformed_rate: 0.02,
    verbosity: 1,
    decode_tps: 70,
    prefill_tps: 1900,
    static_w: 65,
    dynamic_w: 190,
    contract_compliance: 0.85,
    contract_effect: 0,
  },
};

export function profileNames(): string[] {
  return Object.keys(SIM_PROFILES);
}

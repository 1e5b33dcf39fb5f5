/** The chip colour for a verdict or a dual-scoring classification: good news, bad news, or open. */
export type Tone = 'good' | 'bad' | '';

const TONES: Record<string, Tone> = {
  significant_improvement: 'good',
  non_inferior: 'good',
  significant_regression: 'bad',
  contract_helps: 'good',
  contract_hurts: 'bad',
  format_only: 'bad',
};

export function verdictTone(verdict: string | null): Tone {
  return verdict === null ? '' : (TONES[verdict] ?? '');
}

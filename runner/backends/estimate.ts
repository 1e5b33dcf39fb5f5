import type { Tokens } from '../../schema/run-record.ts';

/**
 * Token counts when the server reports none: about four characters a token, the usual rule of
 * thumb for English text with BPE tokenizers. Flagged `source: 'estimate'` so the exporter and the
 * UI never mix these with counts the server made.
 */
export function estimateTokens(promptChars: number, outputChars: number): Tokens {
  return { prompt: Math.ceil(promptChars / 4), output: Math.ceil(outputChars / 4), source: 'estimate' };
}

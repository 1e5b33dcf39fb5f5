/**
 * Surfaces name a model bare (`fixture-sim`, as model_rankings does) or as its command-line spec
 * (`sim:fixture-sim`, as comparisons may). Links carry whichever the surface had; the model view
 * resolves it to the name model_rankings uses.
 */
export function resolveModelName(rows: readonly { model: string; backend: string }[], name: string): string | null {
  const exact = rows.find((row) => row.model === name);
  if (exact) return exact.model;
  const bySpec = rows.find((row) => `${row.backend}:${row.model}` === name);
  return bySpec ? bySpec.model : null;
}

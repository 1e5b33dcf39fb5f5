import type { Evaluator } from './evaluator.ts';

export const numericEvaluator: Evaluator = {
  name: 'numeric',
  version: 1,
  successDefinition: 'being built in this change',
  async evaluate() {
    throw new Error('numeric evaluator is being built in this change');
  },
};

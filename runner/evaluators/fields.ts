import type { Evaluator } from './evaluator.ts';

export const fieldsEvaluator: Evaluator = {
  name: 'fields',
  version: 1,
  successDefinition: 'being built in this change',
  async evaluate() {
    throw new Error('fields evaluator is being built in this change');
  },
};

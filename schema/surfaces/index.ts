/** Every surface schema, by the file it validates. */
export * from './envelope.ts';
export * from './metrics.ts';
export * from './model-rankings.ts';
export * from './model-task.ts';
export * from './model-task-tdp.ts';
export * from './task-rankings.ts';
export * from './task-registry.ts';
export * from './pareto-frontiers.ts';
export * from './failure-surfaces.ts';
export * from './verification.ts';
export * from './runs-shard.ts';
export * from './index-manifest.ts';
export * from './comparisons.ts';
export * from './dual-scoring.ts';
export * from './judge-reliability.ts';
export * from './pass-at-k.ts';

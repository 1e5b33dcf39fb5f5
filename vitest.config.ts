import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The sandbox, DuckDB and Chromium tests spawn processes; two cores are all CI has.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

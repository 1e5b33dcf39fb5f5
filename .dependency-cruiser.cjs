/**
 * The house's layering, checked by `npm run check:deps` (docs/decisions/0004-domain-core.md):
 *
 *   lib/ and schema/ and core/   the bottom: pure, shared by everything above
 *   runner/   exporter/          side by side on top of the bottom, never importing each other
 *   ui/                          reads surfaces only: the bottom, never runner/ or exporter/
 *   bin/ test/ bench/            entry points: may import anything
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle makes load order matter and hides which module owns a concept.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'runner-not-exporter',
      severity: 'error',
      comment: 'The runner writes ledgers, the exporter reads them: shared code belongs in core/, schema/ or lib/.',
      from: { path: '^runner/' },
      to: { path: '^exporter/' },
    },
    {
      name: 'exporter-not-runner',
      severity: 'error',
      comment: 'The exporter reads ledgers the runner wrote: shared code belongs in core/, schema/ or lib/.',
      from: { path: '^exporter/' },
      to: { path: '^runner/' },
    },
    {
      name: 'ui-reads-surfaces-only',
      severity: 'error',
      comment: 'The site reads data/ through the surface schemas; it never imports the runner or the exporter.',
      from: { path: '^ui/' },
      to: { path: '^(runner|exporter|bin)/' },
    },
    {
      name: 'bottom-stays-bottom',
      severity: 'error',
      comment: 'core/, schema/ and lib/ are the bottom of the house: they import nothing above them.',
      from: { path: '^(core|schema|lib)/' },
      to: { path: '^(runner|exporter|ui|bin|test|bench)/' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core/ and schema/ hold pure definitions: no file system, processes or network.',
      from: { path: '^(core|schema)/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|net|http|https|worker_threads)$' },
    },
    {
      name: 'no-production-test-imports',
      severity: 'error',
      comment: 'Test doubles and fixtures live under test/ and are used by tests only.',
      from: { path: '^(core|schema|lib|runner|exporter|ui|bin)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment: 'A module nothing imports is dead code (or an entry point to list here).',
      from: {
        orphan: true,
        pathNot: ['^bin/', '^test/', '^bench/', '^ui/main\\.ts$', '\\.d\\.ts$', '(^|/)[^/]+\\.config\\.(ts|js|cjs|mjs)$', '^\\.dependency-cruiser\\.cjs$'],
      },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|data|ledgers|experiments)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};

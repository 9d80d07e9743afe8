/**
 * Relata's layers as dependency-cruiser rules, checked by `npm run check` and the checks layer of `npm test`:
 * the contract is the floor and imports nothing of ours; core never reaches up into a face; the renderer sees only
 * its own code and the contract's types; store/ stands on shared basics only; capabilities do not import each
 * other in a circle. Type-only imports count too (tsPreCompilationDeps): a type import is what lets a layer lean on
 * the one above it. Tests are left out: they may drive any layer to set up what they check.
 * (.svelte files are read after TypeScript is stripped, so only their value imports are seen here; svelte-check
 * and the renderer-program test in src-main/architecture.test.ts cover their types.)
 */
/** Folders every core capability may stand on: cancellation and progress, the seeded PRNG. */
const SHARED_BASICS = '^src-main/core/(run|random)/';

module.exports = {
  forbidden: [
    {
      name: 'core-not-to-faces',
      comment: 'core/ is pure Node: it never imports a face (CLI, server, Electron).',
      severity: 'error',
      from: { path: '^src-main/core/' },
      to: { path: '^src-main/(cli|server|electron)/' },
    },
    {
      name: 'contract-is-the-floor',
      comment: 'The contract imports nothing outside src-main/contract/ but zod: no core, no Node, no other package.',
      severity: 'error',
      from: { path: '^src-main/contract/' },
      to: { pathNot: ['^src-main/contract/', '^node_modules/zod/'] },
    },
    {
      name: 'renderer-sees-renderer-and-contract',
      comment: 'Renderer code imports only src-renderer/ and src-main/contract/ of ours.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^(src-main/(?!contract/)|test-support/|bench/|scripts/|e2e/)' },
    },
    {
      name: 'renderer-takes-contract-types',
      comment: 'From the contract the renderer takes types only, and the plain constants of vocabulary.ts.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: '^src-main/contract/', pathNot: '^src-main/contract/vocabulary\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-not-to-node',
      comment: 'Renderer code runs in a browser window: no Node built-in modules.',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'store-stands-on-basics',
      comment: 'store/ owns the KG file; it builds on the contract and shared basics, never on another capability.',
      severity: 'error',
      from: { path: '^src-main/core/store/' },
      to: { path: '^src-main/core/', pathNot: ['^src-main/core/store/', SHARED_BASICS] },
    },
    {
      name: 'no-cycles-between-capabilities',
      comment:
        'No circle of imports between core capabilities or faces (folders inside one capability may lean on each other). ' +
        'Exception: gnn/kg uses stored embeddings as features (node-embeddings/embedding-source.ts) while ' +
        'node-embeddings reads GNN embeddings (gnn/kg/hidden-layer-embeddings.ts); a cycle of only those two is not reported.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(src-main/core/[^/]+|src-main/[^/]+|src-renderer)', pathNot: '^src-main/core/(gnn/kg|node-embeddings)$' },
      to: { circular: true, pathNot: '^$1(/|$)' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a moved file.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '^test-support/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.js', '.mjs', '.svelte', '.d.ts', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};

#!/usr/bin/env node
// Builds the `relata` CLI into dist/cli/ with esbuild: src-main/cli/main.ts and every worker (`*-worker.ts` beside
// its `*-worker.mjs` tsx shim) as entry points, shared code split into chunks, all in one folder so the code's
// `new URL('./x-worker.mjs', import.meta.url)` finds the built worker. Pure-JS packages are bundled too (loading
// ~600 package files one by one was most of the start-up time); native and WebAssembly ones stay in node_modules,
// and so do the packages only some commands use, loaded on their first use (lazyPackages): `relata stats` pays for
// neither. Run by npm's `prepare` (so after `npm ci`) and `npm run build:cli`; bin/relata.mjs calls buildCli()
// itself when a source is newer than the build (cliBuildIsCurrent), so edited TypeScript never runs stale.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI_DIST = join(root, 'dist/cli');
const STAMP = join(CLI_DIST, 'build.json');
/** Packages loaded from node_modules at run time: native addons, WebAssembly read from their folder, GPU-optional. */
const EXTERNAL = ['better-sqlite3', 'onnxruntime-node', 'oxigraph', '@tensorflow/*', 'electron'];
/** Packages only some commands need (RDF and JSON-LD parsing with its HTTP client, LLM answers, SPARQL, the server). */
const LOAD_ON_FIRST_USE = ['jsonld', 'openai', 'n3', 'ws', 'graphology-gexf', 'graphology-graphml', 'csv-parse', 'oxigraph'];
/** Files of an earlier build that this one does not make are removed once this old (a running CLI may still load them). */
const KEEP_OLD_MS = 3600_000;

/** Every `*-worker.ts` that has a `*-worker.mjs` shim, by the shim's name (the name the code starts it by). */
function workerEntries(dir = join(root, 'src-main'), found = {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) workerEntries(path, found);
    else if (entry.name.endsWith('-worker.mjs')) {
      const name = basename(entry.name, '.mjs');
      if (found[name]) throw new Error(`two workers named ${name}: ${found[name]} and ${path}`);
      found[name] = path.replace(/\.mjs$/, '.ts');
    }
  }
  return found;
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return null;
  }
}

/** Whether the package's require() export is callable, and its property names; kept per version in the stamp. */
function packageShape(name, known) {
  const { version } = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  if (known?.version === version) return known;
  const real = createRequire(join(root, 'package.json'))(name);
  return { version, callable: typeof real === 'function', keys: Object.getOwnPropertyNames(real) };
}

/**
 * An esbuild plugin: our imports of each of `names` get a stand-in whose properties (the package's export names)
 * load the package from node_modules when first read, and which calls or constructs it where the package itself is
 * a function or class (jsonld, openai, ws). `shapes` carries what is known of each package between builds.
 */
function lazyPackages(names, shapes) {
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lazy-packages',
    setup(b) {
      b.onResolve({ filter }, (args) => (args.namespace === 'lazy-package' ? undefined : { path: args.path, namespace: 'lazy-package' }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, ({ path: name }) => {
        const shape = (shapes[name] = packageShape(name, shapes[name]));
        const contents = `let real;
const load = () => (real ??= require(${JSON.stringify(name)}));
const standIn = ${shape.callable ? 'function (...args) { return new.target ? Reflect.construct(load(), args) : Reflect.apply(load(), this, args); }' : '{}'};
for (const key of ${JSON.stringify(shape.keys)}) {
  if (!Object.hasOwn(standIn, key)) Object.defineProperty(standIn, key, { enumerable: true, get: () => load()[key] });
}
module.exports = standIn;
`;
        return { contents, loader: 'js', resolveDir: root };
      });
    },
  };
}

/** Whether dist/cli/ was built after every file it was built from (our sources, the package manifests) last changed. */
export function cliBuildIsCurrent() {
  const stamp = readStamp();
  if (!stamp) return false;
  try {
    return stamp.inputs.every((file) => statSync(join(root, file)).mtimeMs < stamp.startedAt);
  } catch {
    return false; // an input was deleted or renamed
  }
}

/** One esbuild run into dist/cli/; every file lands by rename, so a CLI starting meanwhile reads whole files. */
export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const packageShapes = { ...readStamp()?.packageShapes };
  const entryPoints = { main: 'src-main/cli/main.ts', ...workerEntries() };
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir: CLI_DIST,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: [...EXTERNAL, ...LOAD_ON_FIRST_USE],
    plugins: [lazyPackages(LOAD_ON_FIRST_USE, packageShapes)],
    // Bundled CommonJS packages call require(): give them Node's, resolving from dist/cli/ up to node_modules.
    banner: { js: "import { createRequire as __relataRequire } from 'node:module'; const require = __relataRequire(import.meta.url);" },
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'error',
  });
  mkdirSync(CLI_DIST, { recursive: true });
  const written = new Set();
  // Chunks before the entry files that import them, so a CLI starting meanwhile never finds a chunk missing.
  const isEntry = (file) => basename(file.path, '.mjs') in entryPoints;
  for (const file of [...result.outputFiles].sort((a, b) => isEntry(a) - isEntry(b))) {
    mkdirSync(dirname(file.path), { recursive: true });
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
    written.add(basename(file.path));
  }
  for (const name of readdirSync(CLI_DIST)) {
    const path = join(CLI_DIST, name);
    const mtime = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Infinity;
    if (!written.has(name) && name !== 'build.json' && mtime < startedAt - KEEP_OLD_MS) rmSync(path, { force: true });
  }
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/') && !f.startsWith('lazy-package:'));
  inputs.push('package.json', ...['package-lock.json', 'node_modules/.package-lock.json'].filter((f) => statSync(join(root, f), { throwIfNoEntry: false })));
  const tmp = `${STAMP}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ startedAt, inputs, packageShapes }, null, 1)}\n`);
  renameSync(tmp, STAMP);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  await buildCli();
  process.stdout.write(`relata CLI built into ${relative(process.cwd(), CLI_DIST) || '.'} in ${Date.now() - t0} ms\n`);
}

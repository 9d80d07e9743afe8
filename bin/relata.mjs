#!/usr/bin/env node
// The `relata` CLI. Runs the JavaScript that scripts/build-cli.mjs bundles from src-main into dist/cli/ (built by
// npm's `prepare`, so `npx relata` works right after `npm ci`); when a source file is newer than that build it
// rebuilds first (about a second), so edited TypeScript never runs stale. Without esbuild it runs the TypeScript
// sources through tsx as before (a slower start). RELATA_DEBUG=1 maps stack traces back to the TypeScript.
import { buildCli, cliBuildIsCurrent } from '../scripts/build-cli.mjs';

if (process.env.RELATA_DEBUG) process.setSourceMapsEnabled(true);

let built = cliBuildIsCurrent();
if (!built) {
  try {
    await buildCli();
    built = true;
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') {
      // esbuild has printed what failed (a syntax error, an import that is not there).
      process.stderr.write(`relata: the CLI could not be built from src-main (${String(err?.message ?? err).split('\n')[0]})\n`);
      process.exit(1);
    }
  }
}
if (built) await import('../dist/cli/main.mjs');
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src-main/cli/main.ts');
}

#!/usr/bin/env node
// `npm test`: runs the checks (layering rules, svelte-check, tsc), builds the UI, runs every test layer (vitest for
// the core, Playwright against `relata serve` in Debian's chromium, Electron e2e where its binary exists) and ends
// with one line summing them all: `N passed, N failed, N skipped`. `--checks` (`npm run check`) runs the checks only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
const checksOnly = process.argv.includes('--checks');
if (!checksOnly) {
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
}

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n=== ${label}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const layerProblems = [];

/** Static checks; a failing one is a problem line and counts as one failure. */
const checks = [
  { label: 'layering (dependency-cruiser, .dependency-cruiser.cjs)', cmd: 'npx', args: ['depcruise', 'src-main', 'src-renderer', '--config', '.dependency-cruiser.cjs'] },
  { label: 'svelte-check (renderer)', cmd: 'npx', args: ['svelte-check', '--tsconfig', './tsconfig.web.json', '--output', 'human'] },
  { label: 'typecheck (tsc: main, web, web tests)', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
];
for (const c of checks) if (run(`check: ${c.label}`, c.cmd, c.args) !== 0) layerProblems.push(`check failed: ${c.label}`);

function summary(passed, failed, skipped) {
  for (const p of layerProblems) process.stdout.write(`problem: ${p}\n`);
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
}
if (checksOnly) {
  summary(checks.length - layerProblems.length, layerProblems.length, 0);
  process.exit(layerProblems.length > 0 ? 1 : 0);
}

if (run('build', 'npx', ['electron-vite', 'build']) !== 0) layerProblems.push('the UI build failed');

const vitestJson = join(results, 'vitest.json');
const vitestCode = run('unit and integration (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  if (vitestCode !== 0 && v.numFailedTests === 0) layerProblems.push(`vitest exited ${vitestCode} (errors outside tests)`);
} else layerProblems.push(`vitest wrote no report (exit ${vitestCode})`);

const pwJson = join(results, 'playwright.json');
const pwCode = run('end-to-end (Playwright, Debian chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
if (existsSync(pwJson)) {
  const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
  totals.passed += s.expected + (s.flaky ?? 0);
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
  if (pwCode !== 0 && s.unexpected === 0) layerProblems.push(`playwright exited ${pwCode} (errors outside tests)`);
} else layerProblems.push(`playwright wrote no report (exit ${pwCode})`);

const failed = totals.failed + layerProblems.length;
summary(totals.passed, failed, totals.skipped);
process.exit(failed > 0 || totals.passed === 0 ? 1 : 0);

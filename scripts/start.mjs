#!/usr/bin/env node
// `npm start`: builds the UI when needed, prepares the bundled demo KG, and opens Relata in Electron. Where the
// Electron binary cannot be had (offline), says so in one line and serves the same UI on 127.0.0.1 instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const home = process.env.RELATA_HOME ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'relata');
mkdirSync(home, { recursive: true });

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const builtIndex = join(root, 'out/renderer/index.html');
const sourcesChanged = () => Math.max(newestMtime(join(root, 'src-renderer')), newestMtime(join(root, 'src-main/electron'))) > statSync(builtIndex).mtimeMs;
if (!existsSync(builtIndex) || sourcesChanged()) {
  process.stdout.write('Building the Relata UI…\n');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const relata = join(root, 'bin/relata.mjs');
const kg = process.argv[2] ?? join(home, 'demo.sqlite');
if (!process.argv[2] && !existsSync(kg)) {
  const made = spawnSync(process.execPath, [relata, 'demo', '--db', kg], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (made.status !== 0) process.exit(made.status ?? 1);
}

/** The Electron binary's path if it is installed or can be downloaded now; null otherwise. */
function electronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

const electron = process.env.RELATA_NO_ELECTRON ? null : electronBinary();
if (electron) {
  const child = spawn(electron, [root, kg], { cwd: root, stdio: 'inherit', env: { ...process.env, RELATA_NODE: process.execPath } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stdout.write('Electron is not available here (its binary could not be downloaded): serving the same Relata UI in your browser instead.\n');
  // A random free port unless PORT is given: a fixed, well-known port would only help pages that probe for Relata.
  const child = spawn(process.execPath, [relata, 'serve', '--db', kg, '--port', process.env.PORT ?? '0'], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

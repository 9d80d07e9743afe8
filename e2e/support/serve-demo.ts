import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freshDemoKg, ROOT } from './fixture-kg.ts';

/** Playwright's web server: `relata serve` over a fresh copy of the demo KG, removed again on exit. */
const [port, token] = process.argv.slice(2);
const { dir, kg } = freshDemoKg();
const child = spawn(process.execPath, [join(ROOT, 'bin/relata.mjs'), 'serve', '--db', kg, '--port', port, '--token', token], {
  stdio: 'inherit',
  env: { ...process.env, RELATA_HOME: dir },
});
const stop = (): void => {
  child.kill('SIGTERM');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
child.once('exit', (code) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});

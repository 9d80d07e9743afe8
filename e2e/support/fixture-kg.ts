import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';


export const ROOT = resolve(import.meta.dirname, '../..');
/** A fresh temp folder holding the bundled demo KG, made by the real CLI (`relata demo`). */
export function freshDemoKg(prefix = 'relata-e2e-'): { dir: string; kg: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const kg = join(dir, 'demo.sqlite');
  execFileSync(process.execPath, [join(ROOT, 'bin/relata.mjs'), 'demo', '--db', kg], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, RELATA_HOME: dir },
  });
  return { dir, kg };
}

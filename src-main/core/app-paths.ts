import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Relata's own files are (resources/, out/renderer/): found from the project root, the nearest folder above
 * this module whose package.json is Relata's, so the same answer holds when this code runs from the TypeScript
 * sources and when it runs bundled in dist/cli/ (bin/relata.mjs).
 */
let root: string | undefined;

export function appRoot(): string {
  if (root) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'relata') return (root = dir);
    if (dirname(dir) === dir) throw new Error(`Relata's package.json not found above ${fileURLToPath(import.meta.url)}`);
  }
}

/** A path inside the project root: `appPath('resources', 'rules')`. */
export const appPath = (...segments: string[]): string => join(appRoot(), ...segments);

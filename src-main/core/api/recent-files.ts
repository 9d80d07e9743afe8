import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RecentFile } from '../../contract/types.js';

const MAX_RECENT = 12;

/** Where Relata keeps per-user state (recent files), overridable for tests with RELATA_HOME. */
export function relataHome(): string {
  return process.env.RELATA_HOME ?? join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'relata');
}

const recentPath = (): string => join(relataHome(), 'recent.json');

export function readRecentFiles(): RecentFile[] {
  try {
    const list = JSON.parse(readFileSync(recentPath(), 'utf8')) as RecentFile[];
    return Array.isArray(list) ? list.filter((f) => typeof f?.path === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberRecentFile(path: string): RecentFile[] {
  if (path === ':memory:') return readRecentFiles();
  const list = [{ path, openedAt: new Date().toISOString() }, ...readRecentFiles().filter((f) => f.path !== path)].slice(0, MAX_RECENT);
  try {
    mkdirSync(dirname(recentPath()), { recursive: true });
    writeFileSync(recentPath(), JSON.stringify(list, null, 2));
  } catch {
    // A read-only home must not stop the KG from opening.
  }
  return list;
}

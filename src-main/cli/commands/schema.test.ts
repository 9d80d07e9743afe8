import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../../../test-support/paths.js';
import { demoFiles } from '../../core/demo.js';

const BIN = join(REPO_ROOT, 'bin/relata.mjs');
const tmp = tempDir('relata-schema-cli-');
afterAll(() => tmp.cleanup());
const run = (...args: string[]) => execFileSync('node', [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });

describe('relata schema --json (the interface issue 17 names)', () => {
  it('prints {types: [{type, count}], links: [{from_type, predicate, to_type, count}], untyped: n}, cached the second time', () => {
    const db = join(tmp.dir, 'demo.sqlite');
    run('import', ...demoFiles(), '--db', db);
    const s = JSON.parse(run('schema', '--db', db, '--json'));
    expect(Array.isArray(s.types)).toBe(true);
    expect(Array.isArray(s.links)).toBe(true);
    expect(typeof s.untyped).toBe('number');
    expect(s.types.length).toBeGreaterThan(0);
    for (const t of s.types) {
      expect(typeof t.type).toBe('string');
      expect(Number.isInteger(t.count)).toBe(true);
    }
    for (const l of s.links) {
      for (const k of ['from_type', 'predicate', 'to_type']) expect(typeof l[k]).toBe('string');
      expect(Number.isInteger(l.count)).toBe(true);
    }
    expect(s.types).toContainEqual(expect.objectContaining({ type: 'Person', count: 15 }));
    expect(s.links).toContainEqual(expect.objectContaining({ from_type: 'Disease', predicate: 'presents', to_type: 'Symptom', count: 29 }));
    expect(s.untyped).toBe(0);
    expect(s.cached).toBe(false);
    const again = JSON.parse(run('schema', '--db', db, '--json'));
    expect(again.cached).toBe(true);
    expect(again.types).toEqual(s.types);
    expect(run('schema', '--db', db)).toMatch(/Disease -\[presents\]-> Symptom: 29/);
  }, 120_000);
});

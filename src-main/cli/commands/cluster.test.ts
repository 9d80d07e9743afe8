import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { REPO_ROOT, tempDir } from '../../../test-support/paths.js';

const CLI = `${REPO_ROOT}/bin/relata.mjs`;
const tmp = tempDir('relata-cluster-');
afterAll(() => tmp.cleanup());
const run = (...args: string[]) => execFileSync('node', [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('relata cluster', () => {
  it('clusters the entities of a model trained on the demo KG, better than chance against their types', () => {
    const db = join(tmp.dir, 'demo.sqlite');
    run('demo', '--db', db);
    run('train', '--db', db, '--name', 'demo-complex', '--epochs', '50', '--json');
    const r = JSON.parse(run('cluster', '--db', db, '--model', 'demo-complex', '--k', '6', '--json'));
    expect(r.k).toBe(6);
    expect(r.clusters).toHaveLength(6);
    expect(r.clusters.reduce((n: number, c: { size: number }) => n + c.size, 0)).toBe(r.entityCount);
    expect(Object.keys(r.assignment)).toHaveLength(r.entityCount);
    expect(r.types.purity).toBeGreaterThan(r.types.randomPurity);
    const text = run('cluster', '--db', db, '--model', 'demo-complex', '--k', '3');
    expect(text).toMatch(/^3 clusters of \d+ entities/);
  }, 60_000);

  it('needs exactly one embedding source', () => {
    const r = spawnSync('node', [CLI, 'cluster', '--db', join(tmp.dir, 'demo.sqlite')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('relata: give exactly one of --model NAME or --gnn NAME');
  });
});

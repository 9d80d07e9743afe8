import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, datasetPath, tempDir } from '../../../test-support/paths.js';

const BIN = join(REPO_ROOT, 'bin/relata.mjs');
const tmp = tempDir('relata-overview-cli-');
afterAll(() => tmp.cleanup());
const run = (...args: string[]) => execFileSync('node', [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });

describe('relata overview --mode communities', () => {
  it('prints the communities overview as JSON, cached the second time; top-degree stays the default', () => {
    const db = join(tmp.dir, 'kinships.sqlite');
    run('import', datasetPath('kinships', 'train.txt'), '--db', db);
    const o = JSON.parse(run('overview', '--db', db, '--mode', 'communities', '--json'));
    expect(o.mode).toBe('communities');
    expect(o.cached).toBe(false);
    expect(o.communities.reduce((s: number, c: { size: number }) => s + c.size, 0)).toBe(o.entities);
    expect(JSON.parse(run('overview', '--db', db, '--mode', 'communities', '--json')).cached).toBe(true);
    expect(run('overview', '--db', db, '--mode', 'communities')).toMatch(/communities of 104 entities/);
    const slice = JSON.parse(run('overview', '--db', db, '--limit', '10', '--json'));
    expect(slice.nodes).toHaveLength(10);
  }, 120_000);
});

import { describe, expect, it, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, datasetPath, fixturePath, tempDir } from '../../test-support/paths.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const BIN = join(REPO_ROOT, 'bin/relata.mjs');

function relata(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, RELATA_HOME: tmp.dir } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('relata CLI', () => {
  it('--help lists the commands', () => {
    const r = relata('--help');
    expect(r.code).toBe(0);
    for (const cmd of ['import', 'export', 'stats', 'serve', 'search', 'demo', 'explain-findings']) expect(r.stdout).toContain(cmd);
  });

  it('imports a benchmark folder and reports per-split counts as JSON', () => {
    const db = join(tmp.dir, 'kin.sqlite');
    const imp = relata('import', datasetPath('kinships'), '--db', db, '--format', 'benchmark', '--json');
    expect(imp.code).toBe(0);
    expect(JSON.parse(imp.stdout).files).toHaveLength(3);
    const stats = JSON.parse(relata('stats', '--db', db, '--json').stdout);
    expect(stats).toMatchObject({ entities: 104, predicates: 25, triples: 10686, splits: { train: 8544, valid: 1068, test: 1074 } });
  });

  it('exits non-zero with a one-line FILE:LINE error and leaves the KG as it was', () => {
    const db = join(tmp.dir, 'bad.sqlite');
    expect(relata('import', fixturePath('good', 'small.tsv'), '--db', db).code).toBe(0);
    const r = relata('import', fixturePath('bad', 'wrong-columns.tsv'), '--db', db);
    expect(r.code).toBe(1);
    const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('relata:'));
    expect(errorLines).toEqual([`relata: ${fixturePath('bad', 'wrong-columns.tsv')}:2: expected 3 tab-separated columns, found 2`]);
    expect(JSON.parse(relata('stats', '--db', db, '--json').stdout).triples).toBe(3);
  });

  it('rejects bad arguments with one line', () => {
    expect(relata('stats', '--db', join(tmp.dir, 'nope.sqlite'), '--json').stderr.trim()).toMatch(/^relata: .*nope\.sqlite: no such KG file$/);
    const r = relata('import', 'x.tsv', '--db', join(tmp.dir, 'y.sqlite'), '--format', 'xml');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/xml/);
  });

  it('exports in every format', () => {
    const db = join(tmp.dir, 'demo.sqlite');
    const demo = relata('demo', '--db', db, '--json');
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout)).toMatchObject({ entities: 77, triples: 240 });
    for (const ext of ['tsv', 'nt', 'ttl', 'jsonld', 'graphml', 'gexf']) {
      const out = join(tmp.dir, `demo.${ext}`);
      const r = relata('export', out, '--db', db, '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).triples).toBe(240);
      expect(existsSync(out) && readFileSync(out, 'utf8').length > 1000).toBe(true);
    }
    const search = JSON.parse(relata('search', 'einstein', '--db', db, '--json').stdout);
    expect(search.results[0].key).toBe('albert_einstein');
    const paths = JSON.parse(relata('paths', 'charlie', 'alice', '--db', db, '--all', '--max-hops', '3', '--json').stdout);
    expect(paths.paths.length).toBeGreaterThan(2);
    expect(paths.paths[0].map((s: { triple: { predicate: { key: string } } }) => s.triple.predicate.key)).toEqual(['father', 'sister']);
    const causes = JSON.parse(relata('explain-findings', '--db', db, '--findings', 'fever,cough', '--relation', 'presents', '--json').stdout);
    expect(causes.candidates[0]).toMatchObject({ rank: 1, key: 'flu', label: 'Influenza' });
    expect(causes.candidates[0].matched.map((m: { key: string }) => m.key)).toEqual(['fever', 'cough']);
  });

  it('--help groups the commands by task', () => {
    const help = relata('--help').stdout;
    const headings = ['Build a KG:', 'See what is in it:', 'Reason:', 'Learn:', 'Sessions and feedback:', 'Serve:'];
    expect(headings.map((h) => help.indexOf(`\n${h}\n`))).toEqual(headings.map((h) => help.indexOf(`\n${h}\n`)).sort((a, b) => a - b));
    expect(help.slice(help.indexOf('\nReason:\n'), help.indexOf('\nLearn:\n'))).toMatch(/query\|reason[\s\S]*relate[\s\S]*sparql/);
  });

  it('rejects a number flag that is not one, naming the flag, with the usage-error exit code', () => {
    const r = relata('relate', 'a', 'b', '--db', join(tmp.dir, 'none.sqlite'), '--max-hops', 'abc');
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('error: --max-hops must be a whole number, got "abc"');
  });

  it('npx relata resolves to the same binary', () => {
    const out = execFileSync('npx', ['--no-install', 'relata', '--version'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

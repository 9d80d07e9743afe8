import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { datasetPath, REPO_ROOT, tempDir } from '../../../test-support/paths.js';

const CLI = `${REPO_ROOT}/bin/relata.mjs`;
const NATIONS = datasetPath('nations');
const tmp = tempDir('relata-train-');
afterAll(() => tmp.cleanup());

const run = (...args: string[]) => execFileSync('node', [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('relata train / eval / predict', () => {
  const modelFile = join(tmp.dir, 'nations.rkge');

  it('train --json prints one object with the metrics, and --out stores a model that eval reproduces', () => {
    const lines = run('train', '--dataset', NATIONS, '--epochs', '20', '--seed', '3', '--out', modelFile, '--json').trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(r.model).toBe('complex');
    // onnxruntime-node is a dependency whose CPU library ships in the package, so its dense kernels run.
    expect(r.engine).toBe('cpu-onnxruntime');
    expect(r.engine_reason).toMatch(/onnxruntime-node/);
    for (const k of ['mrr', 'hits_at_1', 'hits_at_3', 'hits_at_10', 'train_seconds', 'epochs', 'dim']) expect(typeof r[k]).toBe('number');
    expect(r.mrr).toBeGreaterThan(0.7);
    expect(r.hits_at_1).toBeLessThanOrEqual(r.hits_at_3);
    expect(r.test_queries).toBe(402);
    expect(Object.keys(r.per_relation).length).toBeGreaterThan(10);
    const e = JSON.parse(run('eval', '--model-file', modelFile, '--dataset', NATIONS, '--json'));
    expect(e.mrr).toBeCloseTo(r.mrr, 10);
    expect(e.hits_at_10).toBeCloseTo(r.hits_at_10, 10);
  }, 60_000);

  it('predict ranks tails with scores and marks known facts', () => {
    const p = JSON.parse(run('predict', '--model-file', modelFile, '--dataset', NATIONS, '--head', 'usa', '--relation', 'militaryalliance', '--top', '14', '--json'));
    expect(p.candidates).toHaveLength(14);
    expect(p.known_facts).toBeGreaterThan(0);
    expect(p.candidates.filter((c: { known: boolean }) => c.known)).toHaveLength(p.known_facts);
    for (let i = 1; i < 14; i++) expect(p.candidates[i - 1].score).toBeGreaterThanOrEqual(p.candidates[i].score);
    const unknown = JSON.parse(run('predict', '--model-file', modelFile, '--dataset', NATIONS, '--head', 'usa', '--relation', 'militaryalliance', '--unknown-only', '--json'));
    expect(unknown.candidates.every((c: { known: boolean }) => !c.known)).toBe(true);
  }, 30_000);

  it('trains on a KG file using its stored split', () => {
    const db = join(tmp.dir, 'nations.sqlite');
    run('import', NATIONS, '--db', db, '--format', 'benchmark');
    const r = JSON.parse(run('train', '--db', db, '--model', 'distmult', '--epochs', '10', '--json'));
    expect(r.model).toBe('distmult');
    expect(r.test_queries).toBe(402);
    expect(r.mrr).toBeGreaterThan(0.6);
  }, 60_000);

  it('--max-minutes stops training, validates where it stopped and still evaluates the test split', () => {
    // An epoch of ComplEx on Nations takes milliseconds, 100,000 of them far more than the 6-second budget.
    const r = JSON.parse(run('train', '--dataset', NATIONS, '--epochs', '100000', '--eval-every', '100000', '--max-minutes', '0.1', '--json'));
    expect(r.stopped_by).toBe('time-limit');
    expect(r.epochs).toBeLessThan(100_000);
    expect(r.epochs).toBeGreaterThan(0);
    expect(r.best_epoch).toBe(r.epochs);
    expect(r.valid_mrr).toBeGreaterThan(0);
    expect(r.test_queries).toBe(402);
    expect(r.mrr).toBeGreaterThan(0.2);
  }, 60_000);

  it('fails with one clear line and exit code 1', () => {
    const bad = spawnSync('node', [CLI, 'train', '--dataset', '/nonexistent/dir', '--json'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toBe('relata: dataset folder /nonexistent/dir has no train.txt');
    const model = spawnSync('node', [CLI, 'train', '--dataset', NATIONS, '--model', 'conve'], { encoding: 'utf8' });
    expect(model.status).toBe(1);
    expect(model.stderr).toMatch(/^relata: unknown model 'conve' \(known: transe, distmult, complex, rotate\)/);
    const odd = spawnSync('node', [CLI, 'train', '--dataset', NATIONS, '--model', 'complex', '--dim', '7'], { encoding: 'utf8' });
    expect(odd.stderr).toMatch(/^relata: complex needs an even dim/);
  }, 30_000);
});

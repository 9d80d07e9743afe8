import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { datasetPath, REPO_ROOT, tempDir } from '../../../test-support/paths.js';
import { RelataService } from '../../core/api/handlers.js';

const CLI = `${REPO_ROOT}/bin/relata.mjs`;
const tmp = tempDir('relata-models-cli-');
afterAll(() => tmp.cleanup());
const kg = join(tmp.dir, 'kinships.sqlite');

const run = (...args: string[]) => execFileSync('node', [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('relata train --db, models, suggest, similar', () => {
  it('train --db stores the model in the KG and records a session step; models lists it', async () => {
    run('import', datasetPath('kinships'), '--db', kg, '--format', 'benchmark');
    const service = new RelataService(kg, false);
    const session = await service.call('session.create', { name: 'embeddings' });
    service.close();
    const bad = spawnSync('node', [CLI, 'train', '--db', kg, '--session', '999', '--epochs', '1'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no session with id 999/);
    const r = JSON.parse(run('train', '--db', kg, '--epochs', '2', '--eval-every', '1', '--seed', '1', '--name', 'kin', '--session', String(session.id), '--json'));
    expect(r).toMatchObject({ model: 'complex', stored_model: 'kin', rejected_negatives: 0 });
    expect(typeof r.session_step).toBe('number');
    const { models } = JSON.parse(run('models', '--db', kg, '--json'));
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ name: 'kin', kind: 'complex', entityCount: 104, relationCount: 25 });
    expect(models[0].curve.map((p: { epoch: number }) => p.epoch)).toEqual([1, 2]);
    expect(models[0].metrics.mrr).toBeCloseTo(r.mrr, 10);
    expect(Object.keys(models[0].metrics.per_relation).length).toBeGreaterThan(20); // relations present in the test split
    const check = new RelataService(kg, false);
    try {
      const detail = await check.call('session.get', { id: session.id });
      expect(detail.timeline.map((s) => s.kind)).toContain('model.train');
    } finally {
      check.close();
    }
  }, 60_000);

  it('suggest lists unknown triples best first; similar lists the entity itself first', () => {
    const q = JSON.parse(run('suggest', '--db', kg, '--model', 'kin', '--relation', 'term1', '--top', '5', '--json'));
    expect(q.suggestions).toHaveLength(5);
    expect(q.queries).toBe(104);
    for (const s of q.suggestions) {
      expect(s.predicate).toBe('term1');
      expect(s.probability).toBeGreaterThan(0);
      expect(s.probability).toBeLessThanOrEqual(1);
    }
    const person = q.suggestions[0].subject;
    const p = JSON.parse(run('predict', '--db', kg, '--model', 'kin', '--head', person, '--relation', 'term1', '--top', '104', '--json'));
    expect(p.candidates).toHaveLength(104);
    expect(p.candidates.reduce((s: number, c: { probability: number }) => s + c.probability, 0)).toBeCloseTo(1, 4);
    expect(p.candidates.filter((c: { known: boolean }) => c.known)).toHaveLength(p.known_facts);
    const sim = JSON.parse(run('similar', '--db', kg, '--model', 'kin', person, '--top', '3', '--json'));
    expect(sim.neighbours).toHaveLength(3);
    expect(sim.neighbours[0].entity).toBe(person);
    expect(sim.neighbours[0].cosine).toBeCloseTo(1, 5);
    const missing = spawnSync('node', [CLI, 'similar', '--db', kg, '--model', 'nope', person], { encoding: 'utf8' });
    expect(missing.stderr).toMatch(/no stored model named 'nope'/);
  }, 30_000);
});

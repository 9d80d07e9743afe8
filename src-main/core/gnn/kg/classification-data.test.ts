// Entity-type classification over a real KG (biomed-mini: compounds, diseases, symptoms) stored in a Relata KG file.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBiomedKg } from '../../../../test-support/biomed-kg.js';
import { REPO_ROOT, tempDir } from '../../../../test-support/paths.js';
import { GCN_DEFAULTS, trainGcnSeeds } from '../training/train-gcn.js';
import { loadKgNodeClassification } from './classification-data.js';

describe('GCN node classification over a KG', () => {
  const { dir, cleanup } = tempDir('relata-gnn-kg-');
  const kg = join(dir, 'biomed.sqlite');
  beforeAll(() => buildBiomedKg(kg));
  afterAll(cleanup);

  it('builds nodes, edges, features and a seeded split from the KG', () => {
    const d = loadKgNodeClassification(kg, { target: 'type', seed: 1 });
    expect(d.numNodes).toBe(1050);
    expect(d.classNames).toEqual(['Compound', 'Disease', 'Symptom']);
    expect(d.edgeSrc.length).toBe(11934);
    expect(d.trainIdx.length + d.valIdx.length + d.testIdx.length).toBe(1050);
    expect(d.trainIdx.length).toBe(630);
    const again = loadKgNodeClassification(kg, { target: 'type', seed: 1 });
    expect([...again.testIdx]).toEqual([...d.testIdx]);
    const other = loadKgNodeClassification(kg, { target: 'type', seed: 2 });
    expect([...other.testIdx]).not.toEqual([...d.testIdx]);
    expect(() => loadKgNodeClassification(kg, { target: 'colour', seed: 1 })).toThrow(/unknown --target/);
  });

  it('beats the majority-class baseline on the test split by a wide margin', () => {
    const d = loadKgNodeClassification(kg, { target: 'type', seed: 3 });
    const counts = new Map<number, number>();
    for (const i of d.testIdx) counts.set(d.labels[i], (counts.get(d.labels[i]) ?? 0) + 1);
    const majority = Math.max(...counts.values()) / d.testIdx.length;
    const s = trainGcnSeeds(d, GCN_DEFAULTS, [0, 1]);
    expect(s.testAccuracy).toBeGreaterThan(Math.min(0.95, majority + 0.2));
  }, 60_000);

  it('relata gnn --db --task node-class --target type --json', () => {
    const out = execFileSync(
      'node',
      [`${REPO_ROOT}/bin/relata.mjs`, 'gnn', '--db', kg, '--task', 'node-class', '--target', 'type', '--seeds', '1', '--json'],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out);
    expect(r.dataset).toBe('biomed');
    expect(r.classes).toBe(3);
    expect(r.test_accuracy).toBeGreaterThan(0.8);
  }, 60_000);

  it('relata gnn --db --task link-pred --relation treats ranks the KG\'s held-out triples', () => {
    const out = execFileSync(
      'node',
      [`${REPO_ROOT}/bin/relata.mjs`, 'gnn', '--db', kg, '--task', 'link-pred', '--relation', 'treats', '--epochs', '20', '--json'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const r = JSON.parse(out);
    expect(r.model).toBe('rgcn-distmult');
    expect(r.triples).toEqual({ train: 11782, valid: 76, test: 76 });
    expect(r.test_mrr).toBeGreaterThan(0);
  }, 60_000);
});

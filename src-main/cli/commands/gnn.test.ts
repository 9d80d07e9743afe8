import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetPath, REPO_ROOT, tempDir } from '../../../test-support/paths.js';
import { splitTargetRelation } from '../../core/gnn/datasets/target-relation-split.js';
import { readTsvTriples } from '../../core/import/tsv-triples.js';

const CLI = [`${REPO_ROOT}/bin/relata.mjs`, 'gnn'];
const CORA = datasetPath('cora');

describe('relata gnn', () => {
  it('--dataset --json prints one JSON object with the accuracy fields', () => {
    const out = execFileSync('node', [...CLI, '--dataset', CORA, '--seeds', '1', '--json'], {
      encoding: 'utf8',
    });
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const r = JSON.parse(lines[0]);
    expect(r.model).toBe('gcn');
    expect(r.seeds).toBe(1);
    expect(r.test_accuracy).toBeGreaterThan(0.77);
    expect(r.test_accuracy).toBeLessThanOrEqual(1);
    expect(r.val_accuracy).toBeGreaterThan(0.7);
    expect(r.train_seconds).toBeGreaterThan(0);
    expect(r.test_accuracy_std).toBe(0);
    expect([r.nodes, r.features, r.classes]).toEqual([2708, 1433, 7]);
    const confusion: number[][] = r.test_confusion;
    const total = confusion.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(1000);
    expect(confusion.reduce((a, row, i) => a + row[i], 0) / total).toBeCloseTo(r.test_accuracy, 4);
    expect(r.class_names).toHaveLength(7);
  }, 60_000);

  it('fails with one clear line and exit code 1', () => {
    const r = spawnSync('node', [...CLI, '--dataset', '/nonexistent/dir', '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^relata: dataset folder not found/);
    const bad = spawnSync('node', [...CLI, '--dataset', CORA, '--seeds', '0'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--seeds must be an integer/);
  }, 60_000);

  it('--task link-pred ranks a held-out relation with R-GCN + DistMult and a DistMult baseline', () => {
    const out = execFileSync(
      'node',
      [...CLI, '--dataset', datasetPath('biomed-mini'), '--task', 'link-pred', '--relation', 'treats', '--epochs', '20', '--compare-distmult', '--json'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const r = JSON.parse(out);
    expect(r.model).toBe('rgcn-distmult');
    expect(r.baseline.model).toBe('distmult');
    expect(r.triples).toEqual({ train: 11782, valid: 76, test: 76 });
    for (const key of ['test_mrr', 'test_hits_at_1', 'test_hits_at_3', 'test_hits_at_10', 'valid_mrr']) {
      expect(r[key]).toBeGreaterThanOrEqual(0);
      expect(r[key]).toBeLessThanOrEqual(1);
    }
    expect(r.runs[0].test.queries).toBe(152);
    const bad = spawnSync('node', [...CLI, '--dataset', datasetPath('biomed-mini'), '--task', 'link-pred', '--relation', 'cures'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^relata: relation "cures" has 0 triples/);
  }, 60_000);

  it('--task link-pred --out saves embeddings that relata eval re-ranks to the same test MRR (bce and 1-vs-all ce)', () => {
    const { dir, cleanup } = tempDir('relata-gnn-out-');
    try {
      const ds = splitTargetRelation('biomed-treats', readTsvTriples(join(datasetPath('biomed-mini'), 'triples.tsv')), { relation: 'treats', seed: 0 });
      const folder = join(dir, 'biomed-treats');
      mkdirSync(folder);
      for (const split of ['train', 'valid', 'test'] as const) {
        const t = ds[split];
        const text = Array.from(t.heads, (h, i) => `${ds.entities[h]}\t${ds.relations[t.relations[i]]}\t${ds.entities[t.tails[i]]}\n`).join('');
        writeFileSync(join(folder, `${split}.txt`), text);
      }
      const quiet = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
      // ce stores reciprocal relation rows: the model file must say so for eval to answer head queries the same way.
      for (const [loss, epochs] of [['bce', '20'], ['ce', '1']]) {
        const file = join(dir, `rgcn-${loss}.rkge`);
        const trained = JSON.parse(
          execFileSync('node', [...CLI, '--dataset', folder, '--task', 'link-pred', '--loss', loss, '--epochs', epochs, '--out', file, '--json'], quiet),
        );
        expect(trained.model_file).toBe(file);
        expect(trained.settings.loss).toBe(loss);
        expect(trained.triples).toEqual({ train: 11782, valid: 76, test: 76 });
        const evalArgs = [`${REPO_ROOT}/bin/relata.mjs`, 'eval', '--model-file', file, '--dataset', folder, '--threads', '1', '--json'];
        const evaluated = JSON.parse(execFileSync('node', evalArgs, quiet));
        expect(evaluated.model).toBe('distmult');
        expect(evaluated.mrr).toBeCloseTo(trained.test_mrr, 3);
      }
    } finally {
      cleanup();
    }
  }, 90_000);
});

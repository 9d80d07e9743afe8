// Choosing the features of KG node classification (kg/feature-groups.ts) on real KGs: the bundled demo KG and the
// schema.org vocabulary (descriptions as rdfs:comment), through the core, the API and the CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetPath, REPO_ROOT, tempDir } from '../../../../test-support/paths.js';
import { RelataService } from '../../api/handlers.js';
import { demoFiles } from '../../demo.js';
import { resolveTrainingConfig } from '../../embeddings/training/training-config.js';
import { kgDataset } from '../../embeddings/kg/training-data.js';
import { saveKgModel } from '../../embeddings/kg/stored-models.js';
import { trainEmbeddings } from '../../embeddings/training/train-embeddings.js';
import { importFiles } from '../../import/import-files.js';
import { KgStore } from '../../store/kg-store.js';
import type { CsrMatrix } from '../kernels/csr-matrix.js';
import { GCN_DEFAULTS, trainGcnSeeds } from '../training/train-gcn.js';
import { defaultFeatures, textTokens } from './feature-groups.js';
import { kgNodeClassificationData, type KgNodeClassificationData } from './classification-data.js';
import { TYPE_PREDICATE_KEYS } from '../../../contract/vocabulary.js';
import { majorityAccuracy } from '../training/node-classification-report.js';

const CLI = `${REPO_ROOT}/bin/relata.mjs`;
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';

/** The matrix without columns [start, start + size), later columns shifted left. */
function dropColumns(a: CsrMatrix, start: number, size: number): { rowPtr: number[]; colIdx: number[]; values: number[] } {
  const out = { rowPtr: [0], colIdx: [] as number[], values: [] as number[] };
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      const c = a.colIdx[p];
      if (c >= start && c < start + size) continue;
      out.colIdx.push(c >= start + size ? c - size : c);
      out.values.push(a.values[p]);
    }
    out.rowPtr.push(out.colIdx.length);
  }
  return out;
}
const plain = (a: CsrMatrix) => ({ rowPtr: [...a.rowPtr], colIdx: [...a.colIdx], values: [...a.values] });
const block = (d: KgNodeClassificationData, group: string) => d.featureBlocks.find((b) => b.group === group)!;

/** Vocabulary tokens in entity i's text columns. */
function rowTokens(d: KgNodeClassificationData, i: number): string[] {
  const text = block(d, 'text');
  const out: string[] = [];
  for (let p = d.features.rowPtr[i]; p < d.features.rowPtr[i + 1]; p++) {
    const c = d.features.colIdx[p];
    if (c >= text.start && c < text.start + text.size) out.push(d.textVocabulary[c - text.start]);
  }
  return out;
}

describe('KG node-classification features on the demo KG', () => {
  const tmp = tempDir('relata-gnn-features-');
  const db = join(tmp.dir, 'demo.sqlite');
  let service: RelataService;
  const data = (features?: string[], target = 'type') => kgNodeClassificationData(service.kg, 'demo', { target, seed: 0, features });
  beforeAll(async () => {
    process.env.RELATA_HOME = tmp.dir;
    service = new RelataService(db);
    await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  });
  afterAll(() => {
    service.close();
    tmp.cleanup();
  });

  it('the default feature set is the one classification always used: same width, same matrix as the explicit list', () => {
    const d = data();
    const numPredicates = d.relational.numRelations;
    // Measured before features could be chosen: 26 predicates (type excluded) out + in, 11 types, 16 degree buckets.
    expect(d.numFeatures).toBe(79);
    expect(d.numFeatures).toBe(2 * numPredicates + d.numClasses + 16);
    expect(d.featureGroups).toEqual(['predicates', 'neighbour-labels', 'degree']);
    expect(plain(data(['degree', 'neighbour-labels', 'predicates']).features)).toEqual(plain(d.features));
    const p = data(undefined, 'prop:gender');
    const types = new Set(service.kg.db.prepare('SELECT type FROM entities WHERE type IS NOT NULL').pluck().all()).size;
    expect(p.numFeatures).toBe(90);
    expect(p.numFeatures).toBe(2 * p.relational.numRelations + p.numClasses + 2 * types + 16);
    expect(p.featureGroups).toEqual(defaultFeatures('prop:gender'));
  });

  it('switching a group off removes exactly its columns; text adds a non-empty vocabulary', () => {
    const full = data();
    for (const group of ['predicates', 'neighbour-labels', 'degree']) {
      const without = data(full.featureGroups.filter((g) => g !== group));
      const b = block(full, group);
      expect(b.size).toBeGreaterThan(0);
      expect(without.numFeatures).toBe(full.numFeatures - b.size);
      expect(plain(without.features)).toEqual(dropColumns(full.features, b.start, b.size));
    }
    const prop = data(undefined, 'prop:gender');
    const noTypes = data(['predicates', 'neighbour-labels', 'degree'], 'prop:gender');
    expect(noTypes.numFeatures).toBe(prop.numFeatures - block(prop, 'types').size);
    expect(plain(noTypes.features)).toEqual(dropColumns(prop.features, block(prop, 'types').start, block(prop, 'types').size));

    const text = data([...full.featureGroups, 'text']);
    expect(text.textVocabulary.length).toBeGreaterThan(0);
    expect(text.numFeatures).toBe(full.numFeatures + text.textVocabulary.length);
    expect(plain(data(['text']).features).colIdx.length).toBeGreaterThan(0);
    const einstein = text.nodeIds.indexOf('albert_einstein');
    const edison = text.nodeIds.indexOf('thomas_edison');
    expect(rowTokens(text, edison)).toContain('edison'); // "Thomas Edison" and "Edison Machine Works"
    expect(rowTokens(text, einstein)).toEqual([]);

    expect(() => data(['types'])).toThrow(/'types' is the target itself/);
    expect(() => data(['colour'])).toThrow(/unknown feature "colour"/);
    expect(() => data([])).toThrow(/at least one feature/);
  });

  it('embedding:NAME: a model trained without the type triples classifies above the majority class; one trained on them is refused', async () => {
    const config = resolveTrainingConfig({ model: 'complex', epochs: 60, dim: 32, seed: 1, threads: 1, evalEvery: 1000 });
    const typeKeys = TYPE_PREDICATE_KEYS.filter((k) => service.kg.db.prepare('SELECT 1 FROM predicates WHERE key = ?').get(k));
    const clean = kgDataset(service.kg, 0, typeKeys).dataset;
    expect(clean.relations).not.toContain(typeKeys[0]);
    const trained = await trainEmbeddings(clean, config);
    saveKgModel(service.kg, 'demo-notypes', trained.params, clean, { settings: trained.config });
    const all = kgDataset(service.kg, 0).dataset;
    const leaky = await trainEmbeddings(all, { ...config, epochs: 2 });
    saveKgModel(service.kg, 'demo-all', leaky.params, all, { settings: leaky.config });

    const d = data(['embedding:demo-notypes']);
    expect(d.featureGroups).toEqual(['embedding:demo-notypes']);
    expect(d.numFeatures).toBe(2 * 32); // [x⁺ | x⁻] of the 32-wide rows
    for (const v of d.features.values) expect(v).toBeGreaterThan(0);
    const s = trainGcnSeeds(d, GCN_DEFAULTS, [0, 1, 2]);
    expect(s.testAccuracy).toBeGreaterThan(majorityAccuracy(d) + 0.1);

    expect(() => data(['embedding:demo-all'])).toThrow(/was trained on .*type triples, the target/);
    expect(() => data(['embedding:nothing'])).toThrow(/no embedding model or GNN embeddings of that name/);
    // A property target the model never saw (gender triples are in its training data, so it is refused there).
    expect(() => data(['embedding:demo-notypes'], 'prop:gender')).toThrow(/trained on gender triples/);

    // Through the API, with the usual features next to the embedding.
    const r = await service.call('gnn.classify', { target: 'type', seeds: 3, features: ['predicates', 'degree', 'embedding:model:demo-notypes'] });
    expect(r.featureGroups).toEqual(['predicates', 'degree', 'embedding:model:demo-notypes']);
    expect(r.featureBlocks.map((b) => b.size)).toEqual([2 * d.relational.numRelations, 16, 64]);
    expect(r.features).toBe(2 * d.relational.numRelations + 16 + 64);
    expect(r.testAccuracy).toBeGreaterThan(r.majorityAccuracy);
    await expect(service.call('gnn.classify', { target: 'type', features: ['embedding:demo-all'] })).rejects.toThrow(/the target of this classification/);
  }, 120_000);

  it('embedding:gnn:NAME: GNN embeddings of the same target can be features, those of another target cannot', async () => {
    await service.call('gnn.classify', { target: 'type', seeds: 1 }); // stores 'gcn:type'
    const d = data(['predicates', 'embedding:gnn:gcn:type']);
    expect(d.numFeatures).toBe(2 * d.relational.numRelations + 2 * GCN_DEFAULTS.hidden);
    expect(() => data(['embedding:gcn:type'], 'prop:gender')).toThrow(/come from a classification of type/);
    expect(() => kgNodeClassificationData(service.kg, 'demo', { target: 'type', seed: 4, features: ['embedding:gcn:type'] })).toThrow(/split seed 0/);
  }, 60_000);

  it('relata gnn --features prints feature_groups and num_features; relata train --exclude-predicates makes a usable embedding', () => {
    const run = (...args: string[]) => execFileSync('node', [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const plainRun = JSON.parse(run('gnn', '--db', db, '--task', 'node-class', '--target', 'type', '--seeds', '1', '--json'));
    expect(plainRun.feature_groups).toEqual(['predicates', 'neighbour-labels', 'degree']);
    expect(plainRun.num_features).toBe(79);
    expect(plainRun.features).toBe(79);
    const t = JSON.parse(run('train', '--db', db, '--name', 'cli-notypes', '--epochs', '40', '--dim', '16', '--exclude-predicates', 'rdf:type', '--json'));
    expect(t.stored_model).toBe('cli-notypes');
    const r = JSON.parse(
      run('gnn', '--db', db, '--task', 'node-class', '--target', 'type', '--features', 'predicates,degree,text,embedding:cli-notypes', '--seeds', '2', '--json'),
    );
    expect(r.feature_groups).toEqual(['predicates', 'degree', 'text', 'embedding:cli-notypes']);
    expect(r.feature_blocks.map((b: { group: string }) => b.group)).toEqual(r.feature_groups);
    expect(r.feature_blocks[3].size).toBe(32);
    expect(r.num_features).toBe(r.feature_blocks.reduce((a: number, b: { size: number }) => a + b.size, 0));
    expect(r.test_accuracy).toBeGreaterThan(r.majority_accuracy);
    const text = run('gnn', '--db', db, '--features', 'degree,text', '--seeds', '1');
    expect(text).toMatch(/^features: degree 16, text \d+$/m);
    const bad = spawnSync('node', [CLI, 'gnn', '--db', db, '--features', 'types'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^relata: feature 'types' is the target itself/);
  }, 120_000);
});

describe('text features on schema.org (labels and rdfs:comment descriptions)', () => {
  const tmp = tempDir('relata-gnn-text-');
  let store: KgStore;
  beforeAll(async () => {
    store = KgStore.open(join(tmp.dir, 'schema.sqlite'));
    await importFiles(store, [{ path: datasetPath('rdf-schemaorg', 'schemaorg-current-https.nt') }]);
  });
  afterAll(() => {
    store.close();
    tmp.cleanup();
  });

  it('a capped vocabulary of description words that classifies classes, properties and enumeration members above the majority class', () => {
    const d = kgNodeClassificationData(store, 'schema', { target: 'type', seed: 0, features: ['text'] });
    expect(d.textVocabulary.length).toBe(2000);
    expect(d.numFeatures).toBe(2000);
    for (const t of ['the', 'of', 'a']) expect(d.textVocabulary).not.toContain(t);
    expect(d.textVocabulary).toEqual(expect.arrayContaining(['property', 'type']));
    const s = trainGcnSeeds(d, GCN_DEFAULTS, [0]);
    expect(s.testAccuracy).toBeGreaterThan(majorityAccuracy(d) + 0.05);
  }, 60_000);

  it("never reads the target property's literals: with target rdfs:label, rows hold words of the descriptions only", () => {
    const d = kgNodeClassificationData(store, 'schema', { target: `prop:${RDFS_LABEL}`, seed: 0, features: ['text'] });
    const literalsOf = store.db.prepare(
      `SELECT p.key, l.value FROM triples t JOIN predicates p ON p.id = t.p JOIN literals l ON l.id = -t.o JOIN entities e ON e.id = t.s WHERE e.key = ? AND t.o < 0`,
    );
    const vocabulary = new Set(d.textVocabulary);
    const labelOnly: Array<[number, string]> = [];
    d.nodeIds.forEach((key, i) => {
      const rows = literalsOf.all(key) as Array<{ key: string; value: string }>;
      const labels = rows.filter((r) => r.key === RDFS_LABEL).map((r) => r.value);
      const allowed = new Set(rows.filter((r) => r.key !== RDFS_LABEL && !labels.includes(r.value)).flatMap((r) => textTokens(r.value)));
      const row = rowTokens(d, i);
      for (const t of row) expect(allowed.has(t)).toBe(true);
      for (const t of new Set(labels.flatMap(textTokens))) if (!allowed.has(t) && vocabulary.has(t)) labelOnly.push([i, t]);
    });
    // The exclusion has teeth: many label words are in the vocabulary (other entities' descriptions use them), yet
    // never in the row of the entity they label; with target 'type' the same words are that entity's text.
    expect(labelOnly.length).toBeGreaterThan(100);
    const typed = kgNodeClassificationData(store, 'schema', { target: 'type', seed: 0, features: ['text'] });
    const present = labelOnly.filter(([i, t]) => rowTokens(typed, i).includes(t)).length;
    expect(present).toBeGreaterThan(0.9 * labelOnly.length);
  }, 60_000);
});

import type { KgSplitKind } from '../../../contract/embeddings-types.js';
import { predicateIdByKey } from '../../store/kg-lookup.js';
import { KgStore } from '../../store/kg-store.js';
import { assertedEntityTriples } from '../../store/learning-reads.js';
import { datasetFromLabels, type KgDataset, type LabelTriple, type LabelSplits } from '../datasets/triple-datasets.js';
import { createPrng } from '../../random/mulberry32.js';
import { listRejectedTriples } from './stored-models.js';

/**
 * The link-prediction dataset of a KG file: asserted (not derived) entity-to-entity triples, named by
 * entity and predicate keys. Uses the triples' `split` column when any is set (unset = train), otherwise
 * a seeded random 90/5/5 split. Rejected predictions (`model_negatives`, from model.review) whose entities and
 * predicate are in the vocabulary become `dataset.rejected`: extra negatives for training. `excludePredicates`
 * leaves those predicates' triples out (e.g. the type predicate, so that the embeddings can be features of a type
 * classifier without knowing the types).
 */
export function loadKgDataset(path: string, seed: number, excludePredicates: readonly string[] = []): KgDatasetSplit {
  const store = KgStore.open(path, { mustExist: true, readonly: true });
  try {
    return kgDataset(store, seed, excludePredicates);
  } finally {
    store.close();
  }
}

export interface KgDatasetSplit {
  dataset: KgDataset;
  split: KgSplitKind;
}

/** The same over an open KG (the app's: no second connection, works for `:memory:` too). */
export function kgDataset(store: KgStore, seed: number, excludePredicates: readonly string[] = []): KgDatasetSplit {
  const path = store.path;
  const excluded = new Set(excludePredicates);
  for (const key of excluded) {
    if (predicateIdByKey(store.db, key) === undefined) throw new Error(`${path}: no predicate "${key}" to exclude`);
  }
  const all = assertedEntityTriples(store.db);
  const rows = excluded.size ? all.filter((r) => !excluded.has(r.p)) : all;
  if (rows.length === 0) throw new Error(`${path}: no entity-to-entity triples to train on`);
  const splits: LabelSplits = { train: [], valid: [], test: [] };
  const stored = rows.some((r) => r.split !== null);
  const rng = createPrng(seed);
  for (const r of rows) {
    const t: LabelTriple = [r.s, r.p, r.o];
    if (stored) (r.split === 'valid' ? splits.valid : r.split === 'test' ? splits.test : splits.train).push(t);
    else {
      const u = rng.next();
      (u < 0.9 ? splits.train : u < 0.95 ? splits.valid : splits.test).push(t);
    }
  }
  const name = path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? path;
  const dataset = datasetFromLabels(name, splits);
  const e = new Map(dataset.entities.map((k, i) => [k, i]));
  const r = new Map(dataset.relations.map((k, i) => [k, i]));
  const rejected = listRejectedTriples(store.db).filter((t) => e.has(t.subject) && r.has(t.predicate) && e.has(t.object));
  dataset.rejected = {
    heads: Int32Array.from(rejected, (t) => e.get(t.subject)!),
    relations: Int32Array.from(rejected, (t) => r.get(t.predicate)!),
    tails: Int32Array.from(rejected, (t) => e.get(t.object)!),
  };
  return { dataset, split: stored ? 'stored' : 'random-90-5-5' };
}

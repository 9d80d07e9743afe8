import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readTsvTriples, type TsvTriple } from '../../import/tsv-triples.js';

/** Triples as parallel id arrays (head, relation, tail). */
export interface TripleIds {
  heads: Int32Array;
  relations: Int32Array;
  tails: Int32Array;
}

/** A link-prediction dataset: vocabularies plus train/valid/test id triples. */
export interface KgDataset {
  name: string;
  entities: string[];
  relations: string[];
  train: TripleIds;
  valid: TripleIds;
  test: TripleIds;
  /** Predictions a reviewer rejected: extra negatives during training (training/rejected-negatives.ts). */
  rejected?: TripleIds;
}

export type LabelTriple = TsvTriple;

/**
 * Build a dataset from labelled splits. Ids follow sorted label order (as torch_kge.py does), so a
 * model trained here and one trained by the reference share ids.
 */
export function datasetFromLabels(name: string, splits: LabelSplits): KgDataset {
  const ents = new Set<string>();
  const rels = new Set<string>();
  for (const split of [splits.train, splits.valid, splits.test]) {
    for (const [h, r, t] of split) {
      ents.add(h);
      ents.add(t);
      rels.add(r);
    }
  }
  const entities = [...ents].sort();
  const relations = [...rels].sort();
  const eIndex = new Map(entities.map((e, i) => [e, i]));
  const rIndex = new Map(relations.map((r, i) => [r, i]));
  const toIds = (ts: LabelTriple[]): TripleIds => {
    const heads = new Int32Array(ts.length);
    const relationIds = new Int32Array(ts.length);
    const tails = new Int32Array(ts.length);
    ts.forEach(([h, r, t], i) => {
      heads[i] = eIndex.get(h)!;
      relationIds[i] = rIndex.get(r)!;
      tails[i] = eIndex.get(t)!;
    });
    return { heads, relations: relationIds, tails };
  };
  return { name, entities, relations, train: toIds(splits.train), valid: toIds(splits.valid), test: toIds(splits.test) };
}

export interface LabelSplits {
  train: LabelTriple[];
  valid: LabelTriple[];
  test: LabelTriple[];
}

/** Read the labelled splits of a benchmark folder holding train.txt, valid.txt and test.txt. */
export function readBenchmarkSplits(dir: string): LabelSplits {
  const read = (split: string): LabelTriple[] => {
    const path = join(dir, `${split}.txt`);
    if (!existsSync(path)) throw new Error(`dataset folder ${dir} has no ${split}.txt`);
    return readTsvTriples(path);
  };
  return { train: read('train'), valid: read('valid'), test: read('test') };
}

export function datasetName(dir: string): string {
  return dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? dir;
}

/** Read a benchmark folder holding train.txt, valid.txt and test.txt. */
export function readBenchmarkFolder(dir: string): KgDataset {
  return datasetFromLabels(datasetName(dir), readBenchmarkSplits(dir));
}

/**
 * A dataset over a stored model's vocabulary (ids = positions in `entities` / `relations`).
 * Triples naming an entity or relation the model does not know are dropped and counted.
 */
export function datasetWithVocabulary(name: string, splits: LabelSplits, entities: string[], relations: string[]): { dataset: KgDataset; dropped: number } {
  const eIndex = new Map(entities.map((e, i) => [e, i]));
  const rIndex = new Map(relations.map((r, i) => [r, i]));
  let dropped = 0;
  const toIds = (ts: LabelTriple[]): TripleIds => {
    const kept = ts.filter(([h, r, t]) => eIndex.has(h) && rIndex.has(r) && eIndex.has(t));
    dropped += ts.length - kept.length;
    return {
      heads: Int32Array.from(kept, ([h]) => eIndex.get(h)!),
      relations: Int32Array.from(kept, ([, r]) => rIndex.get(r)!),
      tails: Int32Array.from(kept, ([, , t]) => eIndex.get(t)!),
    };
  };
  return { dataset: { name, entities, relations, train: toIds(splits.train), valid: toIds(splits.valid), test: toIds(splits.test) }, dropped };
}

export function concatTriples(...parts: TripleIds[]): TripleIds {
  const n = parts.reduce((s, p) => s + p.heads.length, 0);
  const out: TripleIds = { heads: new Int32Array(n), relations: new Int32Array(n), tails: new Int32Array(n) };
  let o = 0;
  for (const p of parts) {
    out.heads.set(p.heads, o);
    out.relations.set(p.relations, o);
    out.tails.set(p.tails, o);
    o += p.heads.length;
  }
  return out;
}

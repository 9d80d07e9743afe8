/**
 * Link-prediction data from a folder holding `triples.tsv` (head TAB relation TAB tail [TAB source], '#' comments),
 * the layout of /work/shared/datasets/biomed-mini. The triples of one target relation are split at random (seeded)
 * into train/valid/test; every other triple is training data.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFromLabels, datasetName, readBenchmarkFolder, type KgDataset, type LabelTriple } from '../../embeddings/datasets/triple-datasets.js';
import { Mulberry32, shuffleInPlace } from '../../random/mulberry32.js';
import { readTsvTriples } from '../../import/tsv-triples.js';

export interface TargetSplitOptions {
  readonly relation: string;
  readonly seed: number;
  readonly validFraction?: number;
  readonly testFraction?: number;
}

export function splitTargetRelation(name: string, triples: LabelTriple[], options: TargetSplitOptions): KgDataset {
  const target = triples.filter(([, r]) => r === options.relation);
  if (target.length < 10) {
    const known = [...new Set(triples.map(([, r]) => r))].sort().join(', ');
    throw new Error(`relation "${options.relation}" has ${target.length} triples; need at least 10 (relations: ${known})`);
  }
  const order = shuffleInPlace(Int32Array.from(target.keys()), new Mulberry32(options.seed));
  const nTest = Math.max(1, Math.round(target.length * (options.testFraction ?? 0.1)));
  const nValid = Math.max(1, Math.round(target.length * (options.validFraction ?? 0.1)));
  const pick = (from: number, to: number) => Array.from(order.subarray(from, to), (i) => target[i]);
  return datasetFromLabels(name, {
    train: [...triples.filter(([, r]) => r !== options.relation), ...pick(nTest + nValid, order.length)],
    valid: pick(nTest, nTest + nValid),
    test: pick(0, nTest),
  });
}

/**
 * A link-prediction dataset from DIR: a benchmark folder (train/valid/test.txt) as it is, or a triples.tsv
 * folder split on `relation`.
 */
export function loadLinkPredictionDataset(dir: string, options: Partial<TargetSplitOptions> & { seed: number }): KgDataset {
  if (!existsSync(dir)) throw new Error(`dataset folder not found: ${dir}`);
  if (existsSync(join(dir, 'train.txt'))) return readBenchmarkFolder(dir);
  const path = join(dir, 'triples.tsv');
  if (!existsSync(path)) throw new Error(`${dir} holds neither train/valid/test.txt nor triples.tsv`);
  if (!options.relation) throw new Error('give --relation NAME: the relation whose triples are split for testing');
  return splitTargetRelation(datasetName(dir), readTsvTriples(path), { ...options, relation: options.relation });
}

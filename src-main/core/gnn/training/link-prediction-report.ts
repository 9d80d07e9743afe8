/** One entry point for link prediction with R-GCN + DistMult: load, train, report in the CLI's JSON shape. */
import { loadKgDataset } from '../../embeddings/kg/training-data.js';
import type { KgDataset, LabelTriple, TripleIds } from '../../embeddings/datasets/triple-datasets.js';
import type { EvaluationResult, RankingMetrics } from '../../embeddings/training/filtered-evaluation.js';
import { saveModelFile } from '../../embeddings/models/model-file.js';
import { asDistmultParams, RGCN_LINK_CE_DEFAULTS, RGCN_LINK_DEFAULTS, trainRgcnLinkPrediction, type RgcnLinkResult, type RgcnLinkSettings } from '../models/rgcn-link-prediction.js';
import { loadLinkPredictionDataset, splitTargetRelation } from '../datasets/target-relation-split.js';

export interface LinkPredictionSource {
  dataset?: string;
  db?: string;
  /** Relation whose triples are held out; without it a --db KG uses its stored (or a random 90/5/5) split. */
  relation?: string;
  splitSeed: number;
}

function labelTriples(ds: KgDataset, t: TripleIds): LabelTriple[] {
  return Array.from(t.heads, (h, i) => [ds.entities[h], ds.relations[t.relations[i]], ds.entities[t.tails[i]]] as const);
}

export function loadLinkPrediction(source: LinkPredictionSource): { dataset: KgDataset; split: string } {
  if (source.dataset) {
    const dataset = loadLinkPredictionDataset(source.dataset, { relation: source.relation, seed: source.splitSeed });
    return { dataset, split: source.relation ? `relation ${source.relation}: random 80/10/10` : 'stored' };
  }
  if (!source.db) throw new Error('give --dataset DIR or --db KG.sqlite');
  const { dataset, split } = loadKgDataset(source.db, source.splitSeed);
  if (!source.relation) return { dataset, split };
  const all = [dataset.train, dataset.valid, dataset.test].flatMap((t) => labelTriples(dataset, t));
  return {
    dataset: splitTargetRelation(dataset.name, all, { relation: source.relation, seed: source.splitSeed }),
    split: `relation ${source.relation}: random 80/10/10`,
  };
}

const metrics = (m: RankingMetrics) => ({
  mrr: round(m.mrr),
  mean_rank: round(m.meanRank, 2),
  hits_at_1: round(m.hitsAt1),
  hits_at_3: round(m.hitsAt3),
  hits_at_10: round(m.hitsAt10),
  queries: m.count,
});

function round(x: number, d = 4): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

export interface LinkPredictionReport {
  model: string;
  dataset: string;
  split: string;
  entities: number;
  relations: number;
  triples: { train: number; valid: number; test: number };
  seeds: number;
  test_mrr: number;
  test_mrr_std: number;
  test_hits_at_1: number;
  test_hits_at_3: number;
  test_hits_at_10: number;
  valid_mrr: number;
  train_seconds: number;
  settings: RgcnLinkSettings;
  protocol: string;
  /** Where the embeddings of the seed with the best validation MRR were saved (a DistMult .rkge model file). */
  model_file?: string;
  runs: Array<{ seed: number; best_epoch: number; train_seconds: number; valid: ReturnType<typeof metrics>; test: ReturnType<typeof metrics> & { head: ReturnType<typeof metrics>; tail: ReturnType<typeof metrics> } }>;
  baseline?: Omit<LinkPredictionReport, 'baseline' | 'dataset' | 'split' | 'entities' | 'relations' | 'triples' | 'protocol' | 'model_file'>;
}

function summarise(results: RgcnLinkResult[], settings: RgcnLinkSettings) {
  const mean = (f: (r: EvaluationResult) => number, which: 'test' | 'valid' = 'test') =>
    results.reduce((s, r) => s + f(r[which]), 0) / results.length;
  const mrr = mean((t) => t.mrr);
  return {
    model: results[0].model,
    seeds: results.length,
    test_mrr: round(mrr),
    test_mrr_std: round(Math.sqrt(results.reduce((s, r) => s + (r.test.mrr - mrr) ** 2, 0) / results.length)),
    test_hits_at_1: round(mean((t) => t.hitsAt1)),
    test_hits_at_3: round(mean((t) => t.hitsAt3)),
    test_hits_at_10: round(mean((t) => t.hitsAt10)),
    valid_mrr: round(mean((t) => t.mrr, 'valid')),
    train_seconds: round(results.reduce((s, r) => s + r.trainSeconds, 0), 2),
    settings,
    runs: results.map((r) => ({
      seed: r.seed,
      best_epoch: r.bestEpoch,
      train_seconds: round(r.trainSeconds, 2),
      valid: metrics(r.valid),
      test: { ...metrics(r.test), head: metrics(r.test.head), tail: metrics(r.test.tail) },
    })),
  };
}

export function runLinkPrediction(
  loaded: { dataset: KgDataset; split: string },
  overrides: Partial<RgcnLinkSettings>,
  seedCount: number,
  options: { firstSeed?: number; compareDistmult?: boolean; out?: string; progress?: (line: string) => void } = {},
): LinkPredictionReport {
  if (!Number.isInteger(seedCount) || seedCount < 1) throw new Error('--seeds must be a positive integer');
  const { dataset, split } = loaded;
  if (dataset.test.heads.length === 0) throw new Error(`${dataset.name}: no test triples to evaluate`);
  const settings: RgcnLinkSettings = { ...(overrides.loss === 'ce' ? RGCN_LINK_CE_DEFAULTS : RGCN_LINK_DEFAULTS), ...overrides };
  const seeds = Array.from({ length: seedCount }, (_, i) => (options.firstSeed ?? 0) + i);
  const train = (s: RgcnLinkSettings) =>
    seeds.map((seed) =>
      trainRgcnLinkPrediction(dataset, s, seed, (epoch, loss, mrr) =>
        options.progress?.(`${s.layers > 0 ? 'rgcn-distmult' : 'distmult'} seed ${seed} epoch ${epoch}: loss ${loss.toFixed(4)}, valid MRR ${mrr.toFixed(4)}`),
      ),
    );
  const results = train(settings);
  const main = summarise(results, settings);
  if (options.out) {
    const best = results.reduce((a, b) => (b.valid.mrr > a.valid.mrr ? b : a));
    const params = asDistmultParams(dataset, settings.dim, best.entityEmbeddings, best.relationEmbeddings);
    saveModelFile(options.out, params, dataset, {
      metrics: { source: 'relata gnn --task link-pred', encoder: best.model, seed: best.seed, settings, test_mrr: best.test.mrr, valid_mrr: best.valid.mrr },
    });
  }
  const baselineSettings = { ...settings, layers: 0 };
  return {
    ...main,
    dataset: dataset.name,
    split,
    entities: dataset.entities.length,
    relations: dataset.relations.length,
    triples: { train: dataset.train.heads.length, valid: dataset.valid.heads.length, test: dataset.test.heads.length },
    protocol: 'filtered ranking over all entities, head and tail queries, ties at the mean rank (as the embedding models)',
    ...(options.out ? { model_file: options.out } : {}),
    ...(options.compareDistmult ? { baseline: summarise(train(baselineSettings), baselineSettings) } : {}),
  };
}

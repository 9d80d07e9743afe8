/**
 * The learning runs behind embeddings.train / .evaluate / .predict and gnn.run: train and evaluate in this process on
 * a benchmark folder or the open KG, use a model file, run a GCN / R-GCN experiment, each reported in the JSON shape
 * `relata … --json` prints. Progress comes as one line per event (phase), Cancel through the call's signal.
 */
import type { CallOptions, ParsedInput } from '../../contract/api.js';
import type { EmbeddingTrainReport, GnnRunReport, ModelFileEvaluation, ModelFilePrediction, RankingMetricsJson } from '../../contract/learning-reports.js';
import { concatTriples, datasetName, datasetWithVocabulary, readBenchmarkFolder, readBenchmarkSplits, type KgDataset, type LabelSplits } from '../embeddings/datasets/triple-datasets.js';
import { HEAD, TAIL } from '../embeddings/datasets/link-queries.js';
import { loadKgDataset } from '../embeddings/kg/training-data.js';
import { defaultModelName, saveTrainedModel } from '../embeddings/kg/training-runs.js';
import { loadModelFile, saveModelFile } from '../embeddings/models/model-file.js';
import { knownAnswers, rankCandidates } from '../embeddings/models/rank-candidates.js';
import { metricsJson } from '../embeddings/training/metrics-json.js';
import { defaultThreads, evaluateTestSplit, trainAndEvaluate } from '../embeddings/training/train-and-evaluate.js';
import { MODEL_DEFAULTS, resolveTrainingConfig, type TrainingOverrides } from '../embeddings/training/training-config.js';
import { loadPlanetoidTsv } from '../gnn/datasets/planetoid-tsv.js';
import { loadKgNodeClassification } from '../gnn/kg/classification-data.js';
import { loadLinkPrediction, runLinkPrediction } from '../gnn/training/link-prediction-report.js';
import { runNodeClassification } from '../gnn/training/node-classification-report.js';
import { SessionStore } from '../sessions/session-store.js';
import type { KgStore } from '../store/kg-store.js';
import { withTypePredicateSpellings } from '../store/type-predicate.js';
import { ApiError } from './api-error.js';

const line = (options: CallOptions, phase: string): void => options.onProgress?.({ phase, done: 0, unit: 'items' });
const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

function trainingData(input: ParsedInput<'embeddings.train'>, kg: KgStore | null): { ds: KgDataset; excluded: string[] } {
  if (input.dataset) {
    if (input.name !== undefined || input.sessionId !== undefined || input.excludePredicates !== undefined) throw new ApiError('name, sessionId and excludePredicates are for training on the KG, not on a dataset folder');
    return { ds: readBenchmarkFolder(input.dataset), excluded: [] };
  }
  if (!kg) throw new ApiError('give a dataset folder or open a KG to train on');
  // A type predicate (rdf:type or its IRI) stands for every spelling the KG may use.
  const excluded = input.excludePredicates ? withTypePredicateSpellings(kg, input.excludePredicates) : [];
  return { ds: loadKgDataset(kg.path, input.settings.seed ?? 0, excluded).dataset, excluded };
}

/** Stores the trained model in the KG and, with a session, records the run as its step (one transaction). */
function storeInKg(kg: KgStore, input: ParsedInput<'embeddings.train'>, r: Awaited<ReturnType<typeof trainAndEvaluate>>, ds: KgDataset, excluded: string[], startedAt: Date) {
  const name = input.name ?? defaultModelName(r.config.model, startedAt);
  return kg.db.transaction(() => {
    const model = saveTrainedModel(kg, name, r, ds, input.excludePredicates ? { excluded_predicates: excluded } : {});
    if (input.sessionId === undefined) return { model, stepId: null };
    const step = new SessionStore(kg).addStep(input.sessionId, {
      kind: 'model.train', title: `Train ${r.config.model} model '${name}'`,
      input: { model: r.config.model, name, settings: r.config },
      output: { name, mrr: r.test.mrr, hits_at_1: r.test.hitsAt1, hits_at_3: r.test.hitsAt3, hits_at_10: r.test.hitsAt10, epochs: r.train.epochsRun, train_seconds: r.train.trainSeconds, curve: model.curve },
      startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(),
    });
    return { model, stepId: step.id };
  })();
}

export async function trainEmbeddingsRun(input: ParsedInput<'embeddings.train'>, kg: KgStore | null, options: CallOptions): Promise<EmbeddingTrainReport> {
  if (input.sessionId !== undefined && kg) {
    try {
      new SessionStore(kg).get(input.sessionId);
    } catch {
      throw new ApiError(`no session with id ${input.sessionId} in ${kg.path}`, 'not-found');
    }
  }
  const startedAt = new Date();
  const { ds, excluded } = trainingData(input, kg);
  const s = input.settings;
  const overrides: TrainingOverrides = {
    ...s, model: input.model, threads: input.threads,
    regularizer: s.regularizerWeight === undefined ? undefined : s.regularizerWeight > 0 ? 'n3' : 'none',
  };
  resolveTrainingConfig(overrides); // settings errors before any work
  line(options, `training on ${ds.name}: ${ds.entities.length} entities, ${ds.relations.length} relations, ${ds.train.heads.length}/${ds.valid.heads.length}/${ds.test.heads.length} triples`);
  // Cancel (or the time limit) stops training after the current batch; the best parameters so far are evaluated.
  const deadline = input.maxMinutes !== undefined ? Date.now() + input.maxMinutes * 60_000 : Infinity;
  let stopReason: 'interrupted' | 'time-limit' | null = null;
  const r = await trainAndEvaluate(ds, overrides, {
    onEpoch: (e) => line(options, `epoch ${e.epoch} loss ${e.loss.toFixed(4)}${e.validMrr !== undefined ? ` valid MRR ${e.validMrr.toFixed(4)}` : ''} (${e.elapsedSeconds.toFixed(1)} s, ETA ${e.etaSeconds.toFixed(0)} s)`),
    shouldCancel: () => {
      if (!stopReason && options.signal?.aborted) stopReason = 'interrupted';
      if (!stopReason && Date.now() > deadline) stopReason = 'time-limit';
      return stopReason !== null;
    },
  });
  const metrics = metricsJson(r.test, ds.relations) as unknown as RankingMetricsJson;
  if (input.out) saveModelFile(input.out, r.train.params, ds, { config: r.config, metrics: { dataset: ds.name, ...metrics, per_relation: undefined } });
  const stored = kg && !input.dataset ? storeInKg(kg, input, r, ds, excluded, startedAt) : null;
  return {
    model: r.config.model, dataset: input.dataset ? datasetName(input.dataset) : ds.name,
    ...metrics,
    train_seconds: r.train.trainSeconds, engine: r.engine.engine, engine_reason: r.engine.reason,
    epochs: r.train.epochsRun, best_epoch: r.train.bestEpoch, valid_mrr: r.train.bestValidMrr, stopped_by: r.train.stoppedBy === 'cancelled' && stopReason ? stopReason : r.train.stoppedBy,
    dim: r.config.dim, threads: r.train.threads, peak_rss_mb: peakRssMb(), config: { ...r.config }, aims_at: MODEL_DEFAULTS[r.config.model].aimsAt, model_file: input.out ?? null,
    rejected_negatives: r.train.rejectedNegatives.triples, rejected_negative_uses: r.train.rejectedNegatives.uses,
    stored_model: stored?.model.name ?? null, session_step: stored?.stepId ?? null,
  };
}

export async function evaluateModelFile(input: ParsedInput<'embeddings.evaluate'>, options: CallOptions): Promise<ModelFileEvaluation> {
  const { header, params } = loadModelFile(input.modelFile);
  const { dataset, dropped } = datasetWithVocabulary(datasetName(input.dataset), readBenchmarkSplits(input.dataset), header.entities, header.relations);
  if (dropped > 0) line(options, `${dropped} triples name entities or relations the model does not know; left out`);
  const threads = input.threads ?? defaultThreads();
  const ev = await evaluateTestSplit(params, dataset, threads);
  const metrics = metricsJson(ev, dataset.relations) as unknown as RankingMetricsJson;
  return { model: header.model, dataset: dataset.name, model_file: input.modelFile, dim: header.dim, ...metrics, dropped_triples: dropped, engine: ev.engine, threads, peak_rss_mb: peakRssMb() };
}

/** Known facts mark candidates: a benchmark folder's triples, or the open KG's (its split or a seeded one). */
function knownSplits(input: ParsedInput<'embeddings.predict'>, kg: KgStore | null): LabelSplits {
  if (input.dataset) return readBenchmarkSplits(input.dataset);
  if (!input.kgKnown) return { train: [], valid: [], test: [] };
  if (!kg) throw new ApiError('kgKnown needs an open KG', 'no-kg');
  const ds = loadKgDataset(kg.path, 0).dataset;
  const labels = (t: typeof ds.train) => Array.from(t.heads, (h, i) => [ds.entities[h], ds.relations[t.relations[i]], ds.entities[t.tails[i]]] as const);
  return { train: labels(ds.train), valid: labels(ds.valid), test: labels(ds.test) };
}

export function predictWithModelFile(input: ParsedInput<'embeddings.predict'>, kg: KgStore | null): ModelFilePrediction {
  const { header, params } = loadModelFile(input.modelFile);
  const relationId = header.relations.indexOf(input.relation);
  if (relationId < 0) throw new ApiError(`the model does not know relation '${input.relation}'`, 'not-found');
  const anchorKey = (input.head ?? input.tail)!;
  const anchor = new Map(header.entities.map((e, i) => [e, i])).get(anchorKey);
  if (anchor === undefined) throw new ApiError(`the model does not know entity '${anchorKey}'`, 'not-found');
  const direction = input.head !== undefined ? TAIL : HEAD;
  const { dataset } = datasetWithVocabulary('known', knownSplits(input, kg), header.entities, header.relations);
  const all = concatTriples(dataset.train, dataset.valid, dataset.test);
  const known = knownAnswers(all.heads, all.relations, all.tails, anchor, relationId, direction);
  const ranked = rankCandidates(params, anchor, relationId, direction, known, input.top, input.unknownOnly);
  return {
    model: header.model, model_file: input.modelFile,
    query: direction === TAIL ? { head: anchorKey, relation: input.relation } : { tail: anchorKey, relation: input.relation },
    predict: direction === TAIL ? 'tail' : 'head', known_facts: known.size,
    candidates: ranked.map((c, i) => ({ rank: i + 1, entity: header.entities[c.entity], score: c.score, known: c.known })),
  };
}

/** The settings given, so that each left out takes the model's default. */
const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function gnnRun(input: ParsedInput<'gnn.run'>, kg: KgStore | null, options: CallOptions): GnnRunReport {
  const s = input.settings;
  if (!input.dataset && !kg) throw new ApiError('give a dataset folder or open a KG', 'no-kg');
  if (input.features !== undefined && (input.task !== 'node-class' || input.dataset)) throw new ApiError('features are for node-class on the KG (a dataset folder brings its own features)');
  if (input.task === 'link-pred') {
    const loaded = loadLinkPrediction({ dataset: input.dataset, db: input.dataset ? undefined : kg!.path, relation: input.relation, splitSeed: input.seed });
    // Node-classification settings (dropout, weight decay, patience) do not apply; hidden is the embedding size.
    const link = { epochs: s.epochs, dim: s.hidden ?? s.dim, layers: s.layers, bases: s.bases, negatives: s.negatives, loss: s.loss, batchSize: s.batchSize, learningRate: s.learningRate };
    return runLinkPrediction(loaded, definedOnly(link), input.seeds ?? 1, {
      firstSeed: input.seed, compareDistmult: input.compareDistmult, out: input.out, progress: (text) => line(options, text),
    }) as GnnRunReport;
  }
  if (input.out) throw new ApiError('out is for link-pred');
  if (input.model === 'rgcn' && s.dropout !== undefined) throw new ApiError('dropout is for model gcn (R-GCN trains without dropout, as the paper)');
  // Link-prediction settings (dim, layers, negatives, loss, batch size) do not apply.
  const common = { epochs: s.epochs, hidden: s.hidden, learningRate: s.learningRate, weightDecay: s.weightDecay, earlyStoppingWindow: s.patience };
  const choice = input.model === 'gcn' ? { model: input.model, gcn: definedOnly({ ...common, dropout: s.dropout }) } : { model: input.model, rgcn: definedOnly({ ...common, bases: s.bases }) };
  const data = input.dataset ? loadPlanetoidTsv(input.dataset) : loadKgNodeClassification(kg!.path, { target: input.target, seed: input.seed, features: input.features });
  const seeds = input.seeds ?? 10;
  line(options, `training ${input.model === 'gcn' ? 'GCN' : 'R-GCN'} on ${data.name} over ${seeds} seed(s)…`);
  return runNodeClassification(data, choice, seeds, input.seed) as GnnRunReport;
}

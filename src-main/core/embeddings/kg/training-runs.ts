import { randomUUID } from 'node:crypto';
import type { ProgressEvent, TrainingCurvePoint, TrainingProgress } from '../../../contract/types.js';
import type { KgModelSummary, ModelCurvePoint, TrainedKgModel, TrainingDefaults, TrainingSettings } from '../../../contract/embeddings-types.js';
import { CancelledError, throwIfCancelled } from '../../run/cancelled-error.js';
import type { RunOptions } from '../../run/run-options.js';
import type { KgStore } from '../../store/kg-store.js';
import { withTypePredicateSpellings } from '../../store/type-predicate.js';
import { MODEL_DEFAULTS, resolveTrainingConfig, type TrainingOverrides } from '../training/training-config.js';
import type { KgDataset } from '../datasets/triple-datasets.js';
import { kgDataset } from './training-data.js';
import { saveKgModel } from './stored-models.js';
import { metricsJson } from '../training/metrics-json.js';
import { BEST_DEFAULT_MODEL, MODEL_NAMES } from '../models/model-resolver.js';
import { defaultThreads, type TrainAndEvaluateResult } from '../training/train-and-evaluate.js';
import { startTrainingWorker, type TrainingHandle } from '../training/run-in-worker.js';
import type { EpochReport } from '../training/train-embeddings.js';

/**
 * Training on the open KG for the app (model.train / model.control): the KG's dataset (its split, or a seeded
 * random 90/5/5 one) is trained and evaluated in a worker thread (training/run-in-worker.ts), so the process that
 * serves the UI stays responsive; progress streams once per epoch; Pause/Resume/Cancel reach the worker through a
 * shared flag. Cancel keeps the best parameters so far: the model is evaluated and stored with
 * `stopped_by: 'cancelled'`; a run cancelled before its first epoch ended stores nothing (CancelledError).
 */

export interface TrainOnKgInput {
  /** transe | distmult | complex | rotate; none: the best default model. */
  model?: string;
  /** Name of the stored model (default MODEL-YYYYMMDD-HHMMSS; an existing name is replaced). */
  name?: string;
  settings?: TrainingSettings;
  /** Predicate keys left out of the dataset (see withTypePredicateSpellings); stored with the model. */
  excludePredicates?: string[];
}

export type TrainingAction = 'pause' | 'resume' | 'cancel';

const SETTING_KEYS = ['dim', 'loss', 'negatives', 'reciprocal', 'regularizerWeight', 'optimizer', 'learningRate', 'batchSize', 'epochs', 'evalEvery', 'patience', 'minGain', 'seed'] as const;

/** Each model's default settings (what the app's form starts from) and the published results they aim at. */
export function trainingDefaults(): TrainingDefaults {
  return {
    best: BEST_DEFAULT_MODEL,
    models: MODEL_NAMES.map((model) => {
      const cfg = resolveTrainingConfig({ model });
      return { model, settings: Object.fromEntries(SETTING_KEYS.map((k) => [k, cfg[k]])) as Required<TrainingSettings>, aimsAt: MODEL_DEFAULTS[model].aimsAt };
    }),
  };
}

/** The CLI's default model name: MODEL-YYYYMMDD-HHMMSS (UTC) of the run's start. */
export function defaultModelName(model: string, startedAt: Date): string {
  return `${model}-${startedAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
}

/** Stores a trained and evaluated model with its metrics and curve (the CLI's `train --db` and the app share it). Call inside a write. */
export function saveTrainedModel(store: KgStore, name: string, r: TrainAndEvaluateResult, ds: KgDataset, extra: Record<string, unknown> = {}): KgModelSummary {
  const curve: ModelCurvePoint[] = r.train.history.map((e) => ({ epoch: e.epoch, loss: e.loss, validMrr: e.validMrr ?? null, elapsedSeconds: e.elapsedSeconds }));
  const metrics = {
    ...metricsJson(r.test, ds.relations), dataset: ds.name, valid_mrr: r.train.bestValidMrr, best_epoch: r.train.bestEpoch, epochs: r.train.epochsRun,
    stopped_by: r.train.stoppedBy, train_seconds: r.train.trainSeconds, engine: r.engine.engine, rejected_negatives: r.train.rejectedNegatives.triples, ...extra,
  };
  return saveKgModel(store, name, r.train.params, ds, { settings: r.config, metrics, curve });
}

/** Overrides from the app's settings; a regularisation weight switches N3 on (> 0) or off (0), as `--reg-weight` does. */
function trainingOverrides(input: TrainOnKgInput): TrainingOverrides {
  const s = input.settings ?? {};
  return { ...s, model: input.model, regularizer: s.regularizerWeight === undefined ? undefined : s.regularizerWeight > 0 ? 'n3' : 'none' };
}

/**
 * A run's progress events: one per state change, epochs batched to at most one event per `intervalMs` (a small KG
 * trains hundreds of epochs a second; the UI wants every point, not every point as its own message).
 */
class TrainingProgressStream {
  private pending: TrainingCurvePoint[] = [];
  private last = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly progress: Omit<TrainingProgress, 'points'>,
    private readonly onProgress: ((event: ProgressEvent) => void) | undefined,
    private readonly intervalMs = 100,
  ) {}

  epoch(r: EpochReport): void {
    Object.assign(this.progress, { epoch: r.epoch, loss: r.loss, validMrr: r.validMrr ?? this.progress.validMrr, elapsedSeconds: r.elapsedSeconds, etaSeconds: r.etaSeconds });
    this.pending.push({ epoch: r.epoch, loss: r.loss, validMrr: r.validMrr ?? null, elapsedSeconds: r.elapsedSeconds });
    const wait = this.last + this.intervalMs - performance.now();
    if (wait <= 0) this.emit();
    else this.timer ??= setTimeout(() => this.emit(), wait);
  }

  /** Sends the state now, with the epochs not sent yet. */
  emit(): TrainingProgress {
    this.close();
    this.last = performance.now();
    const p = this.progress;
    const training: TrainingProgress = { ...p, points: this.pending.splice(0) };
    this.onProgress?.({ phase: `training ${p.model}`, done: p.epoch, total: p.epochs, unit: 'epochs', training });
    return training;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

interface ActiveRun {
  handle: TrainingHandle;
  stream: TrainingProgressStream;
}

/** The training runs of one service, by run id (a run is forgotten when its call returns). */
export class TrainingRuns {
  private readonly active = new Map<string, ActiveRun>();

  async train(store: KgStore, input: TrainOnKgInput, run: RunOptions = {}): Promise<TrainedKgModel> {
    throwIfCancelled(run.signal);
    const startedAt = new Date();
    const overrides: TrainingOverrides = { ...trainingOverrides(input), threads: defaultThreads() };
    const config = resolveTrainingConfig(overrides); // settings errors before any work
    const excluded = withTypePredicateSpellings(store, input.excludePredicates ?? []);
    const { dataset, split } = kgDataset(store, config.seed, excluded);
    const runId = randomUUID();
    const stream = new TrainingProgressStream(
      { runId, model: config.model, state: 'running', epoch: 0, epochs: config.epochs, loss: null, validMrr: null, elapsedSeconds: 0, etaSeconds: null },
      run.onProgress,
    );
    const handle = startTrainingWorker({ dataset, overrides }, (r) => stream.epoch(r));
    this.active.set(runId, { handle, stream });
    const cancel = () => this.control(runId, 'cancel');
    run.signal?.addEventListener('abort', cancel, { once: true });
    stream.emit();
    let r: TrainAndEvaluateResult;
    try {
      r = await handle.result;
    } finally {
      stream.close();
      this.active.delete(runId);
      run.signal?.removeEventListener('abort', cancel);
    }
    if (r.train.stoppedBy === 'cancelled' && r.train.epochsRun === 0) throw new CancelledError();
    if (!store.db.open) throw new Error(`${store.path}: the KG was closed during training; the model was not stored`);
    stream.progress.state = 'storing';
    stream.emit();
    const name = input.name ?? defaultModelName(config.model, startedAt);
    const model = await store.write(() => saveTrainedModel(store, name, r, dataset, { split, ...(excluded.length ? { excluded_predicates: excluded } : {}) }));
    const t = r.test;
    return {
      runId, model, test: { mrr: t.mrr, hitsAt1: t.hitsAt1, hitsAt3: t.hitsAt3, hitsAt10: t.hitsAt10, meanRank: t.meanRank, queries: t.count },
      stoppedBy: r.train.stoppedBy, epochsRun: r.train.epochsRun, bestEpoch: r.train.bestEpoch, validMrr: r.train.bestValidMrr,
      trainSeconds: r.train.trainSeconds, engine: r.engine.engine, split,
      triples: { train: dataset.train.heads.length, valid: dataset.valid.heads.length, test: dataset.test.heads.length },
    };
  }

  /** Pause, resume or cancel a running training; returns its state (also streamed to the run's caller). */
  control(runId: string, action: TrainingAction): TrainingProgress {
    const run = this.active.get(runId);
    if (!run) throw new Error(`no training run '${runId}' is in progress`);
    const { progress } = run.stream;
    if (progress.state === 'cancelling' || progress.state === 'storing') return { ...progress, points: [] };
    if (action === 'pause') run.handle.pause();
    else if (action === 'resume') run.handle.resume();
    else run.handle.cancel();
    progress.state = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'cancelling';
    return run.stream.emit();
  }
}

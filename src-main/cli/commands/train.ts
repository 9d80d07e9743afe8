import type { Command } from 'commander';
import { readBenchmarkFolder, datasetName, type KgDataset } from '../../core/embeddings/datasets/triple-datasets.js';
import { MODEL_NAMES, BEST_DEFAULT_MODEL } from '../../core/embeddings/models/model-resolver.js';
import { resolveTrainingConfig, MODEL_DEFAULTS, type TrainingConfig, type TrainingOverrides } from '../../core/embeddings/training/training-config.js';
import { trainAndEvaluate, type TrainAndEvaluateResult } from '../../core/embeddings/training/train-and-evaluate.js';
import { saveModelFile } from '../../core/embeddings/models/model-file.js';
import { loadKgDataset } from '../../core/embeddings/kg/training-data.js';
import type { KgModelSummary } from '../../core/embeddings/kg/stored-models.js';
import { defaultModelName, saveTrainedModel } from '../../core/embeddings/kg/training-runs.js';
import { metricsJson } from '../../core/embeddings/training/metrics-json.js';
import { KgStore } from '../../core/store/kg-store.js';
import { SessionStore } from '../../core/sessions/session-store.js';
import { withTypePredicateSpellings } from '../../core/store/type-predicate.js';

interface TrainOptions {
  dataset?: string;
  db?: string;
  model?: string;
  out?: string;
  epochs?: number;
  dim?: number;
  seed?: number;
  threads?: number;
  batchSize?: number;
  lr?: number;
  loss?: string;
  optimizer?: string;
  negatives?: number;
  regWeight?: number;
  reciprocal?: boolean;
  evalEvery?: number;
  patience?: number;
  minGain?: number;
  maxMinutes?: number;
  name?: string;
  session?: number;
  excludePredicates?: string;
  json?: boolean;
}

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`expected an integer, got '${v}'`);
  return n;
};
const num = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`expected a number, got '${v}'`);
  return n;
};

function loadDataset(o: TrainOptions): KgDataset {
  if (o.dataset && o.db) throw new Error('give either --dataset DIR or --db KG.sqlite, not both');
  if (o.dataset) return readBenchmarkFolder(o.dataset);
  if (o.db) return loadKgDataset(o.db, o.seed ?? 0, excludedPredicates(o.db, o.excludePredicates)).dataset;
  throw new Error('missing --dataset DIR (train.txt/valid.txt/test.txt) or --db KG.sqlite');
}

/** --exclude-predicates keys; a type predicate (rdf:type or its IRI) stands for every spelling the KG may use. */
function excludedPredicates(db: string, list: string | undefined): string[] {
  if (list === undefined) return [];
  const store = KgStore.open(db, { mustExist: true, readonly: true });
  try {
    return withTypePredicateSpellings(store, list.split(','));
  } finally {
    store.close();
  }
}

function requireSession(db: string, id: number): void {
  const store = KgStore.open(db, { mustExist: true, readonly: true });
  try {
    if (!new SessionStore(store).list().some((s) => s.id === id)) throw new Error(`no session with id ${id} in ${db}`);
  } finally {
    store.close();
  }
}

/** Stores the trained model in the KG file and, with --session, records the run as a session step (one transaction). */
function storeInKg(db: string, o: TrainOptions, r: TrainAndEvaluateResult, ds: KgDataset, startedAt: Date): { model: KgModelSummary; stepId: number | null } {
  const name = o.name ?? defaultModelName(r.config.model, startedAt);
  const excluded = o.excludePredicates ? { excluded_predicates: excludedPredicates(db, o.excludePredicates) } : {};
  const store = KgStore.open(db, { mustExist: true });
  try {
    return store.db.transaction(() => {
      const model = saveTrainedModel(store, name, r, ds, excluded);
      const curve = model.curve;
      if (o.session === undefined) return { model, stepId: null };
      const step = new SessionStore(store).addStep(o.session, {
        kind: 'model.train', title: `Train ${r.config.model} model '${name}'`,
        input: { model: r.config.model, name, settings: r.config },
        output: { name, mrr: r.test.mrr, hits_at_1: r.test.hitsAt1, hits_at_3: r.test.hitsAt3, hits_at_10: r.test.hitsAt10, epochs: r.train.epochsRun, train_seconds: r.train.trainSeconds, curve },
        startedAt: startedAt.toISOString(), durationMs: Date.now() - startedAt.getTime(),
      });
      return { model, stepId: step.id };
    })();
  } finally {
    store.close();
  }
}

export function register(program: Command): void {
  program
    .command('train')
    .description(`train a KG embedding model (default ${BEST_DEFAULT_MODEL}) and report filtered test MRR / Hits@k`)
    .option('--dataset <dir>', 'benchmark folder with train.txt, valid.txt, test.txt (head<TAB>relation<TAB>tail)')
    .option('--db <file>', 'KG file: trains on its train split (or a seeded random 90/5/5 split)')
    .option('--model <name>', `model: ${MODEL_NAMES.join('|')}`)
    .option('--out <file>', 'save the trained model (.rkge: JSON header with names + float32 rows)')
    .option('--epochs <n>', 'maximum epochs (early stopping on validation MRR may end sooner)', int)
    .option('--dim <n>', 'embedding width in reals (complex models: 2 x rank)', int)
    .option('--seed <n>', 'random seed', int)
    .option('--threads <n>', 'worker threads (default: cores, at most 4)', int)
    .option('--batch-size <n>', 'queries per batch', int)
    .option('--lr <x>', 'learning rate', num)
    .option('--loss <name>', 'cross-entropy|margin-ranking|softplus|self-adversarial')
    .option('--optimizer <name>', 'adam|adagrad')
    .option('--negatives <n>', 'negatives per positive (not used by cross-entropy)', int)
    .option('--reg-weight <x>', 'N3 weight (0 = no regularisation)', num)
    .option('--no-reciprocal', 'do not add inverse relations')
    .option('--eval-every <n>', 'validate every N epochs (early stopping)', int)
    .option('--patience <n>', 'validations without MRR gain before stopping', int)
    .option('--min-gain <x>', 'relative validation-MRR gain that resets --patience (default 0.005 = 0.5%; 0 = any gain)', num)
    .option('--name <name>', 'with --db: name of the model stored in the KG (default MODEL-YYYYMMDD-HHMMSS; an existing name is replaced)')
    .option('--session <id>', 'with --db: record this run as a step of reasoning session ID', int)
    .option('--exclude-predicates <keys>', 'with --db: leave these predicates\' triples out (comma-separated keys; rdf:type = the type predicate), e.g. so the embeddings can be features of a classifier of that predicate')
    .option('--max-minutes <x>', 'stop training after this many minutes, keep the best validated parameters and evaluate them', num)
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: TrainOptions) => {
      if (o.session !== undefined && !o.db) throw new Error('--session needs --db (sessions live in the KG file)');
      if (o.name !== undefined && !o.db) throw new Error('--name needs --db (it names the model stored in the KG)');
      if (o.excludePredicates !== undefined && !o.db) throw new Error('--exclude-predicates needs --db');
      if (o.session !== undefined) requireSession(o.db!, o.session);
      const startedAt = new Date();
      const ds = loadDataset(o);
      const overrides: TrainingOverrides = {
        model: o.model, epochs: o.epochs, dim: o.dim, seed: o.seed, threads: o.threads, batchSize: o.batchSize,
        learningRate: o.lr, loss: o.loss as TrainingConfig['loss'], optimizer: o.optimizer as TrainingConfig['optimizer'],
        negatives: o.negatives, regularizerWeight: o.regWeight, regularizer: o.regWeight === undefined ? undefined : o.regWeight > 0 ? 'n3' : 'none', evalEvery: o.evalEvery, patience: o.patience, minGain: o.minGain,
        // commander sets reciprocal=true unless --no-reciprocal; only an explicit opt-out overrides the model default.
        reciprocal: o.reciprocal === false ? false : undefined,
      };
      resolveTrainingConfig(overrides); // settings errors before any work
      process.stderr.write(`training on ${ds.name}: ${ds.entities.length} entities, ${ds.relations.length} relations, ${ds.train.heads.length}/${ds.valid.heads.length}/${ds.test.heads.length} triples\n`);
      // Ctrl+C (or the time limit) stops training after the current batch; the best parameters so far are
      // evaluated and reported as usual. A second Ctrl+C exits at once.
      let stopReason: 'interrupted' | 'time-limit' | null = null;
      const onSigint = () => {
        if (stopReason) process.exit(130);
        stopReason = 'interrupted';
        process.stderr.write('relata: stopping after this batch; evaluating the best parameters so far (Ctrl+C again to quit)\n');
      };
      process.on('SIGINT', onSigint);
      const deadline = o.maxMinutes !== undefined ? Date.now() + o.maxMinutes * 60_000 : Infinity;
      let r: TrainAndEvaluateResult;
      try {
        r = await trainAndEvaluate(ds, overrides, {
          onEpoch: (e) => process.stderr.write(`epoch ${e.epoch} loss ${e.loss.toFixed(4)}${e.validMrr !== undefined ? ` valid MRR ${e.validMrr.toFixed(4)}` : ''} (${e.elapsedSeconds.toFixed(1)} s, ETA ${e.etaSeconds.toFixed(0)} s)\n`),
          shouldCancel: () => {
            if (!stopReason && Date.now() > deadline) stopReason = 'time-limit';
            return stopReason !== null;
          },
        });
      } finally {
        process.off('SIGINT', onSigint);
      }
      const metrics = metricsJson(r.test, ds.relations);
      if (o.out) saveModelFile(o.out, r.train.params, ds, { config: r.config, metrics: { dataset: ds.name, ...metrics, per_relation: undefined } });
      const stored = o.db ? storeInKg(o.db, o, r, ds, startedAt) : null;
      const out = {
        model: r.config.model, dataset: o.dataset ? datasetName(o.dataset) : ds.name,
        ...metrics,
        train_seconds: r.train.trainSeconds, engine: r.engine.engine, engine_reason: r.engine.reason,
        epochs: r.train.epochsRun, best_epoch: r.train.bestEpoch, valid_mrr: r.train.bestValidMrr, stopped_by: r.train.stoppedBy === 'cancelled' && stopReason ? stopReason : r.train.stoppedBy,
        dim: r.config.dim, threads: r.train.threads, peak_rss_mb: process.resourceUsage().maxRSS / 1024, config: r.config, aims_at: MODEL_DEFAULTS[r.config.model].aimsAt, model_file: o.out ?? null,
        rejected_negatives: r.train.rejectedNegatives.triples, rejected_negative_uses: r.train.rejectedNegatives.uses,
        stored_model: stored?.model.name ?? null, session_step: stored?.stepId ?? null,
      };
      if (o.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else {
        process.stdout.write(`${out.model} on ${out.dataset}: MRR ${r.test.mrr.toFixed(4)}  Hits@1 ${r.test.hitsAt1.toFixed(4)}  Hits@3 ${r.test.hitsAt3.toFixed(4)}  Hits@10 ${r.test.hitsAt10.toFixed(4)}\n`);
        process.stdout.write(`${out.epochs} epochs (best ${out.best_epoch}, ${out.stopped_by}) in ${out.train_seconds.toFixed(1)} s on ${out.engine} x${out.threads}; ${out.engine_reason}\n`);
        if (o.out) process.stdout.write(`model saved to ${o.out}\n`);
        if (stored) process.stdout.write(`model stored in ${o.db} as '${stored.model.name}'${stored.stepId !== null ? ` (session ${o.session}, step ${stored.stepId})` : ''}\n`);
      }
    });
}

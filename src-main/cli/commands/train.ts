/** relata train: train and evaluate a KG embedding model on a benchmark folder or a KG (the embeddings.train call). */
import { Option, type Command } from 'commander';
import { MODEL_NAMES, BEST_DEFAULT_MODEL } from '../../core/embeddings/models/model-resolver.js';
import type { CallInput } from '../../contract/api.js';
import { fileService, openService, realNumber, wholeNumber } from '../cli-support.js';

type Settings = NonNullable<CallInput<'embeddings.train'>['settings']>;

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
  loss?: Settings['loss'];
  optimizer?: Settings['optimizer'];
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

/**
 * Ctrl+C stops training after the current batch and evaluates the best parameters so far (reported as usual);
 * a second Ctrl+C exits at once.
 */
function stopOnInterrupt(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    process.stderr.write('relata: stopping after this batch; evaluating the best parameters so far (Ctrl+C again to quit)\n');
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
}

export function register(program: Command): void {
  program
    .command('train')
    .description(`train a KG embedding model (default ${BEST_DEFAULT_MODEL}) and report filtered test MRR / Hits@k`)
    .option('--dataset <dir>', 'benchmark folder with train.txt, valid.txt, test.txt (head<TAB>relation<TAB>tail)')
    .option('--db <file>', 'KG file: trains on its train split (or a seeded random 90/5/5 split)')
    .option('--model <name>', `model: ${MODEL_NAMES.join('|')}`)
    .option('--out <file>', 'save the trained model (.rkge: JSON header with names + float32 rows)')
    .option('--epochs <n>', 'maximum epochs (early stopping on validation MRR may end sooner)', wholeNumber('--epochs', { min: 1 }))
    .option('--dim <n>', 'embedding width in reals (complex models: 2 x rank)', wholeNumber('--dim', { min: 2 }))
    .option('--seed <n>', 'random seed', wholeNumber('--seed', { min: 0 }))
    .option('--threads <n>', 'worker threads (default: cores, at most 4)', wholeNumber('--threads', { min: 1 }))
    .option('--batch-size <n>', 'queries per batch', wholeNumber('--batch-size', { min: 1 }))
    .option('--lr <x>', 'learning rate', realNumber('--lr', { above: 0 }))
    .addOption(new Option('--loss <name>', 'training loss').choices(['cross-entropy', 'margin-ranking', 'softplus', 'self-adversarial']))
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(['adam', 'adagrad']))
    .option('--negatives <n>', 'negatives per positive (not used by cross-entropy)', wholeNumber('--negatives', { min: 1 }))
    .option('--reg-weight <x>', 'N3 weight (0 = no regularisation)', realNumber('--reg-weight', { min: 0 }))
    .option('--no-reciprocal', 'do not add inverse relations')
    .option('--eval-every <n>', 'validate every N epochs (early stopping)', wholeNumber('--eval-every', { min: 1 }))
    .option('--patience <n>', 'validations without MRR gain before stopping', wholeNumber('--patience', { min: 1 }))
    .option('--min-gain <x>', 'relative validation-MRR gain that resets --patience (default 0.005 = 0.5%; 0 = any gain)', realNumber('--min-gain', { min: 0 }))
    .option('--name <name>', 'with --db: name of the model stored in the KG (default MODEL-YYYYMMDD-HHMMSS; an existing name is replaced)')
    .option('--session <id>', 'with --db: record this run as a step of reasoning session ID', wholeNumber('--session'))
    .option('--exclude-predicates <keys>', 'with --db: leave these predicates\' triples out (comma-separated keys; rdf:type = the type predicate), e.g. so the embeddings can be features of a classifier of that predicate')
    .option('--max-minutes <x>', 'stop training after this many minutes, keep the best validated parameters and evaluate them', realNumber('--max-minutes', { above: 0 }))
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: TrainOptions) => {
      if (o.session !== undefined && !o.db) throw new Error('--session needs --db (sessions live in the KG file)');
      if (o.name !== undefined && !o.db) throw new Error('--name needs --db (it names the model stored in the KG)');
      if (o.excludePredicates !== undefined && !o.db) throw new Error('--exclude-predicates needs --db');
      if (o.dataset && o.db) throw new Error('give either --dataset DIR or --db KG.sqlite, not both');
      if (!o.dataset && !o.db) throw new Error('missing --dataset DIR (train.txt/valid.txt/test.txt) or --db KG.sqlite');
      const settings: Settings = {
        epochs: o.epochs, dim: o.dim, seed: o.seed, batchSize: o.batchSize, learningRate: o.lr, loss: o.loss, optimizer: o.optimizer,
        negatives: o.negatives, regularizerWeight: o.regWeight, evalEvery: o.evalEvery, patience: o.patience, minGain: o.minGain,
        // commander sets reciprocal=true unless --no-reciprocal; only an explicit opt-out overrides the model default.
        reciprocal: o.reciprocal === false ? false : undefined,
      };
      const service = o.db ? openService(o.db) : fileService();
      const interrupt = stopOnInterrupt();
      try {
        const r = await service.call(
          'embeddings.train',
          {
            dataset: o.dataset, model: o.model, settings, threads: o.threads, maxMinutes: o.maxMinutes, out: o.out, name: o.name, sessionId: o.session,
            excludePredicates: o.excludePredicates?.split(','),
          },
          { signal: interrupt.signal, onProgress: (e) => process.stderr.write(`${e.phase}\n`) },
        );
        if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
        process.stdout.write(`${r.model} on ${r.dataset}: MRR ${r.mrr.toFixed(4)}  Hits@1 ${r.hits_at_1.toFixed(4)}  Hits@3 ${r.hits_at_3.toFixed(4)}  Hits@10 ${r.hits_at_10.toFixed(4)}\n`);
        process.stdout.write(`${r.epochs} epochs (best ${r.best_epoch}, ${r.stopped_by}) in ${r.train_seconds.toFixed(1)} s on ${r.engine} x${r.threads}; ${r.engine_reason}\n`);
        if (r.model_file) process.stdout.write(`model saved to ${r.model_file}\n`);
        if (r.stored_model) process.stdout.write(`model stored in ${o.db} as '${r.stored_model}'${r.session_step !== null ? ` (session ${o.session}, step ${r.session_step})` : ''}\n`);
      } finally {
        interrupt.release();
        service.close();
      }
    });
}

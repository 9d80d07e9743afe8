/** relata predict: rank the missing head or tail with a model file (embeddings.predict) or a model stored in the KG (model.predict). */
import type { Command } from 'commander';
import { fileService, openService, wholeNumber } from '../cli-support.js';

interface PredictOptions {
  modelFile?: string;
  model?: string;
  dataset?: string;
  db?: string;
  head?: string;
  tail?: string;
  relation: string;
  top: number;
  unknownOnly?: boolean;
  json?: boolean;
}

/** --db KG --model NAME: the model.predict call (known facts from the KG, probabilities, rejected triples marked). */
async function predictWithStoredModel(o: PredictOptions): Promise<void> {
  if (!o.db || o.dataset) throw new Error('--model NAME needs --db KG (and no --dataset)');
  const service = openService(o.db);
  try {
    const r = await service.call('model.predict', { model: o.model!, head: o.head, tail: o.tail, relation: o.relation, top: o.top });
    const candidates = o.unknownOnly ? r.candidates.filter((c) => !c.known) : r.candidates;
    if (o.json) process.stdout.write(`${JSON.stringify({ ...r, known_facts: r.knownFacts, candidates })}\n`);
    else for (const c of candidates) process.stdout.write(`${String(c.rank).padStart(3)}  ${c.score.toFixed(4).padStart(10)}  p=${c.probability.toFixed(4)}  ${c.entity}${c.known ? '  (known)' : ''}${c.rejected ? '  (rejected)' : ''}\n`);
  } finally {
    service.close();
  }
}

export function register(program: Command): void {
  program
    .command('predict')
    .description('rank the missing tail of (HEAD, RELATION, ?) or head of (?, RELATION, TAIL) with a stored model')
    .option('--model-file <file>', 'model saved by `relata train --out`')
    .option('--model <name>', 'model stored in the KG given by --db (`relata models`)')
    .requiredOption('--relation <key>', 'relation (predicate key)')
    .option('--head <key>', 'known head entity: predict tails')
    .option('--tail <key>', 'known tail entity: predict heads')
    .option('--dataset <dir>', 'benchmark folder whose triples mark known facts')
    .option('--db <file>', 'KG file whose triples mark known facts')
    .option('--top <n>', 'answers to list', wholeNumber('--top', { min: 1, max: 10_000 }), 10)
    .option('--unknown-only', 'leave known facts out')
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: PredictOptions) => {
      if ((o.head === undefined) === (o.tail === undefined)) throw new Error('give exactly one of --head E or --tail E');
      if ((o.modelFile === undefined) === (o.model === undefined)) throw new Error('give exactly one of --model-file FILE or --model NAME (with --db)');
      if (o.model !== undefined) return predictWithStoredModel(o);
      const service = o.db && !o.dataset ? openService(o.db) : fileService();
      try {
        const r = await service.call('embeddings.predict', {
          modelFile: o.modelFile!, relation: o.relation, head: o.head, tail: o.tail, dataset: o.dataset, kgKnown: o.db !== undefined && !o.dataset, top: o.top, unknownOnly: o.unknownOnly ?? false,
        });
        if (o.json) return void process.stdout.write(`${JSON.stringify(r)}\n`);
        for (const c of r.candidates) process.stdout.write(`${String(c.rank).padStart(3)}  ${c.score.toFixed(4).padStart(10)}  ${c.entity}${c.known ? '  (known)' : ''}\n`);
      } finally {
        service.close();
      }
    });
}

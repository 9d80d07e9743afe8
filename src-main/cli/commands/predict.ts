import type { Command } from 'commander';
import { readBenchmarkSplits, datasetWithVocabulary, concatTriples, type LabelSplits } from '../../core/embeddings/datasets/triple-datasets.js';
import { loadModelFile } from '../../core/embeddings/models/model-file.js';
import { rankCandidates, knownAnswers } from '../../core/embeddings/models/rank-candidates.js';
import { loadKgDataset } from '../../core/embeddings/kg/training-data.js';
import { TAIL, HEAD } from '../../core/embeddings/datasets/link-queries.js';
import { openService } from '../cli-support.js';

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
    .option('--top <n>', 'answers to list', (v) => Number.parseInt(v, 10), 10)
    .option('--unknown-only', 'leave known facts out')
    .option('--json', 'print one JSON object on stdout')
    .action(async (o: PredictOptions) => {
      if ((o.head === undefined) === (o.tail === undefined)) throw new Error('give exactly one of --head E or --tail E');
      if (!(o.top > 0)) throw new Error('--top must be a positive integer');
      if ((o.modelFile === undefined) === (o.model === undefined)) throw new Error('give exactly one of --model-file FILE or --model NAME (with --db)');
      if (o.model !== undefined) return predictWithStoredModel(o);
      const { header, params } = loadModelFile(o.modelFile!);
      const entityId = new Map(header.entities.map((e, i) => [e, i]));
      const relationId = header.relations.indexOf(o.relation);
      if (relationId < 0) throw new Error(`the model does not know relation '${o.relation}'`);
      const anchorKey = (o.head ?? o.tail)!;
      const anchor = entityId.get(anchorKey);
      if (anchor === undefined) throw new Error(`the model does not know entity '${anchorKey}'`);
      const direction = o.head !== undefined ? TAIL : HEAD;
      let splits: LabelSplits = { train: [], valid: [], test: [] };
      if (o.dataset) splits = readBenchmarkSplits(o.dataset);
      else if (o.db) {
        const ds = loadKgDataset(o.db, 0).dataset;
        const labels = (t: typeof ds.train) => Array.from(t.heads, (h, i) => [ds.entities[h], ds.relations[t.relations[i]], ds.entities[t.tails[i]]] as const);
        splits = { train: labels(ds.train), valid: labels(ds.valid), test: labels(ds.test) };
      }
      const { dataset } = datasetWithVocabulary('known', splits, header.entities, header.relations);
      const all = concatTriples(dataset.train, dataset.valid, dataset.test);
      const known = knownAnswers(all.heads, all.relations, all.tails, anchor, relationId, direction);
      const ranked = rankCandidates(params, anchor, relationId, direction, known, o.top, o.unknownOnly ?? false);
      const candidates = ranked.map((c, i) => ({ rank: i + 1, entity: header.entities[c.entity], score: c.score, known: c.known }));
      const out = { model: header.model, model_file: o.modelFile, query: direction === TAIL ? { head: anchorKey, relation: o.relation } : { tail: anchorKey, relation: o.relation }, predict: direction === TAIL ? 'tail' : 'head', known_facts: known.size, candidates };
      if (o.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else for (const c of candidates) process.stdout.write(`${String(c.rank).padStart(3)}  ${c.score.toFixed(4).padStart(10)}  ${c.entity}${c.known ? '  (known)' : ''}\n`);
    });
}

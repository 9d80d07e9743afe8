import { resolve } from 'node:path';
import type { Command } from 'commander';
import { interruptSignal, openService, printJson, realNumber } from '../cli-support.js';

export function register(program: Command): void {
  program
    .command('ask')
    .description('answer a question from the KG, with the facts it rests on and how it was read (optionally phrased by a local or remote LLM); --json adds answers: [{key, label, score}], reading, query (runnable with relata query), counted, predicted and suggestions')
    .argument('<question>', 'the question, in plain words')
    .requiredOption('--db <file>', 'KG file')
    .option('--llm <url>', 'OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (Ollama)')
    .option('--model <name>', 'model name at that endpoint')
    .option('--timeout <seconds>', 'give up on the LLM after this long', realNumber('--timeout', { min: 1, max: 600 }), 60)
    .option('--model-file <file>', 'a KG embedding model file (.rkge, from relata train --out) that "What might X also be related to?" predicts from')
    .option('--json', 'print the result as JSON')
    .action(async (question: string, opts: { db: string; llm?: string; model?: string; modelFile?: string; timeout: number; json?: boolean }) => {
      if (opts.llm && !opts.model) throw new Error('--llm needs --model NAME');
      const service = openService(opts.db);
      try {
        const llm = opts.llm
          ? { url: opts.llm, model: opts.model!, apiKey: process.env.RELATA_LLM_API_KEY ?? process.env.OPENAI_API_KEY, timeoutMs: Math.round(opts.timeout * 1000) }
          : null;
        let shown = 0;
        const result = await service.call('qa.ask', { question, llm, ...(opts.modelFile ? { modelFile: resolve(opts.modelFile) } : {}) }, {
          signal: interruptSignal(),
          onProgress: (e) => {
            if (opts.json || !e.text) return;
            process.stdout.write(e.text.slice(shown));
            shown = e.text.length;
          },
        });
        if (opts.json) return printJson(result);
        if (result.mode === 'llm') process.stdout.write('\n');
        else process.stdout.write(`${result.answer}\n${result.steps.map((s, i) => `  ${i + 1}. ${s}`).join('\n')}\n`);
        if (result.predicted) process.stdout.write(`PREDICTIONS, not facts (${result.predicted.by === 'model' ? 'embedding model' : 'rule set'} ${result.predicted.name}; scores are ${result.predicted.by === 'model' ? 'probabilities' : 'rule confidences'})\n`);
        if (result.reading) process.stdout.write(`read as: ${result.reading}\n`);
        if (result.query) process.stdout.write(`as a query: relata query --db ${opts.db}${result.query.packs.map((p) => ` --rules ${p}`).join('')} "?- ${result.query.text}."\n`);
        if (result.queryNote) process.stdout.write(`  (${result.queryNote})\n`);
        if (result.counted?.length) process.stdout.write(`counted: ${result.counted.slice(0, 50).map((a) => a.label).join(', ')}${result.counted.length > 50 ? ', …' : ''}\n`);
        if (result.answers.length > 1 || (result.answers.length === 1 && result.mode === 'llm')) {
          process.stdout.write(`answers:\n${result.answers.slice(0, 50).map((a) => `  ${a.label} (${a.key}) ${a.score}`).join('\n')}${result.answers.length > 50 ? `\n  … ${result.answers.length - 50} more` : ''}\n`);
        }
        for (const flag of result.flags) process.stdout.write(`  ⚠ ${flag.problem}: "${flag.sentence}"\n`);
        const cited = result.facts.filter((f) => result.citations.includes(f.id));
        if (cited.length) process.stdout.write(`facts:\n${cited.map((f) => `  [${f.id}] ${f.text}`).join('\n')}\n`);
      } finally {
        service.close();
      }
    });
}

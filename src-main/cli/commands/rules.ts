import type { Command } from 'commander';
import { fileService, interruptSignal, openService, printJson, realNumber, stderrProgress, UsageError, wholeNumber } from '../cli-support.js';

export function register(program: Command): void {
  const rules = program.command('rules').description('learn Horn rules from a KG, a benchmark folder or example stories; evaluate and apply them; list and edit the rule sets a KG holds');

  rules
    .command('learn')
    .description('mine path rules (up to length 3, with constants) with support, head coverage, confidence and PCA confidence')
    .option('--dataset <dir>', 'benchmark folder (train.txt, valid.txt, test.txt): learn from train.txt')
    .option('--db <file>', 'KG file: learn from its asserted triples')
    .option('--stories <file>', 'JSON Lines of small KGs with a query and target: learn composition rules')
    .option('--max-length <n>', 'longest rule body', wholeNumber('--max-length', { min: 1, max: 3 }), 3)
    .option('--seconds <n>', 'time budget (default: about 3 s per 1,000 training triples, 10 s to 15 min)', realNumber('--seconds', { min: 0.1, max: 86_400 }))
    .option('--no-constants', 'only rules without constants')
    .option('--seed <n>', 'random seed', wholeNumber('--seed', { min: 0, max: 2 ** 31 - 1 }), 1)
    .option('--out <file>', 'write the rules as a .pl file (one per line, numbers in a trailing comment)')
    .option('--top <n>', 'rules to list', wholeNumber('--top', { min: 1, max: 10_000 }), 20)
    .option('--json', 'print the result as JSON')
    .action(async (o: { dataset?: string; db?: string; stories?: string; maxLength: number; seconds?: number; constants: boolean; seed: number; out?: string; top: number; json?: boolean }) => {
      const sources = [o.dataset, o.db, o.stories].filter(Boolean).length;
      if (sources !== 1) throw new Error('give exactly one of --dataset DIR, --db KG or --stories FILE');
      const service = o.db ? openService(o.db) : fileService();
      try {
        const r = await service.call(
          'rules.learn',
          {
            dataset: o.dataset,
            stories: o.stories,
            maxLength: o.maxLength,
            seconds: o.seconds,
            constants: o.constants,
            seed: o.seed,
            out: o.out,
            limit: o.json ? 0 : o.top,
          },
          { onProgress: stderrProgress(), signal: interruptSignal() },
        );
        if (o.json) return printJson({ rules: r.rules, seconds: r.seconds, out: r.out, source: r.source, examples: r.examples, cancelled: r.cancelled });
        const lines = [`${r.rules} rules from ${r.examples} ${r.source === 'stories' ? 'stories' : 'triples'} in ${r.seconds.toFixed(1)} s${r.cancelled ? ' (cancelled: the rules found so far)' : ''}`];
        for (const x of r.top) lines.push(`${x.confidence.toFixed(3)}  ${x.rule}   (support ${Math.round(x.support)}, pca ${x.pcaConfidence.toFixed(3)})`);
        if (r.out) lines.push(`rules written to ${r.out}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        service.close();
      }
    });

  rules
    .command('eval')
    .description("filtered link-prediction metrics of a rule file on a benchmark folder's test split")
    .requiredOption('--dataset <dir>', 'benchmark folder (train.txt, valid.txt, test.txt)')
    .requiredOption('--rules <file>', 'rule file (.pl) learned on the same folder')
    .option('--with-model <file>', 'embedding model (.rkge from relata train --dataset --out) combined with the rules')
    .option('--combine <how>', 'with a model: noisy-or (rule confidence and model probability as independent experts) or rules-first (the model orders ties)', 'noisy-or')
    .option('--json', 'print the result as JSON')
    .action(async (o: { dataset: string; rules: string; withModel?: string; combine: string; json?: boolean }) => {
      if (o.combine !== 'noisy-or' && o.combine !== 'rules-first') throw new Error(`--combine must be noisy-or or rules-first, got "${o.combine}"`);
      const service = fileService();
      try {
        const r = await service.call('rules.eval', { dataset: o.dataset, rules: o.rules, withModel: o.withModel, combine: o.combine as 'noisy-or' | 'rules-first' }, { onProgress: stderrProgress(), signal: interruptSignal() });
        if (o.json) return printJson(r);
        process.stdout.write(
          `MRR ${r.mrr.toFixed(4)}  Hits@1 ${r.hits_at_1.toFixed(4)}  Hits@3 ${r.hits_at_3.toFixed(4)}  Hits@10 ${r.hits_at_10.toFixed(4)}  (${r.queries} queries, ${r.rules} rules${r.skipped ? `, ${r.skipped} clauses skipped` : ''}${r.with_model ? ', model breaks ties' : ''}, ${r.seconds.toFixed(1)} s)\n`,
        );
      } finally {
        service.close();
      }
    });

  rules
    .command('answer')
    .description("answer each story's query by forward chaining with learned composition rules")
    .requiredOption('--stories <file>', 'JSON Lines: {"facts": [[X, rel, Y], …], "query": [X, Y], "target": rel}')
    .requiredOption('--rules <file>', 'rule file from relata rules learn --stories')
    .option('--json', 'print the result as JSON')
    .action(async (o: { stories: string; rules: string; json?: boolean }) => {
      const service = fileService();
      try {
        const r = await service.call('rules.answer', { stories: o.stories, rules: o.rules });
        if (o.json) return printJson(r);
        const lines = r.answers.map((a) => `${a.query[1]} is ${a.query[0]}'s ${a.predicted ?? '?'}${a.target !== null ? (a.predicted === a.target ? '  ✓' : `  ✗ (expected ${a.target})`) : ''}`);
        lines.push(`accuracy ${(100 * r.accuracy).toFixed(1)} % on ${r.n} stories`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        service.close();
      }
    });
  rules
    .command('sets')
    .description('the rule sets stored in a KG (each rule with its id) and the rejected rules')
    .requiredOption('--db <file>', 'KG file')
    .option('--json', 'print the result as JSON')
    .action(async (o: { db: string; json?: boolean }) => {
      const service = openService(o.db);
      try {
        const r = await service.call('rules.sets', {});
        if (o.json) return printJson(r);
        const lines: string[] = [];
        for (const set of r.sets) {
          lines.push(`${set.name} (${set.rules.length} rule${set.rules.length === 1 ? '' : 's'})`);
          for (const x of set.rules) lines.push(`  ${String(x.id).padStart(5)}  ${x.rule}${typeof x.stats?.confidence === 'number' ? `   (conf ${x.stats.confidence.toFixed(3)})` : ''}`);
        }
        if (r.sets.length === 0) lines.push('no rule set in this KG');
        if (r.rejected.length) lines.push(`${r.rejected.length} rejected rule${r.rejected.length === 1 ? '' : 's'}`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        service.close();
      }
    });

  rules
    .command('remove')
    .description('take a rule out of a rule set without rejecting it (learning may propose it again); undoable')
    .requiredOption('--db <file>', 'KG file')
    .requiredOption('--set <name>', 'rule set')
    .requiredOption('--rule <id|text>', 'the rule: its id (relata rules sets) or its clause, e.g. "r(X, Y) :- p(X, Y)."')
    .option('--json', 'print the result as JSON')
    .action(async (o: { db: string; set: string; rule: string; json?: boolean }) => {
      const text = o.rule.trim();
      if (!text) throw new UsageError('--rule needs a rule id or a rule');
      const rule = /^\d+$/.test(text) ? Number(text) : text;
      const service = openService(o.db);
      try {
        const r = await service.call('rules.remove', { ruleSet: o.set, rule });
        if (o.json) return printJson(r);
        process.stdout.write(`${r.summary} (change ${r.changeId})\n`);
      } finally {
        service.close();
      }
    });
}

/** relata relate: what B is to A by the rules, with proofs, and the shortest connecting paths (the reason.relate call). */
import type { Command } from 'commander';
import { interruptSignal, openService, printJson, wholeNumber } from '../cli-support.js';
import { ruleInput, ruleOptions, type RuleFlags } from '../rule-options.js';

export function register(program: Command): void {
  const cmd = program
    .command('relate')
    .description('how are A and B related: what B is to A by the rule packs (with proofs), and the shortest KG paths')
    .argument('<a>', 'entity key (or unambiguous label)')
    .argument('<b>', 'entity key (or unambiguous label)')
    .requiredOption('--db <file>', 'KG file')
    .option('--max-hops <n>', 'longest connecting path to look for', wholeNumber('--max-hops', { min: 1, max: 8 }), 4)
    .option('--max-paths <n>', 'most paths to list', wholeNumber('--max-paths', { min: 1, max: 10_000 }), 10)
    .option('--json', 'print the result as JSON');
  ruleOptions(cmd, '; default kinship').action(async (a: string, b: string, opts: RuleFlags & { db: string; maxHops: number; maxPaths: number; json?: boolean }) => {
    const rules = ruleInput(opts);
    const service = openService(opts.db);
    try {
      const r = await service.call(
        'reason.relate',
        { ...rules, packs: rules.packs.length ? rules.packs : undefined, a, b, maxHops: opts.maxHops, maxPaths: opts.maxPaths },
        { signal: interruptSignal() },
      );
      if (opts.json) return printJson(r);
      const lines = r.relations.map(
        (x) => `${r.b} is ${r.a}'s ${x.relation}${x.readings ? ` (${x.readings.join(', ')})` : ''}${x.stored ? ' (stored)' : ''}${x.conventions_used.length ? ` [convention: ${x.conventions_used.join(', ')}]` : ''}`,
      );
      if (r.relations.length === 0) lines.push(`the rules derive no relation from ${r.a} to ${r.b}`);
      for (const p of r.paths) lines.push(`path (${p.length}): ${p.steps.map((s) => `${s.s} -${s.p}-> ${s.o}`).join(', ')}`);
      if (r.paths.length === 0) lines.push(`no path of at most ${opts.maxHops} hops`);
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      service.close();
    }
  });
}

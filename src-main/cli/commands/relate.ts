import type { Command } from 'commander';
import { KgStore } from '../../core/store/kg-store.js';
import { relateEntitiesAsync } from '../../core/reasoning/relate.js';
import { loadRules } from '../../core/reasoning/rule-packs.js';
import { listConventions, withConventions } from '../../core/reasoning/conventions.js';
import { printJson } from '../cli-support.js';
import { ruleLimitOptions, ruleLimitsFrom, type RuleLimitFlags } from '../rule-limits.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command): void {
  const cmd = program
    .command('relate')
    .description('how are A and B related: what B is to A by the rule packs (with proofs), and the shortest KG paths')
    .argument('<a>', 'entity key (or unambiguous label)')
    .argument('<b>', 'entity key (or unambiguous label)')
    .requiredOption('--db <file>', 'KG file')
    .option('--rules <pack-or-file>', 'rule pack name or rule file (repeatable; default kinship)', collect, [])
    .option('--pack <name>', 'the same as --rules NAME (repeatable)', collect, [])
    .option('--convention <name>', `a named reading convention on top of the rules (${listConventions().join(', ')}; default: none, the strict reading)`)
    .option('--max-hops <n>', 'longest connecting path to look for', '4')
    .option('--max-paths <n>', 'most paths to list', '10')
    .option('--json', 'print the result as JSON');
  ruleLimitOptions(cmd)
    .action(async (a: string, b: string, opts: RuleLimitFlags & { db: string; rules: string[]; pack: string[]; convention?: string; maxHops: string; maxPaths: string; json?: boolean }) => {
      const specs = [...opts.rules, ...opts.pack];
      const rules = withConventions(loadRules(specs.length ? specs : ['kinship']), opts.convention);
      const store = KgStore.open(opts.db, { mustExist: true, readonly: true });
      try {
        const r = await relateEntitiesAsync(store.db, a, b, rules, { maxHops: Number(opts.maxHops), maxPaths: Number(opts.maxPaths), limits: ruleLimitsFrom(opts) });
        if (opts.json) return printJson(r);
        const lines = r.relations.map(
          (x) => `${r.b} is ${r.a}'s ${x.relation}${x.readings ? ` (${x.readings.join(', ')})` : ''}${x.stored ? ' (stored)' : ''}${x.conventions_used.length ? ` [convention: ${x.conventions_used.join(', ')}]` : ''}`,
        );
        if (r.relations.length === 0) lines.push(`the rules derive no relation from ${r.a} to ${r.b}`);
        for (const p of r.paths) lines.push(`path (${p.length}): ${p.steps.map((s) => `${s.s} -${s.p}-> ${s.o}`).join(', ')}`);
        if (r.paths.length === 0) lines.push(`no path of at most ${opts.maxHops} hops`);
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        store.close();
      }
    });
}

import type { Command } from 'commander';
import { KgStore } from '../../core/store/kg-store.js';
import { materializeRules } from '../../core/reasoning/kg-reasoning.js';
import { loadRulePack, loadRules } from '../../core/reasoning/rule-packs.js';
import { listConventions, withConventions } from '../../core/reasoning/conventions.js';
import { printJson } from '../cli-support.js';
import { ruleLimitOptions, ruleLimitsFrom, type RuleLimitFlags } from '../rule-limits.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command): void {
  const cmd = program
    .command('materialize')
    .description('run rules over the KG and store the derived triples (marked derived, with rule and premises); replaces the previous run of the same rules')
    .requiredOption('--db <file>', 'KG file')
    .option('--rules <file>', 'Datalog rule file (repeatable)', collect, [])
    .option('--pack <name>', 'shipped rule pack, e.g. kinship (repeatable)', collect, [])
    .option('--convention <name>', `a named reading convention on top of the rules (${listConventions().join(', ')}; default: none)`)
    .option('--name <name>', 'rule set name (default: the files and packs)')
    .option('--clear', 'remove the derived triples of the rule set --name (e.g. after deleting its rule file)')
    .option('--no-schema-rules', 'ignore predicate flags and RDFS/OWL axioms in the KG')
    .option('--json', 'print the result as JSON');
  ruleLimitOptions(cmd)
    .action(async (opts: RuleLimitFlags & { db: string; rules: string[]; pack: string[]; convention?: string; name?: string; clear?: boolean; schemaRules: boolean; json?: boolean }) => {
      const rules = withConventions([...loadRules(opts.rules), ...opts.pack.map(loadRulePack)], opts.convention);
      if (opts.clear && (rules.length > 0 || !opts.name)) throw new Error('--clear takes --name NAME and no rules');
      if (rules.length === 0 && !opts.clear) throw new Error('give --rules FILE or --pack NAME');
      const store = KgStore.open(opts.db, { mustExist: true });
      try {
        const r = await materializeRules(store, rules, { name: opts.name, schema: opts.schemaRules && !opts.clear, limits: ruleLimitsFrom(opts) });
        for (const w of r.warnings) process.stderr.write(`relata: ${w}\n`);
        if (opts.json) return printJson(r);
        process.stdout.write(`${r.rule_set}: ${r.total_derived} derived triples (${r.derived} new, ${r.removed} removed) in ${(r.ms / 1000).toFixed(2)} s\n`);
      } finally {
        store.close();
      }
    });
}

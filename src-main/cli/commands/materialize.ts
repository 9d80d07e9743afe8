/** relata materialize: run rules over the KG and store the derived triples (the reason.materialize call). */
import type { Command } from 'commander';
import { interruptSignal, openService, printJson } from '../cli-support.js';
import { ruleInput, ruleOptions, type RuleFlags } from '../rule-options.js';

export function register(program: Command): void {
  const cmd = program
    .command('materialize')
    .description('run rules over the KG and store the derived triples (marked derived, with rule and premises); replaces the previous run of the same rules')
    .requiredOption('--db <file>', 'KG file')
    .option('--name <name>', 'rule set name (default: the files and packs)')
    .option('--clear', 'remove the derived triples of the rule set --name (e.g. after deleting its rule file)')
    .option('--json', 'print the result as JSON');
  ruleOptions(cmd).action(async (opts: RuleFlags & { db: string; name?: string; clear?: boolean; json?: boolean }) => {
    const rules = ruleInput(opts);
    if (opts.clear && (rules.packs.length > 0 || !opts.name)) throw new Error('--clear takes --name NAME and no rules');
    if (rules.packs.length === 0 && !opts.clear) throw new Error('give --rules FILE or --pack NAME');
    const service = openService(opts.db);
    try {
      const r = await service.call('reason.materialize', { ...rules, name: opts.name, clear: opts.clear }, { signal: interruptSignal() });
      for (const w of r.warnings) process.stderr.write(`relata: ${w}\n`);
      if (opts.json) return printJson(r);
      process.stdout.write(`${r.rule_set}: ${r.total_derived} derived triples (${r.derived} new, ${r.removed} removed) in ${(r.ms / 1000).toFixed(2)} s\n`);
    } finally {
      service.close();
    }
  });
}

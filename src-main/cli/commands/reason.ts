import type { Command } from 'commander';
import { KgStore } from '../../core/store/kg-store.js';
import { materializeRules, queryKgAsync } from '../../core/reasoning/kg-reasoning.js';
import { loadRules } from '../../core/reasoning/rule-packs.js';
import { listConventions, withConventions } from '../../core/reasoning/conventions.js';
import { printJson } from '../cli-support.js';
import { ruleLimitOptions, ruleLimitsFrom, type RuleLimitFlags } from '../rule-limits.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Issue 4's combined form: run rule files (or packs) over the KG, answer a query and/or materialise. */
export function register(program: Command): void {
  const cmd = program
    .command('reason')
    .description('run Datalog rules over the KG: answer --query, and/or --materialize the derived triples')
    .requiredOption('--db <file>', 'KG file')
    .option('--rules <file-or-pack>', 'rule file, or shipped pack name (repeatable)', collect, [])
    .option('--convention <name>', `a named reading convention on top of the rules (${listConventions().join(', ')}; default: none)`)
    .option('--query <goal>', "goal to answer, e.g. 'aunt(X, Y)'")
    .option('--explain', 'include proof trees (JSON)')
    .option('--materialize', 'store the derived triples (replacing this rule set\'s previous run)')
    .option('--no-schema-rules', 'ignore predicate flags and RDFS/OWL axioms in the KG')
    .option('--format <format>', 'tsv (one answer per line: the variables\' values in order of first appearance) or json', 'tsv');
  ruleLimitOptions(cmd)
    .action(async (opts: RuleLimitFlags & { db: string; rules: string[]; convention?: string; query?: string; explain?: boolean; materialize?: boolean; schemaRules: boolean; format: string }) => {
      if (opts.format !== 'tsv' && opts.format !== 'json') throw new Error(`--format must be tsv or json, not '${opts.format}'`);
      if (!opts.query && !opts.materialize) throw new Error('give --query GOAL and/or --materialize');
      const rules = withConventions(loadRules(opts.rules), opts.convention);
      const limits = ruleLimitsFrom(opts);
      const store = KgStore.open(opts.db, { mustExist: true });
      try {
        const out: Record<string, unknown> = {};
        if (opts.materialize) {
          if (rules.length === 0) throw new Error('--materialize needs --rules');
          const m = await materializeRules(store, rules, { schema: opts.schemaRules, limits });
          for (const w of m.warnings) process.stderr.write(`relata: ${w}\n`);
          out.materialized = m;
          if (opts.format === 'tsv') process.stderr.write(`${m.rule_set}: ${m.total_derived} derived triples (${m.derived} new, ${m.removed} removed)\n`);
        }
        if (opts.query) {
          const r = await queryKgAsync(store.db, rules, opts.query, { explain: opts.explain, schema: opts.schemaRules, limits });
          if (!opts.materialize) for (const w of r.warnings) process.stderr.write(`relata: ${w}\n`);
          if (opts.format === 'tsv') {
            process.stdout.write(r.answers.map((a) => `${r.variables.map((v) => a.bindings[v]).join('\t')}\n`).join(''));
          }
          Object.assign(out, { variables: r.variables, answers: r.answers, count: r.count }, r.conventions ? { conventions: r.conventions, conventions_used: r.conventions_used } : {});
        }
        if (opts.format === 'json') printJson(out);
      } finally {
        store.close();
      }
    });
}

/** relata query (alias reason): answer a Datalog goal over the KG, optionally materialising the rules first. */
import { Command, Option } from 'commander';
import type { CallResult } from '../../contract/api.js';
import { interruptSignal, openService, printJson, wholeNumber } from '../cli-support.js';
import { ruleInput, ruleOptions, type RuleFlags } from '../rule-options.js';

interface QueryFlags extends RuleFlags {
  db: string;
  query?: string;
  explain?: boolean;
  magic?: boolean;
  limit?: number;
  materialize?: boolean;
  json?: boolean;
  format?: 'tsv' | 'json';
}

const warn = (warnings: string[]): void => warnings.forEach((w) => process.stderr.write(`relata: ${w}\n`));

/** One line per answer: the variables' values in order of first appearance, tab-separated; `true`/`false` for a goal without variables. */
function answerLines(r: CallResult<'reason.query'>): string {
  const lines = r.answers.map((a) => (r.variables.length ? r.variables.map((v) => a.bindings[v]).join('\t') : 'true'));
  if (r.count === 0) lines.push(r.variables.length ? '' : 'false');
  return lines.filter((l) => l !== '').map((l) => `${l}\n`).join('');
}

export function register(program: Command): void {
  const cmd = program
    .command('query')
    .alias('reason')
    .description('answer a Datalog goal over the KG with rule packs, stored rule sets and rule files (e.g. "?- aunt(charlie, A)."); --materialize stores the derived triples first')
    .argument('[goal]', 'the goal, e.g. "?- aunt(charlie, A)."')
    .requiredOption('--db <file>', 'KG file')
    .option('--query <goal>', 'the goal, as an option (the same as the argument)')
    .option('--explain', 'include the proof tree of each answer')
    .option('--magic', 'goal-directed (magic sets): derive only what the goal can use; for selective goals over large recursive relations, positive rules only')
    .option('--limit <n>', 'most answers (default: all)', wholeNumber('--limit', { min: 1, max: 100_000 }))
    .option('--materialize', "first store the derived triples (replacing this rule set's previous run), as relata materialize")
    .option('--json', 'print the result as JSON')
    .addOption(new Option('--format <format>', 'tsv (the default text) or json (the same as --json)').choices(['tsv', 'json']));
  ruleOptions(cmd).action(async (goalArg: string | undefined, opts: QueryFlags) => {
    if (goalArg !== undefined && opts.query !== undefined) throw new Error('give the goal as an argument or with --query, not both');
    const goal = goalArg ?? opts.query;
    if (goal === undefined && !opts.materialize) throw new Error('give a goal (or --query GOAL) and/or --materialize');
    const json = opts.json || opts.format === 'json';
    const rules = ruleInput(opts);
    if (opts.materialize && rules.packs.length === 0) throw new Error('--materialize needs --rules');
    const service = openService(opts.db);
    try {
      const signal = interruptSignal();
      const out: Record<string, unknown> = {};
      if (opts.materialize) {
        const m = await service.call('reason.materialize', rules, { signal });
        warn(m.warnings);
        out.materialized = m;
        if (!json) process.stderr.write(`${m.rule_set}: ${m.total_derived} derived triples (${m.derived} new, ${m.removed} removed)\n`);
      }
      if (goal !== undefined) {
        const r = await service.call('reason.query', { ...rules, query: goal, explain: opts.explain, magic: opts.magic, limit: opts.limit ?? null }, { signal });
        if (!opts.materialize) warn(r.warnings);
        Object.assign(out, {
          variables: r.variables,
          answers: r.answers,
          count: r.count,
          warnings: r.warnings,
          stats: r.stats,
          ...(r.conventions ? { conventions: r.conventions, conventions_used: r.conventions_used } : {}),
        });
        if (!json) {
          process.stdout.write(answerLines(r));
          if (opts.explain) for (const a of r.answers) process.stdout.write(`${JSON.stringify(a.proof, null, 2)}\n`);
        }
      }
      if (json) printJson(out);
    } finally {
      service.close();
    }
  });
}

import type { Command } from 'commander';
import { KgStore } from '../../core/store/kg-store.js';
import { queryKgAsync } from '../../core/reasoning/kg-reasoning.js';
import { loadRulePack, loadRules } from '../../core/reasoning/rule-packs.js';
import { listConventions, withConventions } from '../../core/reasoning/conventions.js';
import { printJson } from '../cli-support.js';
import { ruleLimitOptions, ruleLimitsFrom, type RuleLimitFlags } from '../rule-limits.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function register(program: Command): void {
  const cmd = program
    .command('query')
    .description('answer a Datalog query over the KG, with rule files and packs (e.g. "?- aunt(charlie, A).")')
    .argument('<query>', 'the goal, e.g. "?- aunt(charlie, A)."')
    .requiredOption('--db <file>', 'KG file')
    .option('--rules <file>', 'Datalog rule file (repeatable)', collect, [])
    .option('--pack <name>', 'shipped rule pack, e.g. kinship (repeatable)', collect, [])
    .option('--convention <name>', `a named reading convention on top of the rules (${listConventions().join(', ')}; default: none)`)
    .option('--explain', 'include the proof tree of each answer')
    .option('--no-schema-rules', 'ignore predicate flags and RDFS/OWL axioms in the KG')
    .option('--magic', 'goal-directed (magic sets): derive only what the goal can use; for selective goals over large recursive relations, positive rules only')
    .option('--limit <n>', 'most answers')
    .option('--json', 'print the result as JSON');
  ruleLimitOptions(cmd)
    .action(async (query: string, opts: RuleLimitFlags & { db: string; rules: string[]; pack: string[]; convention?: string; explain?: boolean; magic?: boolean; schemaRules: boolean; limit?: string; json?: boolean }) => {
      const rules = withConventions([...loadRules(opts.rules), ...opts.pack.map(loadRulePack)], opts.convention);
      const store = KgStore.open(opts.db, { mustExist: true, readonly: true });
      try {
        const result = await queryKgAsync(store.db, rules, query, {
          limits: ruleLimitsFrom(opts),
          explain: opts.explain,
          magic: opts.magic,
          schema: opts.schemaRules,
          limit: opts.limit ? Number(opts.limit) : undefined,
        });
        for (const w of result.warnings) process.stderr.write(`relata: ${w}\n`);
        if (opts.json) return printJson({
            variables: result.variables,
            answers: result.answers,
            count: result.count,
            warnings: result.warnings,
            stats: result.stats,
            ...(result.conventions ? { conventions: result.conventions, conventions_used: result.conventions_used } : {}),
          });
        const lines = result.answers.map((a) => (result.variables.length ? result.variables.map((v) => a.bindings[v]).join('\t') : 'true'));
        if (result.count === 0) lines.push(result.variables.length ? '' : 'false');
        process.stdout.write(lines.filter((l) => l !== '').map((l) => `${l}\n`).join(''));
        if (opts.explain) for (const a of result.answers) process.stdout.write(`${JSON.stringify(a.proof, null, 2)}\n`);
      } finally {
        store.close();
      }
    });
}

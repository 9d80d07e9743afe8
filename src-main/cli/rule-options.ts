/** The flags every rule-running command shares (query, materialize, relate): which rules, the convention, schema rules, limits. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { CallInput } from '../contract/api.js';
import { DEFAULT_MAX_FACTS, DEFAULT_MAX_MEMORY_MB } from '../core/reasoning/datalog/limits.js';
import { listConventions } from '../core/reasoning/conventions.js';
import { loadRuleFile } from '../core/reasoning/rule-packs.js';
import { realNumber, wholeNumber } from './cli-support.js';

export interface RuleFlags {
  rules: string[];
  pack: string[];
  convention?: string;
  schemaRules: boolean;
  maxFacts?: number;
  maxSeconds?: number;
  maxMemoryMb?: number;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** --rules (and its alias --pack), --convention, --no-schema-rules and the limits, on a command that runs rules. */
export function ruleOptions(cmd: Command, rulesDefault = ''): Command {
  return cmd
    .option('--rules <pack|set|file.pl>', `a shipped rule pack, a rule set stored in the KG, or a rule file (repeatable${rulesDefault})`, collect, [])
    .option('--pack <name>', 'the same as --rules NAME (repeatable)', collect, [])
    .option('--convention <name>', `a named reading convention on top of the rules (${listConventions().join(', ')}; default: none, the strict reading)`)
    .option('--no-schema-rules', 'ignore predicate flags and RDFS/OWL axioms in the KG')
    .option('--max-facts <n>', `most facts the rules may derive (default ${DEFAULT_MAX_FACTS.toLocaleString('en-US')})`, wholeNumber('--max-facts', { min: 1 }))
    .option('--max-seconds <s>', 'longest the rules may run (default: no limit; Ctrl+C cancels)', realNumber('--max-seconds', { above: 0 }))
    .option('--max-memory-mb <n>', `estimated memory the derived facts may take, in MiB (default ${DEFAULT_MAX_MEMORY_MB})`, wholeNumber('--max-memory-mb', { min: 1 }));
}

/** A --rules value names a file when one exists there or it looks like a path; otherwise a pack or stored rule set. */
const isRuleFile = (spec: string): boolean => existsSync(spec) || extname(spec) !== '' || spec.includes('/');

/** The contract fields the flags give: rule files read here (the service opens none by path), packs and sets by name. */
export function ruleInput(flags: RuleFlags) {
  if (flags.convention !== undefined && !listConventions().includes(flags.convention)) {
    throw new Error(`no convention '${flags.convention}' (conventions: ${listConventions().join(', ')})`);
  }
  const packs = [...flags.rules, ...flags.pack].map((spec) => (isRuleFile(spec) ? loadRuleFile(spec) : spec));
  return {
    packs,
    convention: flags.convention as CallInput<'reason.query'>['convention'],
    schemaRules: flags.schemaRules,
    maxFacts: flags.maxFacts,
    maxSeconds: flags.maxSeconds,
    maxMemoryMb: flags.maxMemoryMb,
  };
}

import type { Command } from 'commander';
import { DEFAULT_MAX_FACTS, DEFAULT_MAX_MEMORY_MB, type EvalLimits } from '../core/reasoning/datalog/limits.js';
import { interruptSignal } from './cli-support.js';

export interface RuleLimitFlags {
  maxFacts?: string;
  maxSeconds?: string;
  maxMemoryMb?: string;
}

/** --max-facts, --max-seconds, --max-memory-mb on a command that runs rules. */
export function ruleLimitOptions(cmd: Command): Command {
  return cmd
    .option('--max-facts <n>', `most facts the rules may derive (default ${DEFAULT_MAX_FACTS.toLocaleString('en-US')})`)
    .option('--max-seconds <s>', 'longest the rules may run (default: no limit; Ctrl+C cancels)')
    .option('--max-memory-mb <n>', `estimated memory the derived facts may take, in MiB (default ${DEFAULT_MAX_MEMORY_MB})`);
}

function positive(flag: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/[_,]/g, ''));
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new Error(`${flag} must be a positive ${integer ? 'whole ' : ''}number, not '${value}'`);
  return n;
}

/** The limits the flags give, with Ctrl+C as Cancel; the errors name the flags. */
export function ruleLimitsFrom(flags: RuleLimitFlags): EvalLimits {
  return {
    maxFacts: positive('--max-facts', flags.maxFacts, true),
    maxSeconds: positive('--max-seconds', flags.maxSeconds, false),
    maxMemoryMb: positive('--max-memory-mb', flags.maxMemoryMb, true),
    signal: interruptSignal(),
    hints: { facts: '--max-facts', seconds: '--max-seconds', memory: '--max-memory-mb' },
  };
}

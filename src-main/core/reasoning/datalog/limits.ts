/**
 * Limits on one rule run: derived facts, wall-clock time, an estimate of the memory the derived facts take,
 * and Cancel (an AbortSignal). The kernel calls EvalGuard.tick every few thousand join rows and between
 * semi-naive rounds, and counts every new fact; crossing a limit throws an error that names the rule that was
 * deriving (its text and line) and how many facts it had made.
 */
import { CancelledError } from '../../run/cancelled-error.js';

export interface EvalLimits {
  /** Most facts all rules together may derive in one run; default DEFAULT_MAX_FACTS. */
  maxFacts?: number;
  /** Wall-clock seconds the evaluation may take; default none (the server's calls default to 120). */
  maxSeconds?: number;
  /** The estimated memory of the derived facts (rows, indexes, derivation log) in MiB; default DEFAULT_MAX_MEMORY_MB. */
  maxMemoryMb?: number;
  /** Cancel: checked between rounds and every few thousand join rows. */
  signal?: AbortSignal;
  /** How the caller raises each limit, named in the error: '--max-facts' (CLI) or 'maxFacts' (the API, the default). */
  hints?: { facts?: string; seconds?: string; memory?: string };
}

export const DEFAULT_MAX_FACTS = 5_000_000;
export const DEFAULT_MAX_MEMORY_MB = 2048;
/** What the API's reason.* calls allow when they give no maxSeconds. */
export const DEFAULT_CALL_MAX_SECONDS = 120;
/** Join rows between limit checks (a power of two minus one, used as a mask). */
export const TICK_MASK = 0x3fff;
/** Longest run between yields to the event loop when evaluation runs asynchronously. */
export const SLICE_MS = 40;

export type LimitKind = 'facts' | 'time' | 'memory';

/** A rule run stopped at a limit. A plain Error (the faces answer it as bad input, not as a bug) with these fields. */
export interface DatalogLimitError extends Error {
  limit: LimitKind;
  /** The rule that was deriving, as written, or null for a query's own answers. */
  rule: string | null;
  /** Facts that rule had derived. */
  ruleFacts: number;
  /** Facts all rules had derived. */
  derived: number;
}

export function isDatalogLimitError(e: unknown): e is DatalogLimitError {
  return e instanceof Error && (e as Partial<DatalogLimitError>).limit !== undefined && e.name === 'DatalogLimitError';
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');

export class EvalGuard {
  /** Facts derived so far, all rules together. */
  facts = 0;
  /** A query's distinct answers so far. */
  answers = 0;
  /** Facts derived per rule index (grown on demand). */
  ruleFacts = new Float64Array(16);
  readonly maxFacts: number;
  /** When set (an asynchronous run), tick() asks the plan to yield once performance.now() passes it. */
  sliceEnd = Number.POSITIVE_INFINITY;
  private readonly deadline: number;
  private readonly maxBytes: number;
  private readonly started = performance.now();

  constructor(
    readonly limits: EvalLimits,
    /** A rule index as shown in errors: `rule TEXT (FILE, line N)`; -1 for a query's answers. */
    private readonly describe: (rule: number) => string,
    /** The current memory estimate in bytes. */
    private readonly bytes: () => number,
    private readonly cancelled?: () => boolean,
  ) {
    this.maxFacts = limits.maxFacts ?? DEFAULT_MAX_FACTS;
    this.deadline = limits.maxSeconds === undefined ? Number.POSITIVE_INFINITY : this.started + limits.maxSeconds * 1000;
    this.maxBytes = (limits.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB) * 1024 * 1024;
  }

  /** A sub-run (magic sets) shares the deadline and signal and gets what is left of the facts budget. */
  remaining(): EvalLimits {
    const left = this.deadline - performance.now();
    return { ...this.limits, maxFacts: Math.max(0, this.maxFacts - this.facts), ...(Number.isFinite(left) ? { maxSeconds: Math.max(0, left / 1000) } : {}) };
  }

  /** Counts one new fact of `rule` (-1: a query's distinct answer, counted on its own against the same number); throws past the limit. */
  fact(rule: number): void {
    if (rule < 0) {
      if (this.answers >= this.maxFacts) throw this.error('facts', rule);
      this.answers++;
      return;
    }
    if (this.facts >= this.maxFacts) throw this.error('facts', rule);
    if (rule >= this.ruleFacts.length) {
      const grown = new Float64Array(Math.max(rule + 1, this.ruleFacts.length * 2));
      grown.set(this.ruleFacts);
      this.ruleFacts = grown;
    }
    this.ruleFacts[rule]++;
    this.facts++;
  }

  /** Checks Cancel, time and memory; true when an asynchronous run should yield to the event loop now. */
  tick(rule: number): boolean {
    if (this.limits.signal?.aborted || this.cancelled?.()) throw new CancelledError();
    const now = performance.now();
    if (now > this.deadline) throw this.error('time', rule);
    if (this.bytes() > this.maxBytes) throw this.error('memory', rule);
    return now > this.sliceEnd;
  }

  error(limit: LimitKind, rule: number): DatalogLimitError {
    const made = rule >= 0 ? (this.ruleFacts[rule] ?? 0) : this.answers;
    const hints = this.limits.hints ?? {};
    const who = rule >= 0 ? this.describe(rule) : 'the query';
    const what = rule >= 0 ? `derived ${n(made)} facts` : `found ${n(made)} answers`;
    const all = rule >= 0 && made !== this.facts ? ` (${n(this.facts)} in all)` : '';
    let reason: string;
    if (limit === 'facts') reason = `over the limit of ${n(this.maxFacts)} ${rule >= 0 ? 'derived facts' : 'answers'} (raise it with ${hints.facts ?? 'maxFacts'})`;
    else if (limit === 'time') reason = `over the time limit of ${(this.limits.maxSeconds ?? 0).toLocaleString('en-US', { maximumFractionDigits: 3 })} s (raise it with ${hints.seconds ?? 'maxSeconds'})`;
    else reason = `the derived facts need about ${n(this.bytes() / 1048576)} MiB, over the memory limit of ${n(this.maxBytes / 1048576)} MiB (raise it with ${hints.memory ?? 'maxMemoryMb'})`;
    const err = new Error(`${who} ${what}${all}: ${reason}`) as DatalogLimitError;
    err.name = 'DatalogLimitError';
    return Object.assign(err, { limit, rule: rule >= 0 ? who.replace(/^rule /, '').replace(/ \((?:[^()]*, )?line \d+\)$/, '') : null, ruleFacts: made, derived: this.facts });
  }
}

/** Runs a generator to its end without yielding to anyone (the synchronous API). */
export function runSync<T>(gen: Generator<unknown, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** Runs a generator, giving the event loop a turn whenever it yields (every SLICE_MS), so a server stays responsive. */
export async function runAsync<T>(gen: Generator<unknown, T>, guard: EvalGuard): Promise<T> {
  guard.sliceEnd = performance.now() + SLICE_MS;
  try {
    for (;;) {
      const r = gen.next();
      if (r.done) return r.value;
      await new Promise<void>((resolve) => setImmediate(resolve));
      guard.sliceEnd = performance.now() + SLICE_MS;
    }
  } finally {
    guard.sliceEnd = Number.POSITIVE_INFINITY;
  }
}

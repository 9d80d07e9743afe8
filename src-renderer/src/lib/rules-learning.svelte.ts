import type { CallInput, CallResult } from '../../../src-main/contract/api';
import type { ProgressEvent } from '../../../src-main/contract/types';
import { CallError, client } from './client';
import { sessionStepsRecorded } from './reasoning-session';
import { sessionForRun } from './session-for-run';

/**
 * The app's rule-learning run (`rules.learn` over the open KG), outside any component: it goes on while the Rules
 * panel is closed, and its rules stay for review. The run is a step of the open reasoning session (one is created
 * when none is open), like a training run.
 */
export type LearnInput = CallInput<'rules.learn'>;
export type LearnResult = CallResult<'rules.learn'>;

class RulesLearning {
  busy = $state(false);
  progress: ProgressEvent | null = $state.raw(null);
  result: LearnResult | null = $state.raw(null);
  error: string | null = $state(null);
  /** When the run began (ms since the epoch), for the elapsed time before the first progress event. */
  startedAt = $state(0);
  /** The KG file the rules were learned from (another KG opened since: they no longer apply). */
  kgPath: string | null = null;
}

export const learning = new RulesLearning();

let abort: AbortController | null = null;

export async function learnRules(input: LearnInput): Promise<void> {
  if (learning.busy) return;
  Object.assign(learning, { busy: true, progress: null, error: null, startedAt: Date.now() });
  abort = new AbortController();
  try {
    const kgPath = (await client.call('kg.info', {})).path;
    const sessionId = await sessionForRun();
    const step = await client.call('session.run', { sessionId, call: 'rules.learn', input }, {
      signal: abort.signal,
      onProgress: (e) => (learning.progress = e),
    });
    learning.result = step.output as LearnResult;
    learning.kgPath = kgPath;
    sessionStepsRecorded.update((n) => n + 1);
  } catch (err) {
    learning.error = err instanceof CallError && err.kind === 'cancelled'
      ? 'Cancelled before any rule was kept.'
      : err instanceof Error ? err.message : String(err);
  } finally {
    learning.busy = false;
    learning.progress = null;
    abort = null;
  }
}

/** Forgets learned rules that came from another KG than the one open now. */
export async function dropIfAnotherKg(): Promise<void> {
  if (!learning.result || learning.busy) return;
  const path = (await client.call('kg.info', {})).path;
  if (learning.result && !learning.busy && learning.kgPath !== path) learning.result = null;
}

/** Cancel is the call's own cancel: the learner stops and returns the rules found so far. */
export function cancelLearning(): void {
  abort?.abort();
}

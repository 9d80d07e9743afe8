import type { CallInput, CallResult } from '../../../src-main/contract/api';
import type { ProgressEvent } from '../../../src-main/contract/types';
import { CallError, client } from './client';
import { sessionStepsRecorded } from './reasoning-session';
import { sessionForRun } from './session-for-run';

/**
 * The app's rule-learning run (`rules.learn` over the open KG) and its rule-prediction run (`rules.predict` with a
 * stored rule set), outside any component: they go on while the Rules panel is closed, and their rules and
 * predictions stay for review. Each run is a step of the open reasoning session (one is created when none is
 * open), like a training run; reviews of a prediction are recorded as that step's feedback.
 */
export type LearnInput = CallInput<'rules.learn'>;
export type LearnResult = CallResult<'rules.learn'>;
export type PredictInput = CallInput<'rules.predict'>;
export type PredictResult = CallResult<'rules.predict'>;

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

/** Forgets learned rules and rule predictions that came from another KG than the one open now. */
export async function dropIfAnotherKg(): Promise<void> {
  if ((!learning.result || learning.busy) && !predictions.result) return;
  const path = (await client.call('kg.info', {})).path;
  if (learning.result && !learning.busy && learning.kgPath !== path) learning.result = null;
  if (predictions.result && !predictions.busy && predictions.kgPath !== path) Object.assign(predictions, { result: null, input: null });
}

/** Cancel is the call's own cancel: the learner stops and returns the rules found so far. */
export function cancelLearning(): void {
  abort?.abort();
}

class RulePredictions {
  busy = $state(false);
  result: PredictResult | null = $state.raw(null);
  error: string | null = $state(null);
  /** What was asked, to ask again after an edit (an accepted prediction, Undo, a rule taken out of the set). */
  input: PredictInput | null = null;
  /** The session step that listed the predictions: reviews are its feedback. */
  sessionId: number | null = null;
  stepId: number | null = null;
  kgPath: string | null = null;
}

export const predictions = new RulePredictions();

/** Predicts links with a stored rule set, as a step of the reasoning session. */
export async function predictWithRules(input: PredictInput): Promise<void> {
  if (predictions.busy) return;
  Object.assign(predictions, { busy: true, error: null });
  try {
    const kgPath = (await client.call('kg.info', {})).path;
    const sessionId = await sessionForRun();
    const step = await client.call('session.run', { sessionId, call: 'rules.predict', input });
    Object.assign(predictions, { result: step.output as PredictResult, input, sessionId, stepId: step.id, kgPath });
    sessionStepsRecorded.update((n) => n + 1);
  } catch (err) {
    predictions.error = err instanceof Error ? err.message : String(err);
  } finally {
    predictions.busy = false;
  }
}

/**
 * The same predictions read again after the KG changed (not a new session step): accepted ones are facts now and
 * leave, an undone acceptance comes back. A rule set that is gone clears the list.
 */
export async function refreshPredictions(): Promise<void> {
  const input = predictions.input;
  if (!input || predictions.busy) return;
  try {
    const result = await client.call('rules.predict', input);
    if (predictions.input === input) predictions.result = result;
  } catch {
    if (predictions.input === input) Object.assign(predictions, { result: null, input: null });
  }
}

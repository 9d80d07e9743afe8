import type { CallInput, CallResult } from '../../../src-main/contract/api';
import type { TrainingCurvePoint, TrainingProgress } from '../../../src-main/contract/types';
import { CallError, client } from './client';
import { sessionStepsRecorded } from './reasoning-session';
import { sessionForRun } from './session-for-run';

/**
 * The app's one KG-embedding training run, outside any component: it goes on (and its curve keeps growing) while
 * the Training panel is closed. The run is a step of the open reasoning session (one is created when none is open).
 */
export type TrainInput = CallInput<'model.train'>;
export type TrainedModel = CallResult<'model.train'>;

export type CurvePoint = TrainingCurvePoint;

class TrainingRun {
  busy = $state(false);
  // Raw: the curve may hold thousands of points, replaced (not mutated) on each batch of epochs.
  progress: TrainingProgress | null = $state.raw(null);
  curve: CurvePoint[] = $state.raw([]);
  result: TrainedModel | null = $state.raw(null);
  error: string | null = $state(null);
  /** Bumped when a run stored a model, so model lists refresh. */
  stored = $state(0);
}

export const training = new TrainingRun();

let abort: AbortController | null = null;

function onProgress(p: TrainingProgress): void {
  training.progress = p;
  if (p.points.length > 0) training.curve = training.curve.concat(p.points);
}

export async function startTraining(input: TrainInput): Promise<void> {
  if (training.busy) return;
  Object.assign(training, { busy: true, progress: null, curve: [], result: null, error: null });
  abort = new AbortController();
  try {
    const sessionId = await sessionForRun();
    const step = await client.call('session.run', { sessionId, call: 'model.train', input }, {
      signal: abort.signal,
      onProgress: (e) => e.training && onProgress(e.training),
    });
    training.result = step.output as TrainedModel;
    training.stored++;
    sessionStepsRecorded.update((n) => n + 1);
  } catch (err) {
    training.error = err instanceof CallError && err.kind === 'cancelled'
      ? 'Cancelled before the first epoch ended: nothing was stored.'
      : err instanceof Error ? err.message : String(err);
  } finally {
    training.busy = false;
    abort = null;
  }
}

/** Pause and Resume go through model.control; Cancel is the call's own cancel (the run keeps its best parameters). */
export async function controlTraining(action: 'pause' | 'resume' | 'cancel'): Promise<void> {
  if (action === 'cancel') return void abort?.abort();
  const runId = training.progress?.runId;
  if (!runId) return;
  try {
    // The new state also arrives on the run's progress stream, in order with its epochs.
    await client.call('model.control', { runId, action });
  } catch (err) {
    training.error = err instanceof Error ? err.message : String(err);
  }
}

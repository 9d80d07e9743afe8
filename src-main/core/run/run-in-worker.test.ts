import { describe, expect, it } from 'vitest';
import { getPriority } from 'node:os';
import type { ProgressEvent } from '../../contract/types.js';
import { CancelledError } from './cancelled-error.js';
import { RequestWorker, runInWorker, type JobMessage } from './run-in-worker.js';

const FIXTURE = new URL('./run-in-worker-fixture.mjs', import.meta.url);
const read = (raw: unknown): JobMessage<unknown> => {
  const m = raw as { error?: string };
  return m.error !== undefined ? { error: new Error(m.error) } : (raw as JobMessage<unknown>);
};

describe('runInWorker', () => {
  it('passes progress on, resolves with the result, and runs a niced thread below this one', async () => {
    const base = getPriority(0);
    const progress: ProgressEvent[] = [];
    const niced = await runInWorker(FIXTURE, { name: 'the test worker', workerData: { job: 'priority' }, cancel: 'terminate', niceness: 10, read, onProgress: (e) => progress.push(e) });
    expect(progress).toEqual([{ phase: 'started', done: 0 }]);
    // 10, or this thread's niceness where that is already lower (raising priority needs privileges).
    expect(niced).toBe(Math.max(base, 10));
    // Only that thread: this one keeps its priority, and a thread started without one runs at it.
    expect(getPriority(0)).toBe(base);
    expect(await runInWorker(FIXTURE, { name: 'the test worker', workerData: { job: 'priority' }, cancel: 'terminate', read })).toBe(base);
  });

  it('Cancel terminates a thread, or asks it to stop and takes its answer; a thread that exits is named', async () => {
    const controller = new AbortController();
    const hung = runInWorker(FIXTURE, { name: 'the test worker', workerData: { job: 'hang' }, cancel: 'terminate', read, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(hung).rejects.toBeInstanceOf(CancelledError);

    const asked = new AbortController();
    const waiting = runInWorker(FIXTURE, { name: 'the test worker', workerData: { job: 'wait-for-cancel' }, cancel: 'message', read, signal: asked.signal });
    setTimeout(() => asked.abort(), 50);
    await expect(waiting).rejects.toThrow('rolled back');

    await expect(runInWorker(FIXTURE, { name: 'the test worker', workerData: { job: 'exit' }, cancel: 'terminate', read })).rejects.toThrow('the test worker stopped (exit code 3)');
    await expect(runInWorker(FIXTURE, { name: 'the test worker', cancel: 'terminate', read, signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('RequestWorker', () => {
  const echo = (): RequestWorker<unknown> => new RequestWorker<unknown>(FIXTURE, { name: 'the echo worker', read: (raw) => raw as { id: number; result: unknown } });

  it('answers requests by id, drops one on Cancel and goes on answering', async () => {
    const worker = echo();
    const slow = worker.request({ echo: 'slow', wait: 100 });
    const controller = new AbortController();
    const dropped = worker.request({ echo: 'dropped', wait: 50 }, { signal: controller.signal, cancel: 'drop' });
    controller.abort();
    await expect(dropped).rejects.toBeInstanceOf(CancelledError);
    expect(await Promise.all([worker.request({ echo: 1 }), slow])).toEqual([1, 'slow']);
    expect(worker.waiting).toBe(0);
    await worker.close();
    await expect(worker.request({ echo: 2 })).rejects.toThrow('the echo worker has stopped');
  });

  it('a time limit or Cancel with terminate ends the thread and fails every request on it', async () => {
    let stops = 0;
    const worker = new RequestWorker<unknown>(FIXTURE, { name: 'the echo worker', read: (raw) => raw as { id: number; result: unknown }, onStop: () => stops++ });
    const other = worker.request({ hang: true });
    await expect(worker.request({ hang: true }, { timeoutMs: 50, timeoutError: () => new Error('too slow') })).rejects.toThrow('too slow');
    await expect(other).rejects.toThrow('too slow');
    expect(stops).toBe(1);

    const second = echo();
    const controller = new AbortController();
    const hung = second.request({ hang: true }, { signal: controller.signal, cancel: 'terminate' });
    controller.abort();
    await expect(hung).rejects.toBeInstanceOf(CancelledError);
    expect(second.waiting).toBe(0);
  });
});

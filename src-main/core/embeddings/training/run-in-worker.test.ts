import { describe, it, expect } from 'vitest';
import { readBenchmarkFolder } from '../datasets/triple-datasets.js';
import { datasetPath } from '../../../../test-support/paths.js';
import { startTrainingWorker } from './run-in-worker.js';
import type { EpochReport } from './train-embeddings.js';

const NATIONS = datasetPath('nations');

describe('training in a worker thread', () => {
  it('reports epochs, keeps the main thread free, and returns evaluated params', async () => {
    const reports: EpochReport[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const h = startTrainingWorker({ dataset: readBenchmarkFolder(NATIONS), overrides: { epochs: 10, evalEvery: 5, threads: 1 } }, (r) => reports.push(r));
    const r = await h.result;
    clearInterval(timer);
    expect(reports.map((x) => x.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reports[4].validMrr).toBeGreaterThan(0.5);
    expect(r.test.count).toBe(402);
    expect(r.train.params.entities.length).toBe(14 * r.config.dim);
    expect(ticks).toBeGreaterThan(0);
  }, 60_000);

  it('pauses and cancels', async () => {
    const reports: EpochReport[] = [];
    const h = startTrainingWorker({ dataset: readBenchmarkFolder(NATIONS), overrides: { epochs: 100000, evalEvery: 1000, threads: 1 } }, (r) => reports.push(r));
    while (reports.length < 2) await new Promise((res) => setTimeout(res, 10));
    h.pause();
    await new Promise((res) => setTimeout(res, 100));
    const atPause = reports.length;
    await new Promise((res) => setTimeout(res, 300));
    expect(reports.length).toBeLessThanOrEqual(atPause + 1);
    h.resume();
    h.cancel();
    const r = await h.result;
    expect(r.train.stoppedBy).toBe('cancelled');
    expect(r.train.epochsRun).toBeLessThan(100000);
  }, 60_000);
});

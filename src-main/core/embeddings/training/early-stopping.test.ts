import { describe, expect, it } from 'vitest';
import { resolveTrainingConfig } from './training-config.js';
import { createParams } from '../models/embedding-params.js';
import { EpochTracker } from './early-stopping.js';

const params = createParams({ model: 'complex', dim: 4, reciprocal: true, numEntities: 3, numRelations: 1 });

/** Feeds validation MRRs one per epoch; returns the epoch training stopped at (or null) and the tracker. */
async function run(mrrs: number[], minGain: number, patience = 2): Promise<{ stoppedAt: number | null; tracker: EpochTracker }> {
  const cfg = resolveTrainingConfig({ model: 'complex', evalEvery: 1, patience, minGain, epochs: mrrs.length });
  const tracker = new EpochTracker(cfg, true, 1, {});
  for (let e = 1; e <= mrrs.length; e++) {
    if (await tracker.endEpoch(e, 1, async () => mrrs[e - 1], () => params)) return { stoppedAt: e, tracker };
  }
  return { stoppedAt: null, tracker };
}

describe('early stopping with a minimum relative gain', () => {
  const curve = [0.5, 0.52, 0.521, 0.5215, 0.53, 0.54];

  it('counts gains under minGain towards patience but keeps the better parameters', async () => {
    const { stoppedAt, tracker } = await run(curve, 0.01);
    expect(stoppedAt).toBe(4); // 0.521 and 0.5215 beat 0.52 by less than 1%
    expect(tracker.stoppedBy).toBe('early-stopping');
    expect(tracker.bestEpoch).toBe(4);
    expect(tracker.bestMrr).toBe(0.5215);
  });

  it('with minGain 0 any gain resets patience, and a drop counts as before', async () => {
    expect((await run(curve, 0)).stoppedAt).toBeNull();
    const { stoppedAt, tracker } = await run([0.5, 0.49, 0.48, 0.6], 0);
    expect(stoppedAt).toBe(3);
    expect(tracker.bestEpoch).toBe(1);
  });

  it('is 0.5% by default and must lie in [0, 1)', () => {
    expect(resolveTrainingConfig({}).minGain).toBe(0.005);
    expect(() => resolveTrainingConfig({ minGain: 1 })).toThrow(/minGain/);
  });
});

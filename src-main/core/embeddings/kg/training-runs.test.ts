import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent, TrainingProgress } from '../../../contract/types.js';
import { datasetPath, tempDir } from '../../../../test-support/paths.js';
import { RelataService } from '../../api/handlers.js';
import { forgetCachedModels } from './predictions.js';
import { MODEL_NAMES } from '../models/model-resolver.js';
import { LOSS_NAMES } from '../training/losses.js';
import { OPTIMIZER_NAMES } from '../training/optimizers.js';
import { callSchemas } from '../../../contract/api.js';

const tmp = tempDir('relata-kg-training-');
let service: RelataService;

beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(join(tmp.dir, 'nations.sqlite'), true);
  await service.call('kg.import', { files: [{ path: datasetPath('nations') }], format: 'benchmark' });
});
afterAll(() => {
  service.close();
  forgetCachedModels();
  tmp.cleanup();
});

const states = (events: ProgressEvent[]): TrainingProgress[] => events.flatMap((e) => (e.training ? [e.training] : []));
const until = async (ok: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('model.train on the open KG', () => {
  it('accepts exactly the engine\'s model, loss and optimiser names; lists each model\'s defaults', async () => {
    const settings = callSchemas['model.train'].shape.settings.unwrap().shape;
    expect(callSchemas['model.train'].shape.model.unwrap().options).toEqual([...MODEL_NAMES]);
    expect(settings.loss.unwrap().options).toEqual([...LOSS_NAMES]);
    expect(settings.optimizer.unwrap().options).toEqual([...OPTIMIZER_NAMES]);
    const defaults = await service.call('model.defaults', {});
    expect(defaults.best).toBe('complex');
    expect(defaults.models.map((m) => m.model)).toEqual([...MODEL_NAMES]);
    expect(defaults.models.find((m) => m.model === 'transe')!.settings).toMatchObject({ loss: 'margin-ranking', reciprocal: false });
  });

  it('trains in a worker as a session step, streaming epochs, and stores the model', async () => {
    const session = await service.call('session.create', { name: 'training' });
    const events: ProgressEvent[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const step = await service.call(
      'session.run',
      { sessionId: session.id, call: 'model.train', input: { model: 'complex', name: 'nations-ui', settings: { dim: 32, epochs: 6, evalEvery: 2, seed: 1 } } },
      { onProgress: (e) => events.push(e) },
    );
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(10); // the calling thread kept running timers while the worker trained
    const p = states(events);
    expect(p[0]).toMatchObject({ state: 'running', epoch: 0, epochs: 6, loss: null, points: [] });
    expect(new Set(p.map((x) => x.runId)).size).toBe(1);
    // Every epoch arrives once, in order, though events are batched.
    const points = p.flatMap((x) => x.points);
    expect(points.map((x) => x.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(points.every((x) => Number.isFinite(x.loss) && x.elapsedSeconds > 0)).toBe(true);
    expect(points.filter((x) => x.validMrr !== null).map((x) => x.epoch)).toEqual([2, 4, 6]);
    expect(points[0].loss).toBeGreaterThan(points[5].loss);
    expect(p.filter((x) => x.epoch > 0).every((x) => x.etaSeconds! >= 0 && x.loss !== null)).toBe(true);
    expect(p.at(-1)).toMatchObject({ state: 'storing', epoch: 6, validMrr: points[5].validMrr });
    expect(events.every((e) => e.unit === 'epochs' && e.total === 6)).toBe(true);

    expect(step).toMatchObject({ kind: 'model.train', title: "Train complex embedding model 'nations-ui'" });
    const out = step.output as { model: { name: string; metrics: Record<string, unknown>; curve: unknown[] }; test: { mrr: number; hitsAt10: number }; stoppedBy: string; split: string; runId: string };
    expect(out.runId).toBe(p[0].runId);
    expect(out.split).toBe('stored');
    expect(out.stoppedBy).toBe('epochs');
    expect(out.test.mrr).toBeGreaterThan(0.4);
    expect(out.test.hitsAt10).toBeGreaterThan(0.9);
    expect(out.model.curve).toHaveLength(6);
    expect(out.model.metrics).toMatchObject({ stopped_by: 'epochs', split: 'stored' });
    const listed = (await service.call('model.list', {})).find((m) => m.name === 'nations-ui')!;
    expect(listed).toMatchObject({ kind: 'complex', entityCount: 14, relationCount: 55 });
    expect(listed.settings.dim).toBe(32);
    expect((await service.call('session.get', { id: session.id })).timeline.map((s) => s.kind)).toEqual(['model.train']);
    // Training steps are not replayed by a re-run.
    expect(await service.call('session.rerun', { id: session.id })).toEqual([]);
  }, 120_000);

  it('leaves out the predicates it is asked to, records them with the model, and names an unknown one', async () => {
    const stats = await service.call('kg.stats', {});
    const left = stats.predicateCounts[0];
    const all = await service.call('model.train', { model: 'distmult', name: 'nations-all', settings: { dim: 16, epochs: 1, seed: 2 } });
    const r = await service.call('model.train', { model: 'distmult', name: 'nations-without', excludePredicates: [left.name], settings: { dim: 16, epochs: 1, seed: 2 } });
    const total = (t: { train: number; valid: number; test: number }) => t.train + t.valid + t.test;
    expect(left.count).toBeGreaterThan(0);
    expect(total(r.triples)).toBe(total(all.triples) - left.count);
    expect(r.model.metrics?.excluded_predicates).toEqual([left.name]);
    expect(all.model.metrics?.excluded_predicates).toBeUndefined();
    await expect(service.call('model.train', { model: 'distmult', excludePredicates: ['no-such-predicate'], settings: { dim: 16, epochs: 1 } })).rejects.toThrow(/no predicate "no-such-predicate" to exclude/);
  });

  it('pauses, resumes, and on cancel stores the parameters so far', async () => {
    const events: ProgressEvent[] = [];
    const abort = new AbortController();
    const running = service.call('model.train', { model: 'distmult', name: 'nations-cancelled', settings: { dim: 16, epochs: 100_000, evalEvery: 1000 } }, { onProgress: (e) => events.push(e), signal: abort.signal });
    const epochsSeen = () => states(events).at(-1)?.epoch ?? 0;
    await until(() => epochsSeen() >= 2);
    const runId = states(events)[0].runId;
    expect(await service.call('model.control', { runId, action: 'pause' })).toMatchObject({ runId, state: 'paused' });
    expect(states(events).at(-1)!.state).toBe('paused');
    await new Promise((r) => setTimeout(r, 300)); // epochs finished before the worker saw Pause may still arrive
    const atPause = epochsSeen();
    await new Promise((r) => setTimeout(r, 400));
    expect(epochsSeen()).toBeLessThanOrEqual(atPause + 1);
    expect(states(events).at(-1)!.state).toBe('paused');
    await service.call('model.control', { runId, action: 'resume' });
    await until(() => epochsSeen() >= atPause + 3);
    abort.abort();
    const r = await running;
    expect(r.stoppedBy).toBe('cancelled');
    expect(r.epochsRun).toBeGreaterThanOrEqual(atPause + 2);
    expect(r.epochsRun).toBeLessThan(100_000);
    expect(r.model.metrics).toMatchObject({ stopped_by: 'cancelled' });
    expect((await service.call('model.list', {})).map((m) => m.name)).toContain('nations-cancelled');
    await expect(service.call('model.control', { runId, action: 'resume' })).rejects.toThrow(/no training run/);
  }, 120_000);

  it('cancelled before its first epoch, stores nothing', async () => {
    const abort = new AbortController();
    const running = service.call('model.train', { name: 'never', settings: { epochs: 5 } }, { onProgress: () => abort.abort(), signal: abort.signal });
    await expect(running).rejects.toThrow(/cancelled/);
    expect((await service.call('model.list', {})).map((m) => m.name)).not.toContain('never');
    await expect(service.call('model.train', { settings: { dim: 0 } })).rejects.toThrow(/invalid input for model\.train: settings\.dim/);
    await expect(service.call('model.train', { model: 'complex', settings: { dim: 33 } })).rejects.toThrow(/even dim/);
  }, 60_000);
});

describe('model.review through the change log', () => {
  const tripleOf = (s: string, p: string, o: string) =>
    service.kg.db
      .prepare('SELECT t.confidence, t.derived, src.kind, src.name FROM triples t JOIN entities es ON es.id = t.s JOIN predicates pr ON pr.id = t.p JOIN entities eo ON eo.id = t.o LEFT JOIN sources src ON src.id = t.source_id WHERE es.key = ? AND pr.key = ? AND eo.key = ?')
      .get(s, p, o) as { confidence: number; derived: number; kind: string; name: string } | undefined;

  it('accept is undoable and redoable, with the same provenance; a forgotten rejection comes back on undo', async () => {
    const [first, second] = (await service.call('model.suggest', { model: 'nations-ui', relation: 'embassy', top: 2 })).suggestions;
    const a = { model: 'nations-ui', subject: first.subject, predicate: first.predicate, object: first.object };
    const review = await service.call('model.review', { ...a, accept: true });
    expect(review).toMatchObject({ accepted: true, changed: true });
    expect(review.changeId).toBeGreaterThan(0);
    const stored = tripleOf(a.subject, a.predicate, a.object)!;
    expect(stored).toMatchObject({ derived: 0, kind: 'model', name: 'nations-ui' });
    expect(stored.confidence).toBeCloseTo(review.probability, 6);
    expect((await service.call('edit.history', { limit: 1 }))[0]).toMatchObject({ id: review.changeId, kind: 'accept-prediction', undone: false });

    await service.call('edit.undo', {});
    expect(tripleOf(a.subject, a.predicate, a.object)).toBeUndefined();
    await service.call('edit.redo', {});
    expect(tripleOf(a.subject, a.predicate, a.object)).toEqual(stored);

    // Rejected first, accepted later: the rejection is forgotten, and Undo restores it.
    const b = { model: 'nations-ui', subject: second.subject, predicate: second.predicate, object: second.object };
    await service.call('model.review', { ...b, accept: false });
    const rejected = async () => (await service.call('model.predict', { model: 'nations-ui', head: b.subject, relation: b.predicate, top: 14 })).candidates.find((c) => c.entity === b.object)!.rejected;
    expect(await rejected()).toBe(true);
    await service.call('model.review', { ...b, accept: true });
    expect(await rejected()).toBe(false);
    expect(tripleOf(b.subject, b.predicate, b.object)).toBeDefined();
    await service.call('edit.undo', {});
    expect(tripleOf(b.subject, b.predicate, b.object)).toBeUndefined();
    expect(await rejected()).toBe(true);
  });
});

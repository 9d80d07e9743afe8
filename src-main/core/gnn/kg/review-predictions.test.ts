// GNN predictions in the app: accept (a fact with provenance "model", undoable) and reject (remembered, trained as a
// negative), progress and Cancel of gnn.classify, R-GCN and property targets, stored node embeddings, session steps.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBiomedKg } from '../../../../test-support/biomed-kg.js';
import { tempDir } from '../../../../test-support/paths.js';
import type { ProgressEvent } from '../../../contract/types.js';
import { RelataService } from '../../api/handlers.js';
import { demoFiles } from '../../demo.js';
import { classifyKg } from './classify-entities.js';
import { RDF_TYPE } from '../../../contract/vocabulary.js';

/** Demo entities whose type is taken away: the predictions to review (the demo's only untyped entities are its classes). */
const UNTYPED = ['cough', 'nausea', 'pneumonia', 'charlie', 'cupertino', 'beta_capital'];

describe('reviewing GNN predictions on the demo KG', () => {
  const tmp = tempDir('relata-gnn-review-');
  const path = join(tmp.dir, 'demo.sqlite');
  let service: RelataService;
  beforeAll(async () => {
    process.env.RELATA_HOME = tmp.dir;
    service = new RelataService(path);
    await service.call('kg.import', { files: demoFiles().map((p) => ({ path: p })) });
    const marks = UNTYPED.map(() => '?').join(', ');
    service.kg.db.prepare(`DELETE FROM triples WHERE s IN (SELECT id FROM entities WHERE key IN (${marks})) AND p = (SELECT id FROM predicates WHERE key = ?)`).run(...UNTYPED, RDF_TYPE);
    service.kg.db.prepare(`UPDATE entities SET type = NULL WHERE key IN (${marks})`).run(...UNTYPED);
  });
  /** Predictions for entities without a class that are not facts yet, most confident first. */
  const candidates = (r: { predictions: Array<{ labelled: boolean; known: boolean; confidence: number; key: string; predicted: string }> }) =>
    r.predictions.filter((p) => !p.labelled && !p.known).sort((a, b) => b.confidence - a.confidence);
  afterAll(() => {
    service.close();
    tmp.cleanup();
  });

  const db = () => service.kg.db;
  const typeTriple = (key: string, cls: string) =>
    db()
      .prepare(
        `SELECT t.confidence, t.props, s.kind, s.name, s.detail FROM triples t JOIN entities e ON e.id = t.s JOIN predicates p ON p.id = t.p
           JOIN entities o ON o.id = t.o LEFT JOIN sources s ON s.id = t.source_id WHERE e.key = ? AND p.key = ? AND o.key = ?`,
      )
      .get(key, RDF_TYPE, cls) as { confidence: number; props: string; kind: string; name: string; detail: string } | undefined;
  const typeOf = (key: string) => db().prepare('SELECT type FROM entities WHERE key = ?').pluck().get(key) as string | null;

  it('accept stores the predicted type with provenance "model"; undo removes it', async () => {
    await expect(service.call('gnn.review', { items: [{ key: 'alice', class: 'Person' }], accept: true })).rejects.toThrow(/run gnn.classify first/);
    const r = await service.call('gnn.classify', { target: 'type' });
    expect(r.predicate).toBe(RDF_TYPE);
    const p = candidates(r)[0];
    expect(UNTYPED).toContain(p.key);
    expect(typeTriple(p.key, p.predicted)).toBeUndefined();
    expect(typeOf(p.key)).toBeNull();

    const accepted = await service.call('gnn.review', { items: [{ key: p.key, class: p.predicted }], accept: true });
    expect(accepted.changed).toBe(1);
    expect(accepted.changeId).not.toBeNull();
    const t = typeTriple(p.key, p.predicted)!;
    expect(t.kind).toBe('model');
    expect(t.name).toContain('gcn');
    expect(JSON.parse(t.detail)).toMatchObject({ model: 'gcn', target: 'type', task: 'node-class' });
    expect(t.confidence).toBeCloseTo(p.confidence, 5);
    expect(JSON.parse(t.props).confidence).toBeCloseTo(p.confidence, 3);
    expect(typeOf(p.key)).toBe(p.predicted);
    const again = await service.call('gnn.review', { items: [{ key: p.key, class: p.predicted }], accept: true });
    expect(again.changed).toBe(0);

    const undone = await service.call('edit.undo', {});
    expect(undone?.changeId).toBe(accepted.changeId);
    expect(typeTriple(p.key, p.predicted)).toBeUndefined();
    expect(typeOf(p.key)).toBeNull();
    await service.call('edit.redo', {});
    expect(typeTriple(p.key, p.predicted)?.kind).toBe('model');
    await service.call('edit.undo', {});
  }, 60_000);

  it('a rejected class is remembered, trained as a negative and never predicted again', async () => {
    const before = classifyKg(service.kg, { target: 'type', seeds: 1 }).trained;
    const r = await service.call('gnn.classify', { target: 'type' });
    const p = candidates(r)[0];
    const node = before.data.nodeIds.indexOf(p.key);
    const k = before.data.classNames.indexOf(p.predicted);
    const c = before.data.numClasses;
    const pBefore = before.probabilities[node * c + k];

    const rejected = await service.call('gnn.review', { items: [{ key: p.key, class: p.predicted }], accept: false });
    expect(rejected.changed).toBe(1);
    const feedback = await service.call('feedback.list', {});
    expect(feedback.at(-1)).toMatchObject({ targetKind: 'prediction', rating: -1, target: { task: 'gnn.node-class', subject: p.key, class: p.predicted } });
    const labelled = r.predictions.find((x) => x.labelled)!;
    await expect(service.call('gnn.review', { items: [{ key: labelled.key, class: labelled.actual! }], accept: false })).rejects.toThrow(/is a fact/);

    // A fresh service (the KG reopened) reads the rejection from the KG file.
    const fresh = new RelataService(path, false);
    try {
      const next = await fresh.call('gnn.classify', { target: 'type' });
      expect(next.negatives).toBe(1);
      const q = next.predictions.find((x) => x.key === p.key)!;
      expect(q.predicted).not.toBe(p.predicted);
      expect(q.rejected).toEqual([p.predicted]);
      const after = classifyKg(fresh.kg, { target: 'type', seeds: 1 }).trained;
      expect(after.probabilities[node * c + k]).toBeLessThan(pBefore);
      // Accept-all never accepts a rejected class.
      const all = await fresh.call('gnn.acceptAbove', { minConfidence: 0 });
      expect(all.items.find((x) => x.key === p.key)?.class).not.toBe(p.predicted);
      await fresh.call('edit.undo', {});
    } finally {
      fresh.close();
    }
  }, 60_000);

  it('accept all above a confidence is one edit: one undo reverts every fact', async () => {
    const r = await service.call('gnn.classify', { target: 'type' });
    const threshold = candidates(r)[2].confidence;
    const expected = candidates(r).filter((p) => p.confidence >= threshold);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const modelTriples = () => db().prepare("SELECT count(*) FROM triples t JOIN sources s ON s.id = t.source_id WHERE s.kind = 'model'").pluck().get() as number;
    const before = modelTriples();
    const all = await service.call('gnn.acceptAbove', { minConfidence: threshold });
    expect(all.items.map((x) => `${x.key} ${x.class}`).sort()).toEqual(expected.map((p) => `${p.key} ${p.predicted}`).sort());
    expect(all.changed).toBe(expected.length);
    expect(modelTriples()).toBe(before + expected.length);
    for (const p of expected) expect(typeOf(p.key)).toBe(p.predicted);
    const history = await service.call('edit.history', { limit: 1 });
    expect(history[0].id).toBe(all.changeId);
    await service.call('edit.undo', {});
    expect(modelTriples()).toBe(before);
    for (const p of expected) expect(typeOf(p.key)).toBeNull();
  }, 60_000);

  it('R-GCN on a property target: accept writes (entity, property, value), entity or literal; explain scores each triple', async () => {
    const r = await service.call('gnn.classify', { target: 'prop:gender', model: 'rgcn' });
    expect(r.model).toBe('rgcn');
    expect(r.predicate).toBe('gender');
    expect(r.classes).toEqual(['female', 'male']);
    const p = candidates(r)[0];
    const acc = await service.call('gnn.review', { items: [{ key: p.key, class: p.predicted }], accept: true });
    const fact = db()
      .prepare(`SELECT s.kind, s.detail FROM triples t JOIN entities e ON e.id = t.s JOIN predicates pr ON pr.id = t.p JOIN entities o ON o.id = t.o
                  JOIN sources s ON s.id = t.source_id WHERE e.key = ? AND pr.key = 'gender' AND o.key = ?`)
      .get(p.key, p.predicted) as { kind: string; detail: string };
    expect(fact.kind).toBe('model');
    expect(JSON.parse(fact.detail)).toMatchObject({ model: 'rgcn', target: 'prop:gender' });
    expect(typeOf(p.key)).not.toBe(p.predicted); // a property, not a type
    const undone = await service.call('edit.undo', {});
    expect(undone?.changeId).toBe(acc.changeId);

    const e = await service.call('gnn.explain', { key: 'charlie' });
    const incident = db()
      .prepare(`SELECT count(*) FROM triples t JOIN predicates p ON p.id = t.p JOIN entities e ON e.key = 'charlie'
                 WHERE (t.s = e.id OR t.o = e.id) AND t.o > 0 AND t.s != t.o AND p.key NOT IN (?, 'gender')`)
      .pluck()
      .get(RDF_TYPE) as number;
    expect(e.edges.length).toBe(incident);
    for (let i = 1; i < e.edges.length; i++) expect(e.edges[i - 1].importance).toBeGreaterThanOrEqual(e.edges[i].importance);

    const years = await service.call('gnn.classify', { target: 'prop:birth_year', model: 'rgcn', epochs: 5 });
    const y = candidates(years)[0];
    await service.call('gnn.review', { items: [{ key: y.key, class: y.predicted }], accept: true });
    const literal = db()
      .prepare(`SELECT l.value, l.datatype FROM triples t JOIN entities e ON e.id = t.s JOIN predicates pr ON pr.id = t.p JOIN literals l ON l.id = -t.o
                 WHERE e.key = ? AND pr.key = 'birth_year'`)
      .get(y.key) as { value: string; datatype: string };
    expect(literal).toEqual({ value: y.predicted, datatype: 'http://www.w3.org/2001/XMLSchema#integer' });
    await service.call('edit.undo', {});
  }, 60_000);

  it('the hidden layer is stored: gnn.similar finds same-type entities more often than chance, also after reopening', async () => {
    await service.call('gnn.classify', { target: 'type' });
    const stored = await service.call('gnn.embeddings', {});
    expect(stored[0]).toMatchObject({ name: 'gcn:type', model: 'gcn', target: 'type', dim: 16 });
    const typed = db().prepare('SELECT key, type FROM entities WHERE type IS NOT NULL').raw().all() as Array<[string, string]>;
    const typeOfKey = new Map(typed);
    const count = new Map<string, number>();
    for (const [, t] of typed) count.set(t, (count.get(t) ?? 0) + 1);
    let same = 0, chance = 0;
    for (const [key, type] of typed) {
      const s = await service.call('gnn.similar', { entity: key, top: 6 });
      expect(s.neighbours[0].entity).toBe(key);
      const others = s.neighbours.slice(1);
      same += others.filter((n) => typeOfKey.get(n.entity) === type).length / others.length;
      chance += (count.get(type)! - 1) / (typed.length - 1);
    }
    expect(same / typed.length).toBeGreaterThan(chance / typed.length + 0.2);
    const before = await service.call('gnn.similar', { entity: 'fever', top: 5 });
    const fresh = new RelataService(path, false);
    try {
      expect(await fresh.call('gnn.similar', { entity: 'fever', top: 5, name: 'gcn:type' })).toEqual(before);
    } finally {
      fresh.close();
    }
  }, 60_000);

  it('gnn.classify is a step of a reasoning session', async () => {
    const session = await service.call('session.create', { name: 'gnn' });
    const step = await service.call('session.run', { sessionId: session.id, call: 'gnn.classify', input: { target: 'type', model: 'rgcn' } });
    expect(step.kind).toBe('gnn.classify');
    expect(step.title).toBe('Classify entities by type (R-GCN)');
    expect((step.output as { testAccuracy: number }).testAccuracy).toBeGreaterThan(0);
    const detail = await service.call('session.get', { id: session.id });
    expect(detail.timeline.map((s) => s.kind)).toEqual(['gnn.classify']);
  }, 60_000);
});

describe('gnn.classify progress and Cancel (biomed-mini)', () => {
  const tmp = tempDir('relata-gnn-progress-');
  let service: RelataService;
  beforeAll(() => {
    process.env.RELATA_HOME = tmp.dir;
    const path = join(tmp.dir, 'biomed.sqlite');
    buildBiomedKg(path);
    service = new RelataService(path, false);
  });
  afterAll(() => {
    service.close();
    tmp.cleanup();
  });

  it('reports progress while training, and Cancel stops it with nothing kept', async () => {
    const events: ProgressEvent[] = [];
    const r = await service.call('gnn.classify', { target: 'type', model: 'rgcn', seeds: 2, epochs: 20 }, { onProgress: (e) => events.push(e) });
    expect(r.seeds).toBe(2);
    expect(events.length).toBeGreaterThan(1);
    for (const e of events) expect(e).toMatchObject({ unit: 'items', total: 40 });
    for (let i = 1; i < events.length; i++) expect(events[i].done).toBeGreaterThan(events[i - 1].done);
    expect(events.some((e) => e.phase.includes('seed 2 of 2'))).toBe(true);

    const other = new RelataService(service.kg.path, false);
    try {
      const controller = new AbortController();
      const seen: ProgressEvent[] = [];
      const cancelled = other.call('gnn.classify', { target: 'type', model: 'rgcn', seeds: 3 }, {
        signal: controller.signal,
        onProgress: (e) => {
          seen.push(e);
          controller.abort();
        },
      });
      await expect(cancelled).rejects.toThrow(/cancelled/);
      expect(seen.length).toBe(1);
      expect(seen[0].done).toBeLessThan(seen[0].total!);
      await expect(other.call('gnn.review', { items: [{ key: 'x', class: 'y' }], accept: false })).rejects.toThrow(/run gnn.classify first/);
    } finally {
      other.close();
    }
    expect((await service.call('gnn.embeddings', {})).map((e) => e.name)).toEqual(['rgcn:type']);
  }, 60_000);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { RelataService } from './handlers.js';
import { REPO_ROOT, tempDir } from '../../../test-support/paths.js';

const tmp = tempDir();
let service: RelataService;
beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(join(tmp.dir, 'kg.sqlite'));
  await service.call('kg.import', { files: [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }] });
});
afterAll(() => {
  service.close();
  tmp.cleanup();
});

it('serves edits, undo/redo and paths through the contract, validating input', async () => {
  await service.call('entity.create', { key: 'marie_curie', label: 'Marie Curie', type: 'Person' });
  await service.call('triple.add', { subject: 'marie_curie', predicate: 'award', object: { key: 'nobel_prize_in_physics' } });
  const path = await service.call('graph.paths', { from: 'marie_curie', to: 'albert_einstein' });
  expect(path.hops).toBe(2);
  expect((await service.call('edit.history', {})).map((h) => h.kind)).toEqual(['add-triple', 'create-entity']);
  await service.call('edit.undo', {});
  expect((await service.call('graph.paths', { from: 'marie_curie', to: 'albert_einstein' })).hops).toBeNull();
  await service.call('edit.redo', {});
  expect((await service.call('graph.paths', { from: 'marie_curie', to: 'albert_einstein' })).hops).toBe(2);
  await expect(service.call('triple.add', { subject: 'marie_curie', predicate: 'x', object: {} })).rejects.toThrow(/invalid input for triple\.add: object/);
  await expect(service.call('entity.merge', { survivor: 'flu' })).rejects.toThrow(/invalid input for entity\.merge: duplicate/);
  expect((await service.call('kg.recent', {}))[0].path).toBe(join(tmp.dir, 'kg.sqlite'));
});

it('serves the rule engine: packs, queries with proofs, relate, typed rules', async () => {
  expect(await service.call('reason.packs', {})).toEqual(expect.arrayContaining(['kinship']));
  const relate = await service.call('reason.relate', { a: 'charlie', b: 'alice' });
  expect(relate.relations.map((r) => r.relation)).toContain('aunt');
  const q = await service.call('reason.query', { query: '?- aunt(charlie, A).', packs: ['kinship'], explain: true });
  expect(q.answers.map((a) => a.bindings.A)).toEqual(['alice']);
  expect(q.answers[0].proof).toBeTruthy();
  const typed = await service.call('reason.query', { query: '?- holding(X).', rules: 'holding(X) :- owns(X, _), not owned(X).\nowned(Y) :- owns(_, Y).' });
  expect(typed.answers.map((a) => a.bindings.X)).toEqual(['apex_holdings']);
  // With no rules or packs a query runs over the stored facts alone; an unknown predicate is a warning, not an error.
  const bare = await service.call('reason.query', { query: '?- x(A).' });
  expect(bare.answers).toEqual([]);
  expect(bare.warnings.join('\n')).toMatch(/unknown predicate x\/1/);
  const stored = await service.call('reason.query', { query: '?- born_in(albert_einstein, P).' });
  expect(stored.answers.map((a) => a.bindings.P)).toEqual(['ulm']);
  await expect(service.call('reason.query', { query: '?- x(A).', packs: ['../../etc/passwd'] })).rejects.toThrow(/no rule pack/);
});

it('accepts a model prediction as a user fact (undoable), and records the feedback', async () => {
  const kg = service.kg;
  const model = kg.db.prepare("INSERT INTO sources(kind, name, created_at) VALUES ('model', 'complex', '2026-01-01')").run().lastInsertRowid;
  const id = (k: string) => kg.db.prepare('SELECT id FROM entities WHERE key = ?').pluck().get(k) as number;
  const treats = kg.db.prepare("SELECT id FROM predicates WHERE key = 'treats'").pluck().get() as number;
  kg.db.prepare('INSERT INTO triples(s, p, o, confidence, derived, source_id) VALUES (?, ?, ?, 0.64, 1, ?)').run(id('paracetamol'), treats, id('migraine'), model);
  await service.call('triple.accept', { subject: 'paracetamol', predicate: 'treats', object: { key: 'migraine' } });
  const row = kg.db.prepare('SELECT t.derived, t.confidence, s.kind FROM triples t JOIN sources s ON s.id = t.source_id WHERE t.s = ? AND t.p = ? AND t.o = ?').get(id('paracetamol'), treats, id('migraine'));
  expect(row).toEqual({ derived: 0, confidence: 1, kind: 'user' });
  expect((await service.call('feedback.list', {})).at(-1)).toMatchObject({ targetKind: 'prediction', rating: 1 });
  await service.call('edit.undo', {});
  expect(kg.db.prepare('SELECT derived FROM triples WHERE s = ? AND p = ? AND o = ?').pluck().get(id('paracetamol'), treats, id('migraine'))).toBe(1);
  await service.call('triple.accept', { subject: 'ulm', predicate: 'twinned_with', object: { key: 'germany' } });
  expect((await service.call('entity.get', { key: 'ulm' }))!.outgoing.some((t) => t.predicate.key === 'twinned_with' && t.provenance?.kind === 'user')).toBe(true);
});

it('takes rule files as named text in order with packs, the query and materialise options of every face, and clear', async () => {
  const file = { name: 'holding.pl', text: 'holding(X) :- owns(X, _), not owned(X).\nowned(Y) :- owns(_, Y).' };
  const q = await service.call('reason.query', { query: '?- holding(X).', packs: [file], schemaRules: false, limit: null });
  expect(q.answers.map((a) => a.bindings.X)).toEqual(['apex_holdings']);
  const controls = { name: 'controls.pl', text: 'controls(X, Y) :- owns(X, Y).\ncontrols(X, Z) :- owns(X, Y), controls(Y, Z).' };
  const magic = await service.call('reason.query', { query: '?- controls(apex_holdings, C).', packs: [controls], magic: true, limit: 1 });
  expect(magic.stats.magic).toBe(true);
  expect(magic.count).toBe(1);
  await expect(service.call('reason.query', { query: '?- bad(X).', packs: [{ name: 'bad.pl', text: 'bad(X) :- not p(X).' }] })).rejects.toThrow(/^bad\.pl:line 1/);
  const m = await service.call('reason.materialize', { packs: ['kinship', file], name: 'mine' });
  expect(m).toMatchObject({ rule_set: 'mine', removed: 0 });
  expect(m.total_derived).toBeGreaterThan(0);
  await expect(service.call('reason.materialize', { clear: true, packs: ['kinship'], name: 'mine' })).rejects.toThrow(/clear takes a rule set name and no rules/);
  expect(await service.call('reason.materialize', { clear: true, name: 'mine' })).toMatchObject({ rule_set: 'mine', removed: m.total_derived, total_derived: 0 });
  const relate = await service.call('reason.relate', { a: 'charlie', b: 'alice', maxPaths: 1 });
  expect(relate.paths).toHaveLength(1);
});

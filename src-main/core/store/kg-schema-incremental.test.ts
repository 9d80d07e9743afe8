import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KgStore } from './kg-store.js';
import { importFiles } from '../import/import-files.js';
import { demoFiles } from '../demo.js';
import { KgEditor } from '../edit/kg-editor.js';
import { materializeRules } from '../reasoning/kg-reasoning.js';
import { computeKgSchema, kgSchemaAsync, kgSchemaCounts, type Freshness } from './kg-schema.js';
import { buildMark, buildSchemaCounts, installBuilt, readSchemaState, startRebuild } from './kg-schema-state.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';

const tmp = tempDir('relata-schema-incr-');
afterAll(() => tmp.cleanup());

/** After each step the kept counts, brought up to date from the change alone, equal the schema computed whole. */
function expectUpToDate(store: KgStore, step: string, fresh: Freshness = 'updated'): void {
  const got = kgSchemaCounts(store);
  expect(got.fresh, step).toBe(fresh);
  expect(got.schema, step).toEqual(computeKgSchema(store.db));
  // And nothing is left to apply: the next call reads the counts as kept.
  expect(kgSchemaCounts(store).fresh, step).toBe('cached');
}

function tripleId(store: KgStore, s: string, p: string, o: string): number {
  return store.db
    .prepare('SELECT t.id FROM triples t JOIN entities a ON a.id = t.s JOIN predicates p ON p.id = t.p JOIN entities b ON b.id = t.o WHERE a.key = ? AND p.key = ? AND b.key = ?')
    .pluck()
    .get(s, p, o) as number;
}

describe('schema counts kept up to date on a typed KG (the demo KG, then DBpedia triples)', () => {
  let store: KgStore;
  let editor: KgEditor;
  beforeAll(async () => {
    store = KgStore.open(join(tmp.dir, 'demo.sqlite'));
    await importFiles(store, demoFiles().map((path) => ({ path })));
    editor = new KgEditor(store);
  });
  afterAll(() => store.close());

  it('equals a full recomputation after every kind of write', async () => {
    const first = kgSchemaCounts(store);
    expect(first.fresh).toBe('computed');
    expect(first.schema).toEqual(computeKgSchema(store.db));
    expect(first.schema.types.find((t) => t.type === 'Person')?.count).toBe(15);

    await editor.addTriple({ subject: 'albert_einstein', predicate: 'located_in', object: { key: 'ulm' } });
    expectUpToDate(store, 'add a fact');
    await editor.deleteTriple(tripleId(store, 'albert_einstein', 'located_in', 'ulm'));
    expectUpToDate(store, 'delete a fact');

    // A type fact moves every edge of the entity between type pairs.
    await editor.addTriple({ subject: 'ulm', predicate: 'rdf:type', object: { key: 'Person' } });
    expectUpToDate(store, 'add a type fact');
    const typeFact = store.db.prepare("SELECT t.id FROM triples t JOIN entities s ON s.id = t.s WHERE s.key = 'ulm' AND t.o = (SELECT id FROM entities WHERE key = 'Person')").pluck().get() as number;
    await editor.deleteTriple(typeFact);
    expectUpToDate(store, 'remove the type fact');
    await editor.updateEntity({ key: 'germany', type: 'Place' });
    expectUpToDate(store, 'retype through the type column');
    await editor.createEntity({ key: 'measles', label: 'Measles', type: 'Disease' });
    await editor.addTriple({ subject: 'measles', predicate: 'presents', object: { key: 'fever' } });
    expectUpToDate(store, 'a new typed entity with a link');
    // Renaming a class entity renames the type of every entity typed by a triple to it.
    await editor.updateEntity({ key: 'Person', newKey: 'Human' });
    expectUpToDate(store, 'rename a type');
    await editor.deleteEntity('bob');
    expectUpToDate(store, 'delete an entity with its facts');

    await editor.undo();
    expectUpToDate(store, 'undo the deletion (rows put back under their old ids)');
    await editor.undo();
    expectUpToDate(store, 'undo the rename');
    await editor.redo();
    expectUpToDate(store, 'redo the rename');
    await editor.redo();
    expectUpToDate(store, 'redo the deletion');
    await editor.mergeEntities('alice', 'charlie');
    expectUpToDate(store, 'merge two entities');
    await editor.undo();
    expectUpToDate(store, 'undo the merge');

    await importFiles(store, [{ path: datasetPath('rdf-dbpedia-sample', 'sample-KG.nt') }]);
    expectUpToDate(store, 'import more triples');

    const rules = { name: 'schema-test.pl', text: 'relative(X, Y) :- father(X, Y).\nrelative(X, Y) :- mother(X, Y).\nrelative(X, Z) :- relative(X, Y), relative(Y, Z).' };
    const m = await materializeRules(store, [rules]);
    expect(m.total_derived).toBeGreaterThan(0);
    expectUpToDate(store, 'materialise derived facts');
    await editor.addTriple({ subject: 'frank', predicate: 'father', object: { key: 'albert_einstein' } });
    await materializeRules(store, [rules]);
    expectUpToDate(store, 'materialise again after an edit (derived facts replaced)');

    // Several changes at once, then one update.
    await editor.updateEntity({ key: 'ulm', type: 'Town' });
    await editor.addTriple({ subject: 'ulm', predicate: 'twinned_with', object: { key: 'germany' } });
    await editor.undo();
    await editor.deleteEntity('grace');
    expectUpToDate(store, 'several edits at once');
  });

  it('survives reopening the file, and a change made by another connection', async () => {
    store.close();
    store = KgStore.open(join(tmp.dir, 'demo.sqlite'), { mustExist: true });
    expect(kgSchemaCounts(store).fresh).toBe('cached');
    const other = KgStore.open(join(tmp.dir, 'demo.sqlite'), { mustExist: true });
    await new KgEditor(other).addTriple({ subject: 'ulm', predicate: 'rdf:type', object: { key: 'City' } });
    other.close();
    editor = new KgEditor(store);
    expectUpToDate(store, 'a type fact added by another connection');
  });

  it('stores only the latest of two overlapping builds (two processes computing the first schema)', async () => {
    const db = store.db;
    await store.write(() => {
      const first = startRebuild(db);
      const second = startRebuild(db);
      const mark = buildMark(db);
      buildSchemaCounts(db);
      expect(installBuilt(db, mark, first)).toBe(false);
      expect(readSchemaState(db)?.ready).toBe(false);
      buildSchemaCounts(db);
      expect(installBuilt(db, mark, second)).toBe(true);
    });
    expect(kgSchemaCounts(store).fresh).toBe('cached');
    expect(kgSchemaCounts(store).schema).toEqual(computeKgSchema(db));
  });

  it('builds and applies in a worker thread the same way (large KGs)', async () => {
    const built = await kgSchemaAsync(store, { refresh: true, worker: true });
    expect(built.cached).toBe(false);
    const { cached: _c, ms: _m, ...schema } = built;
    expect(schema).toEqual(computeKgSchema(store.db));
    await editor.addTriple({ subject: 'ulm', predicate: 'near', object: { key: 'albert_einstein' } });
    const applied = await kgSchemaAsync(store, { worker: true });
    expect(applied.cached).toBe(false);
    const { cached: _c2, ms: _m2, ...schema2 } = applied;
    expect(schema2).toEqual(computeKgSchema(store.db));
    expect((await kgSchemaAsync(store)).cached).toBe(true);
    expect(readSchemaState(store.db)?.ready).toBe(true);
  });
});

describe('cluster counts kept up to date on an untyped KG (Kinships)', () => {
  let store: KgStore;
  let editor: KgEditor;
  beforeAll(async () => {
    store = KgStore.open(join(tmp.dir, 'kinships.sqlite'));
    await importFiles(store, [{ path: datasetPath('kinships', 'train.txt') }]);
    editor = new KgEditor(store);
  });
  afterAll(() => store.close());

  it('equals a full recomputation after edits, undo/redo, an import and a materialisation', async () => {
    const first = kgSchemaCounts(store);
    expect(first.fresh).toBe('computed');
    expect(first.schema.clusters).not.toBeNull();
    expect(first.schema).toEqual(computeKgSchema(store.db));

    // Enough of one predicate to move person1 to its cluster.
    for (const o of ['person2', 'person3', 'person4', 'person5', 'person6', 'person7', 'person8', 'person9']) {
      await editor.addTriple({ subject: 'person1', predicate: 'term99', object: { key: o } });
    }
    expectUpToDate(store, 'add facts that change a cluster');
    await editor.deleteTriple(tripleId(store, 'person1', 'term99', 'person2'));
    expectUpToDate(store, 'delete a fact');
    await editor.undo();
    expectUpToDate(store, 'undo');
    await editor.redo();
    expectUpToDate(store, 'redo');
    await editor.createEntity({ key: 'Person' });
    await editor.addTriple({ subject: 'person1', predicate: 'rdf:type', object: { key: 'Person' } });
    expectUpToDate(store, 'a type fact (one typed entity, still clustered)');
    await editor.createEntity({ key: 'loner' });
    expectUpToDate(store, 'an entity with no triples');

    await importFiles(store, [{ path: datasetPath('kinships', 'valid.txt') }]);
    expectUpToDate(store, 'import more triples');
    const m = await materializeRules(store, [{ name: 'sym.pl', text: 'term0(X, Y) :- term0(Y, X).' }]);
    expect(m.total_derived).toBeGreaterThan(0);
    expectUpToDate(store, 'materialise derived facts');
    await materializeRules(store, [{ name: 'sym.pl', text: '' }]);
    expectUpToDate(store, 'materialise nothing (derived facts removed)');
  });

  it('switches from clusters to types when most entities get a type, and back', async () => {
    const keys = store.db.prepare('SELECT key FROM entities ORDER BY id').pluck().all() as string[];
    await store.write(() => {
      for (const k of keys.slice(0, Math.ceil(keys.length * 0.6))) store.db.prepare("UPDATE entities SET type = 'Person' WHERE key = ?").run(k);
    });
    const typed = kgSchemaCounts(store);
    expect(typed.schema.clusters).toBeNull();
    expect(typed.schema).toEqual(computeKgSchema(store.db));
    await store.write(() => store.db.prepare('UPDATE entities SET type = NULL').run());
    expectUpToDate(store, 'types removed again: clusters rebuilt');
    expect(kgSchemaCounts(store).schema.clusters).not.toBeNull();
  });
});

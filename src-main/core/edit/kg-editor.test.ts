import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { entityDetail, kgStats, searchEntities } from '../store/kg-queries.js';
import { importFiles } from '../import/import-files.js';
import { KgEditor } from './kg-editor.js';
import { tempDir } from '../../../test-support/paths.js';
import { demoFiles } from '../demo.js';

let tmp: ReturnType<typeof tempDir>;
let path: string;
let store: KgStore;
let editor: KgEditor;

/** Everything an edit can touch, to compare states exactly. */
function state(s: KgStore): string {
  return ['entities', 'triples', 'aliases'].map((t) => JSON.stringify(s.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all())).join('\n') +
    JSON.stringify(s.db.prepare('SELECT rowid, label, aliases, key FROM entity_fts ORDER BY rowid').all());
}

beforeEach(async () => {
  tmp = tempDir();
  path = join(tmp.dir, 'kg.sqlite');
  store = KgStore.open(path);
  await importFiles(store, demoFiles().map((p) => ({ path: p })));
  editor = new KgEditor(store);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

/** Reopens the file, as after a restart. */
function reopen(): void {
  store.close();
  store = KgStore.open(path, { mustExist: true });
  editor = new KgEditor(store);
}

const edits: Array<[string, (e: KgEditor) => Promise<unknown>]> = [
  ['create an entity', (e) => e.createEntity({ key: 'marie_curie', label: 'Marie Curie', type: 'Person', props: { born: 1867 } })],
  ['rename and retype an entity', (e) => e.updateEntity({ key: 'albert_einstein', label: 'A. Einstein', type: 'Physicist' })],
  ['edit properties', (e) => e.updateEntity({ key: 'ulm', props: { population: 126329 } })],
  ['delete an entity with its relations', (e) => e.deleteEntity('albert_einstein')],
  ['add a relation', (e) => e.addTriple({ subject: 'nikola_tesla', predicate: 'citizen_of', object: { key: 'united_states' } })],
  ['add a literal property', (e) => e.addTriple({ subject: 'ulm', predicate: 'population', object: { value: '126329', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } })],
  ['delete a relation', async (e) => e.deleteTriple(entityDetail(store, 'albert_einstein')!.outgoing.find((t) => t.predicate.key === 'born_in')!.id)],
  ['merge two entities', (e) => e.mergeEntities('flu', 'common_cold')],
];

describe('every edit kind is undoable and redoable, also after reopening the file', () => {
  for (const [name, edit] of edits) {
    it(name, async () => {
      const before = state(store);
      await edit(editor);
      const after = state(store);
      expect(after).not.toBe(before);
      reopen();
      expect(await editor.undo()).not.toBeNull();
      expect(state(store)).toBe(before);
      reopen();
      expect(await editor.redo()).not.toBeNull();
      expect(state(store)).toBe(after);
      expect(await editor.redo()).toBeNull();
    });
  }

  it('a new edit clears the redo stack; undo walks back through several edits', async () => {
    const s0 = state(store);
    await editor.createEntity({ key: 'x1' });
    const s1 = state(store);
    await editor.createEntity({ key: 'x2' });
    await editor.undo();
    expect(state(store)).toBe(s1);
    await editor.createEntity({ key: 'x3' });
    expect(await editor.redo()).toBeNull();
    await editor.undo();
    await editor.undo();
    expect(state(store)).toBe(s0);
    expect(editor.history().map((h) => h.undone)).toEqual([true, true]);
  });
});

describe('merge', () => {
  it('moves relations to the survivor, keeps the duplicate\'s names as aliases, and never duplicates a triple', async () => {
    const flu = entityDetail(store, 'flu')!;
    const cold = entityDetail(store, 'common_cold')!;
    const triplesBefore = kgStats(store).triples;
    await editor.mergeEntities('flu', 'common_cold');
    expect(entityDetail(store, 'common_cold')).toBeNull();
    const merged = entityDetail(store, 'flu')!;
    const symptoms = new Set(merged.outgoing.filter((t) => t.predicate.key === 'presents').map((t) => (t.object as { key: string }).key));
    for (const s of ['runny_nose', 'sneezing', 'fever', 'cough']) expect(symptoms.has(s)).toBe(true);
    expect(merged.aliases).toEqual(expect.arrayContaining(['Common cold', 'common_cold', 'cold']));
    // cough, sore throat and the rdf:type triple were shared; the cold's label triple stays as the flu's
    const shared = cold.outgoing.filter((t) => flu.outgoing.some((f) => f.predicate.key === t.predicate.key && JSON.stringify(f.object) === JSON.stringify(t.object))).length;
    expect(kgStats(store).triples).toBe(triplesBefore - shared);
    expect(searchEntities(store, 'cold').map((e) => e.key)).toContain('flu');
  });

  it('refuses bad requests with a clear message and changes nothing', async () => {
    const before = state(store);
    await expect(editor.mergeEntities('flu', 'flu')).rejects.toThrow(/itself/);
    await expect(editor.mergeEntities('flu', 'nope')).rejects.toThrow(/no entity with key "nope"/);
    await expect(editor.createEntity({ key: 'flu' })).rejects.toThrow(/already exists/);
    await expect(editor.addTriple({ subject: 'flu', predicate: 'presents', object: { key: 'fever' } })).rejects.toThrow(/already has/);
    expect(state(store)).toBe(before);
    expect(editor.history()).toEqual([]);
  });
});

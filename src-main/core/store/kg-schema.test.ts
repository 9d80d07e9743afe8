import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KgStore } from './kg-store.js';
import { importFiles } from '../import/import-files.js';
import { demoFiles } from '../demo.js';
import { KgEditor } from '../edit/kg-editor.js';
import { clusterLabel, computeKgSchema, kgSchema, kgSchemaAsync, NO_TRIPLES_CLUSTER, schemaEntities, schemaLinkTriples } from './kg-schema.js';
import { readSchemaState } from './kg-schema-state.js';
import { isTypePredicate, RDF_TYPE } from '../../contract/vocabulary.js';
import { tempDir } from '../../../test-support/paths.js';

const tmp = tempDir('relata-schema-');
afterAll(() => tmp.cleanup());

/** The demo KG's triples and entity types read with plain SQL, counted in JS: the expected schema, independently. */
function expectedSchema(store: KgStore) {
  const entities = store.db.prepare('SELECT id, key, type FROM entities').all() as Array<{ id: number; key: string; type: string | null }>;
  const triples = store.db
    .prepare('SELECT t.s, p.key AS p, t.o, e.key AS okey FROM triples t JOIN predicates p ON p.id = t.p LEFT JOIN entities e ON e.id = t.o')
    .all() as Array<{ s: number; p: string; o: number; okey: string | null }>;
  const typesOf = new Map<number, Set<string>>();
  const add = (id: number, t: string) => typesOf.set(id, (typesOf.get(id) ?? new Set()).add(t));
  for (const e of entities) if (e.type) add(e.id, e.type);
  const classIds = new Set<number>();
  for (const t of triples) {
    if (isTypePredicate(t.p) && t.okey) {
      add(t.s, t.okey);
      classIds.add(t.o);
    }
  }
  const typeCounts = new Map<string, number>();
  for (const ts of typesOf.values()) for (const t of ts) typeCounts.set(t, (typeCounts.get(t) ?? 0) + 1);
  const linkCounts = new Map<string, number>();
  for (const t of triples) {
    if (isTypePredicate(t.p) || t.o < 0) continue;
    for (const a of typesOf.get(t.s) ?? []) for (const b of typesOf.get(t.o) ?? []) linkCounts.set(`${a}|${t.p}|${b}`, (linkCounts.get(`${a}|${t.p}|${b}`) ?? 0) + 1);
  }
  const typeNames = new Set(typeCounts.keys());
  const untyped = entities.filter((e) => !typesOf.has(e.id) && !classIds.has(e.id) && !typeNames.has(e.key)).length;
  return { typeCounts, linkCounts, untyped };
}

describe('schema of the demo KG', () => {
  let store: KgStore;
  beforeAll(async () => {
    store = KgStore.open(join(tmp.dir, 'demo.sqlite'));
    await importFiles(store, demoFiles().map((path) => ({ path })));
  });
  afterAll(() => store.close());

  it('counts types (type column + rdf:type), type → type links by predicate and untyped entities exactly', () => {
    const want = expectedSchema(store);
    const got = computeKgSchema(store.db);
    expect(new Map(got.types.map((t) => [t.type, t.count]))).toEqual(want.typeCounts);
    expect(new Map(got.links.map((l) => [`${l.from_type}|${l.predicate}|${l.to_type}`, l.count]))).toEqual(want.linkCounts);
    expect(got.untyped).toBe(want.untyped);
    // The demo's numbers, as a reader of demo-kg.ttl / medical-findings.csv counts them.
    expect(got.types.length).toBe(11);
    expect(got.types.find((t) => t.type === 'Person')?.count).toBe(15);
    expect(got.links.find((l) => l.from_type === 'Disease' && l.predicate === 'presents' && l.to_type === 'Symptom')?.count).toBe(29);
    expect(got.links.some((l) => l.predicate === RDF_TYPE)).toBe(false);
    expect(got.clusters).toBeNull();
    // Sorted by count, most frequent first.
    expect(got.types.map((t) => t.count)).toEqual([...got.types.map((t) => t.count)].sort((a, b) => b - a));
  });

  it('keeps the schema counts in the KG file and updates them after an edit', async () => {
    const first = kgSchema(store, { refresh: true });
    expect(first.cached).toBe(false);
    expect(readSchemaState(store.db)?.ready).toBe(true);
    const again = kgSchema(store);
    expect(again.cached).toBe(true);
    expect(again.types).toEqual(first.types);
    expect(again.links).toEqual(first.links);
    // A new typed entity and a link: counts change, the cache is not used.
    const editor = new KgEditor(store);
    await editor.createEntity({ key: 'measles', label: 'Measles', type: 'Disease' });
    await editor.addTriple({ subject: 'measles', predicate: 'presents', object: { key: 'fever' } });
    const after = kgSchema(store);
    expect(after.cached).toBe(false);
    expect(after.types.find((t) => t.type === 'Disease')?.count).toBe(first.types.find((t) => t.type === 'Disease')!.count + 1);
    expect(after.links.find((l) => l.from_type === 'Disease' && l.predicate === 'presents' && l.to_type === 'Symptom')?.count).toBe(30);
    // Retyping only (no triple changes) is seen too, and so is undoing it.
    await editor.updateEntity({ key: 'measles', type: 'Symptom' });
    expect(kgSchema(store).types.find((t) => t.type === 'Disease')?.count).toBe(first.types.find((t) => t.type === 'Disease')!.count);
    await editor.undo();
    const undone = kgSchema(store);
    expect(undone.cached).toBe(false);
    expect(undone.types.find((t) => t.type === 'Disease')?.count).toBe(first.types.find((t) => t.type === 'Disease')!.count + 1);
    // Reopening the file reads the cache.
    store.close();
    store = KgStore.open(join(tmp.dir, 'demo.sqlite'), { mustExist: true });
    const reopened = kgSchema(store);
    expect(reopened.cached).toBe(true);
    expect(reopened.types).toEqual(undone.types);
  });

  it('computes the same schema in a worker thread (large KGs), and caches it', async () => {
    const inWorker = await kgSchemaAsync(store, { refresh: true, worker: true });
    expect(inWorker.cached).toBe(false);
    const here = computeKgSchema(store.db);
    expect(inWorker.types).toEqual(here.types);
    expect(inWorker.links).toEqual(here.links);
    expect(inWorker.untyped).toBe(here.untyped);
    expect((await kgSchemaAsync(store)).cached).toBe(true);
  });

  it('pages the entities of a type and lists example triples of a link', () => {
    const persons = store.db.prepare("SELECT count(*) FROM entities WHERE type = 'Person'").pluck().get() as number;
    const page1 = schemaEntities(store, { type: 'Person', limit: 10 });
    const page2 = schemaEntities(store, { type: 'Person', offset: 10, limit: 10 });
    expect(page1.total).toBe(persons);
    expect(page1.entities).toHaveLength(10);
    expect(page2.entities).toHaveLength(persons - 10);
    expect(new Set([...page1.entities, ...page2.entities].map((e) => e.key)).size).toBe(persons);
    const einstein = schemaEntities(store, { type: 'Person', text: 'einst' });
    expect(einstein.entities.map((e) => e.key)).toEqual(['albert_einstein']);
    const triples = schemaLinkTriples(store, { from_type: 'Disease', predicate: 'presents', to_type: 'Symptom', limit: 5 });
    expect(triples).toHaveLength(5);
    for (const t of triples) {
      expect(t.predicate).toBe('presents');
      expect(store.db.prepare('SELECT type FROM entities WHERE key = ?').pluck().get(t.subject.key)).toBe('Disease');
      expect(store.db.prepare('SELECT type FROM entities WHERE key = ?').pluck().get(t.object.key)).toBe('Symptom');
    }
  });
});

describe('schema of an untyped KG: clusters by predicate', () => {
  let store: KgStore;
  beforeAll(async () => {
    const file = join(tmp.dir, 'untyped.tsv');
    // a, b: mostly "acted_in" (→ acted_in); f1, f2: mostly "genre" (→ genre); drama, comedy: only objects of genre (← genre);
    // c: one "acted_in", one "born_in": a tie, the smaller key wins (→ acted_in); paris: only an object (← born_in).
    writeFileSync(
      file,
      ['a\tacted_in\tf1', 'a\tacted_in\tf2', 'a\tknows\tb', 'b\tacted_in\tf1', 'f1\tgenre\tdrama', 'f1\tgenre\tcomedy', 'f2\tgenre\tdrama', 'c\tborn_in\tparis', 'c\tacted_in\tf2'].join('\n') + '\n',
    );
    store = KgStore.open(join(tmp.dir, 'untyped.sqlite'));
    await importFiles(store, [{ path: file }]);
    store.db.prepare("INSERT INTO entities(key) VALUES ('loner')").run();
  });
  afterAll(() => store.close());

  it('has no types, every entity untyped, and clusters with exact counts and links', () => {
    const s = kgSchema(store);
    expect(s.types).toEqual([]);
    expect(s.links).toEqual([]);
    expect(s.untyped).toBe(9);
    expect(s.entities).toBe(9);
    const clusters = new Map(s.clusters!.types.map((t) => [t.type, t.count]));
    expect(clusters).toEqual(new Map([['→ acted_in', 3], ['→ genre', 2], ['← genre', 2], ['← born_in', 1], [NO_TRIPLES_CLUSTER, 1]]));
    const links = new Map(s.clusters!.links.map((l) => [`${l.from_type}|${l.predicate}|${l.to_type}`, l.count]));
    expect(links).toEqual(
      new Map([
        ['→ acted_in|acted_in|→ genre', 4],
        ['→ acted_in|knows|→ acted_in', 1],
        ['→ acted_in|born_in|← born_in', 1],
        ['→ genre|genre|← genre', 3],
      ]),
    );
    expect(s.clusters!.links_total).toBe(4);
    const actors = schemaEntities(store, { type: '→ acted_in', cluster: true });
    expect(actors.entities.map((e) => e.key)).toEqual(['a', 'b', 'c']);
    expect(schemaEntities(store, { type: '← genre', cluster: true }).entities.map((e) => e.key)).toEqual(['comedy', 'drama']);
    expect(schemaEntities(store, { type: NO_TRIPLES_CLUSTER, cluster: true }).entities.map((e) => e.key)).toEqual(['loner']);
    const ex = schemaLinkTriples(store, { from_type: '→ acted_in', predicate: 'acted_in', to_type: '→ genre', cluster: true });
    expect(ex.map((t) => `${t.subject.key}>${t.object.key}`)).toEqual(['a>f1', 'a>f2', 'b>f1', 'c>f2']);
  });

  it('names Freebase-style clusters by the subject type and property', () => {
    expect(clusterLabel('→ /film/film/genre')).toBe('film · genre');
    expect(clusterLabel('← /film/film/genre')).toBe('← genre');
    expect(clusterLabel('→ /award/award_nominee/award_nominations./award/award_nomination/award')).toBe('award_nominee · award');
    expect(clusterLabel('→ acted_in')).toBe('→ acted_in');
    expect(clusterLabel(NO_TRIPLES_CLUSTER)).toBe(NO_TRIPLES_CLUSTER);
  });
});

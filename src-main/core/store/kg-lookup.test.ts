import { beforeAll, describe, expect, it } from 'vitest';
import { KgStore } from './kg-store.js';
import { importFiles } from '../import/import-files.js';
import { demoFiles } from '../demo.js';
import {
  degreeOf, entitiesByAlias, entitiesByIds, entitiesByLabel, entityById, entityByKey, entityIdByKey, entityIdsByKeys,
  entityKeysByIds, literalsByValue, literalValuesByIds, predicateIdByKey, predicateIdsByKeys, resolveEntity, triplesByPattern,
} from './kg-lookup.js';

let store: KgStore;
beforeAll(async () => {
  store = KgStore.open(':memory:');
  await importFiles(store, demoFiles().map((path) => ({ path })));
});

describe('the KG query layer', () => {
  it('finds entities by key, label and alias, ignoring case for names', () => {
    const bob = entityByKey(store.db, 'bob')!;
    expect(bob).toMatchObject({ key: 'bob', label: 'Bob', type: expect.stringContaining('Person') });
    expect(entityIdByKey(store.db, 'bob')).toBe(bob.id);
    expect(entityById(store.db, bob.id)).toEqual(bob);
    expect(entityByKey(store.db, 'Bob')).toBeUndefined();
    expect(entitiesByLabel(store.db, 'influenza').map((e) => e.key)).toEqual(['flu']);
    expect(entitiesByAlias(store.db, 'TAMIFLU').map((e) => e.key)).toEqual(['oseltamivir']);
  });

  it('resolves a name: key, then label, then alias, then (asked) key spelling and full-text search', () => {
    expect(resolveEntity(store.db, 'flu')).toMatchObject({ via: 'key', entities: [{ key: 'flu' }] });
    expect(resolveEntity(store.db, ' Influenza ')).toMatchObject({ via: 'label', entities: [{ key: 'flu' }] });
    expect(resolveEntity(store.db, 'einstein')).toMatchObject({ via: 'alias', entities: [{ key: 'albert_einstein' }] });
    expect(resolveEntity(store.db, 'Albert_Einstein')).toBeNull();
    expect(resolveEntity(store.db, 'Albert_Einstein', { search: true })).toMatchObject({ via: 'key', entities: [{ key: 'albert_einstein' }] });
    expect(resolveEntity(store.db, 'nobel prize phys', { search: true })).toMatchObject({ via: 'search', entities: [{ key: 'nobel_prize_in_physics' }] });
    expect(resolveEntity(store.db, 'no such thing', { search: true })).toBeNull();
  });

  it('returns every entity a name matches at its level, for the caller to choose', () => {
    const kg = KgStore.open(':memory:');
    kg.db.exec("INSERT INTO entities(key, label) VALUES ('paris_fr', 'Paris'), ('paris_tx', 'paris'), ('paris_hilton', 'Paris Hilton')");
    kg.db.exec("INSERT INTO aliases(entity_id, alias) SELECT id, 'City of Light' FROM entities WHERE key = 'paris_fr'");
    expect(resolveEntity(kg.db, 'PARIS')).toMatchObject({ via: 'label', entities: [{ key: 'paris_fr' }, { key: 'paris_tx' }] });
    expect(resolveEntity(kg.db, 'PARIS', { limit: 1 })?.entities).toHaveLength(1);
    expect(resolveEntity(kg.db, 'city of light')).toMatchObject({ via: 'alias', entities: [{ key: 'paris_fr' }] });
    kg.close();
  });

  it('maps ids and keys in bulk', () => {
    const keys = ['alice', 'bob', 'no_such_key'];
    const ids = entityIdsByKeys(store.db, keys);
    expect([...ids.keys()].sort()).toEqual(['alice', 'bob']);
    const back = entityKeysByIds(store.db, [...ids.values(), 999_999]);
    expect([...back.values()].sort()).toEqual(['alice', 'bob']);
    expect(entitiesByIds(store.db, [ids.get('alice')!]).get(ids.get('alice')!)?.label).toBe('Alice');
    const many = Array.from({ length: 1200 }, (_, i) => i + 1);
    expect(entityKeysByIds(store.db, many).size).toBe(store.db.prepare('SELECT count(*) FROM entities WHERE id <= 1200').pluck().get());
  });

  it('finds literals and predicates', () => {
    const [year] = literalsByValue(store.db, '1879');
    expect(literalValuesByIds(store.db, [year.id]).get(year.id)).toBe('1879');
    const father = predicateIdByKey(store.db, 'father')!;
    expect(father).toBeGreaterThan(0);
    expect(predicateIdsByKeys(store.db, ['no_such_predicate', 'father'])).toEqual([father]);
  });

  it('reads triples by pattern, by ids or keys, with limit and offset', () => {
    const bobsFathers = triplesByPattern(store.db, { s: 'bob', p: 'father' });
    expect(bobsFathers).toHaveLength(1);
    expect(bobsFathers[0].o).toBe(entityIdByKey(store.db, 'frank'));
    const franksChildren = triplesByPattern(store.db, { p: predicateIdByKey(store.db, 'father')!, o: entityIdByKey(store.db, 'frank')! });
    expect(franksChildren.map((t) => t.s).sort()).toEqual([entityIdByKey(store.db, 'alice'), entityIdByKey(store.db, 'bob')].sort());
    expect(triplesByPattern(store.db, { s: 'nobody' })).toEqual([]);
    const all = triplesByPattern(store.db, { s: 'bob' });
    expect(triplesByPattern(store.db, { s: 'bob', limit: 2, offset: 1 })).toEqual(all.slice(1, 3));
    expect(degreeOf(store.db, entityIdByKey(store.db, 'bob')!)).toBe(all.length + triplesByPattern(store.db, { o: 'bob' }).length);
  });
});

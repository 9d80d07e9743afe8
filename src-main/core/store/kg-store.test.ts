import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore } from './kg-store.js';
import { SCHEMA_VERSION } from './schema.js';
import { TripleWriter } from './triple-writer.js';
import { kgStats, searchEntities } from './kg-queries.js';
import { neighbourhoodSlice, overviewSlice } from './graph-slices.js';
import { tempDir } from '../../../test-support/paths.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

describe('KG file', () => {
  it('is a WAL SQLite file at the current schema version, and reopens with its data', async () => {
    const path = join(tmp.dir, 'kg.sqlite');
    const store = KgStore.open(path);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    await store.write(() => {
      const w = new TripleWriter(store, { kind: 'user', name: 'test' });
      w.add(w.entity('alice', 'Alice', 'Person'), w.predicate('knows'), w.entity('bob'));
      w.finish();
    });
    store.close();
    const again = KgStore.open(path, { mustExist: true });
    expect(kgStats(again)).toMatchObject({ entities: 2, triples: 1, predicates: 1 });
    expect(searchEntities(again, 'ali').map((e) => e.key)).toEqual(['alice']);
    again.close();
  });

  it('refuses files it cannot read correctly', () => {
    const newer = join(tmp.dir, 'newer.sqlite');
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => KgStore.open(newer)).toThrow(/newer Relata/);
    const other = join(tmp.dir, 'other.sqlite');
    const db2 = new Database(other);
    db2.exec('CREATE TABLE x(y)');
    db2.close();
    expect(() => KgStore.open(other)).toThrow(/not a Relata KG/);
    const text = join(tmp.dir, 'text.sqlite');
    writeFileSync(text, 'hello, this is not a database at all, just some text that is long enough');
    expect(() => KgStore.open(text)).toThrow(/not a Relata KG file|cannot open/);
    expect(() => KgStore.open(join(tmp.dir, 'missing.sqlite'), { mustExist: true })).toThrow(/no such KG file/);
  });

  it('serialises writers and rolls back a failed one whole', async () => {
    const store = KgStore.open(':memory:');
    const failing = store.write(async () => {
      const w = new TripleWriter(store, { kind: 'user', name: 'a' });
      w.add(w.entity('x'), w.predicate('p'), w.entity('y'));
      await new Promise((r) => setTimeout(r, 10));
      throw new Error('boom');
    });
    const ok = store.write(() => {
      const w = new TripleWriter(store, { kind: 'user', name: 'b' });
      w.add(w.entity('u'), w.predicate('p'), w.entity('v'));
    });
    await expect(failing).rejects.toThrow('boom');
    await ok;
    expect(store.db.prepare('SELECT key FROM entities ORDER BY key').pluck().all()).toEqual(['u', 'v']);
    store.close();
  });
});

describe('bounded graph slices', () => {
  it('never returns more nodes than asked and says when it trimmed', async () => {
    const store = KgStore.open(':memory:');
    await store.write(() => {
      const w = new TripleWriter(store, { kind: 'user', name: 'gen' });
      const p = w.predicate('linked');
      for (let i = 0; i < 300; i++) w.add(w.entity(`n${i}`), p, w.entity(`n${(i * 7 + 1) % 300}`));
      w.add(w.entity('hub'), p, w.entity('n1'));
      for (let i = 0; i < 50; i++) w.add(w.entity('hub'), p, w.entity(`n${i + 100}`));
      w.finish();
    });
    const overview = overviewSlice(store, 20);
    expect(overview.nodes).toHaveLength(20);
    expect(overview.truncated).toBe(true);
    expect(overview.nodes.map((n) => n.key)).toContain('hub');
    for (const e of overview.edges) {
      expect(overview.nodes.some((n) => n.id === e.source)).toBe(true);
      expect(overview.nodes.some((n) => n.id === e.target)).toBe(true);
    }
    const around = neighbourhoodSlice(store, 'hub', 1, 1000);
    expect(around.nodes).toHaveLength(52);
    expect(around.truncated).toBe(false);
    expect(neighbourhoodSlice(store, 'hub', 2, 30).nodes.length).toBeLessThanOrEqual(30);
    store.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, openSync, ftruncateSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { kgStats, searchEntities, entityDetail } from '../store/kg-queries.js';
import { importFiles } from './import-files.js';
import { datasetPath, fixturePath, tempDir } from '../../../test-support/paths.js';

let tmp: ReturnType<typeof tempDir>;
let store: KgStore;

beforeEach(() => {
  tmp = tempDir();
  store = KgStore.open(join(tmp.dir, 'kg.sqlite'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

/** Everything stored, as a comparable snapshot: used to prove a failed import changed nothing. */
function snapshot(s: KgStore): string {
  const rows = ['entities', 'predicates', 'literals', 'triples', 'sources', 'aliases'].map((t) =>
    JSON.stringify(s.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()),
  );
  rows.push(JSON.stringify(s.db.prepare('SELECT rowid, label, key FROM entity_fts ORDER BY rowid').all()));
  return rows.join('\n');
}

describe('benchmark folders', () => {
  it('imports Kinships as one KG whose triples carry their split', async () => {
    const results = await importFiles(store, [{ path: datasetPath('kinships') }]);
    expect(results.map((r) => r.added)).toEqual([8544, 1068, 1074]);
    const stats = kgStats(store);
    expect(stats.entities).toBe(104);
    expect(stats.predicates).toBe(25);
    expect(stats.splits).toEqual({ train: 8544, valid: 1068, test: 1074 });
  });

  it('imports FB15k-237 with its published counts', async () => {
    await importFiles(store, [{ path: datasetPath('fb15k-237') }]);
    const stats = kgStats(store);
    expect(stats.entities).toBe(14541);
    expect(stats.predicates).toBe(237);
    expect(stats.splits).toEqual({ train: 272115, valid: 17535, test: 20466 });
  });

  it('imports WN18RR, labelling its synsets from entity_names.tsv (a commented header with a note in parentheses)', async () => {
    const s = KgStore.open(':memory:');
    try {
      await importFiles(s, [{ path: datasetPath('wn18rr') }]);
      expect(kgStats(s).splits).toEqual({ train: 86835, valid: 3034, test: 3134 });
      const names = readFileSync(datasetPath('wn18rr', 'entity_names.tsv'), 'utf8').split('\n').find((l) => l.startsWith('00001930\t'))!;
      const label = s.db.prepare("SELECT label FROM entities WHERE key = '00001930'").pluck().get() as string;
      expect(names.split('\t')[1]).toContain(label);
    } finally {
      s.close();
    }
  });
});

describe('RDF', () => {
  it('reads schema.org as Turtle, N-Triples and JSON-LD into the same 17,949 triples', async () => {
    const triplesOf = async (file: string): Promise<Set<string>> => {
      const s = KgStore.open(':memory:');
      try {
        await importFiles(s, [{ path: datasetPath('rdf-schemaorg', file) }]);
        expect(kgStats(s).triples).toBe(17949);
        const rows = s.db
          .prepare(`SELECT se.key || ' ' || p.key || ' ' || coalesce(oe.key, '"' || l.value || '"^^' || l.datatype || '@' || l.lang) AS t
                    FROM triples t JOIN entities se ON se.id = t.s JOIN predicates p ON p.id = t.p
                    LEFT JOIN entities oe ON oe.id = t.o LEFT JOIN literals l ON l.id = -t.o`)
          .pluck()
          .all() as string[];
        return new Set(rows);
      } finally {
        s.close();
      }
    };
    const ttl = await triplesOf('schemaorg-current-https.ttl');
    const nt = await triplesOf('schemaorg-current-https.nt');
    const jsonld = await triplesOf('schemaorg-current-https.jsonld');
    expect(ttl.size).toBe(17949);
    expect([...ttl].every((t) => nt.has(t))).toBe(true);
    expect([...ttl].every((t) => jsonld.has(t))).toBe(true);
  });

  it('keeps IRIs, takes labels from rdfs:label and types from rdf:type', async () => {
    await importFiles(store, [{ path: datasetPath('rdf-schemaorg', 'schemaorg-current-https.ttl') }]);
    const person = entityDetail(store, 'https://schema.org/Person');
    expect(person?.label).toBe('Person');
    expect(person?.type).toBe('http://www.w3.org/2000/01/rdf-schema#Class');
    const hits = searchEntities(store, 'Person');
    expect(hits.some((h) => h.key === 'https://schema.org/Person')).toBe(true);
  });

  it('reads the DBpedia sample as N-Triples and Turtle', async () => {
    await importFiles(store, [{ path: datasetPath('rdf-dbpedia-sample', 'sample-KG.nt') }]);
    expect(kgStats(store).triples).toBe(705);
  });
});

describe('delimited files', () => {
  it('de-duplicates triples and reads N-Triples-style literals in TSV', async () => {
    const [r] = await importFiles(store, [{ path: fixturePath('good', 'small.tsv') }]);
    expect(r).toMatchObject({ read: 4, added: 3, duplicates: 1 });
    const alice = entityDetail(store, 'alice')!;
    const age = alice.outgoing.find((t) => t.predicate.key === 'age')!;
    expect(age.object).toEqual({ kind: 'literal', value: '34', datatype: 'http://www.w3.org/2001/XMLSchema#integer', lang: '' });
    expect(age.provenance).toEqual({ kind: 'file', source: 'small.tsv', line: 3 });
  });

  it('maps CSV columns and keeps the extra columns as triple properties', async () => {
    await importFiles(store, [{ path: fixturePath('good', 'edges.csv') }], {
      mapping: { subject: 'source', predicate: 'relation', object: 'target', confidence: 'weight' },
    });
    const bob = entityDetail(store, 'bob')!;
    expect(bob.outgoing).toHaveLength(1);
    expect(bob.outgoing[0].confidence).toBe(0.9);
    const props = store.db.prepare('SELECT props FROM triples WHERE id = ?').pluck().get(bob.outgoing[0].id) as string;
    expect(JSON.parse(props)).toEqual({ since: '2020' });
  });
});

describe('bad input leaves the KG exactly as it was', () => {
  const cases: Array<[string, RegExp]> = [
    ['truncated.ttl', /truncated\.ttl:\d+: /],
    ['bad-iri.nt', /bad-iri\.nt:2: /],
    ['wrong-columns.tsv', /wrong-columns\.tsv:2: expected 3 tab-separated columns, found 2/],
    ['unknown-prefix.ttl', /unknown-prefix\.ttl:3: Undefined prefix "foaf:"/],
    ['invalid-utf8.tsv', /invalid-utf8\.tsv:2: invalid UTF-8/],
    ['empty.tsv', /empty\.tsv: no triples found/],
  ];

  for (const [file, message] of cases) {
    it(`${file}: clear error, nothing stored`, async () => {
      await importFiles(store, [{ path: fixturePath('good', 'small.tsv') }]);
      const before = snapshot(store);
      await expect(importFiles(store, [{ path: fixturePath('bad', file) }])).rejects.toThrow(message);
      expect(snapshot(store)).toBe(before);
    });
  }

  it('a 1 GB line is refused without reading it into memory', async () => {
    const big = join(tmp.dir, 'one-line.tsv');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 1024 * 1024 * 1024); // sparse: a 1 GiB line of NUL bytes with no newline
    closeSync(fd);
    const before = snapshot(store);
    const heapBefore = process.memoryUsage().rss;
    await expect(importFiles(store, [{ path: big }])).rejects.toThrow(/one-line\.tsv:1: line longer than 16 MiB/);
    expect(process.memoryUsage().rss - heapBefore).toBeLessThan(512 * 1024 * 1024);
    expect(snapshot(store)).toBe(before);
  });

  it('a bad second file rolls back the first one too', async () => {
    const before = snapshot(store);
    await expect(importFiles(store, [{ path: fixturePath('good', 'small.tsv') }, { path: fixturePath('bad', 'wrong-columns.tsv') }])).rejects.toThrow(
      /wrong-columns/,
    );
    expect(snapshot(store)).toBe(before);
  });

  it('--skip-bad skips and reports every bad line', async () => {
    const [r] = await importFiles(store, [{ path: fixturePath('bad', 'wrong-columns.tsv') }], { skipBad: true });
    expect(r.added).toBe(2);
    expect(r.skipped).toEqual([{ file: fixturePath('bad', 'wrong-columns.tsv'), line: 2, message: 'expected 3 tab-separated columns, found 2' }]);
    const [nt] = await importFiles(store, [{ path: fixturePath('bad', 'bad-iri.nt') }], { skipBad: true });
    expect(nt.added).toBe(1);
    expect(nt.skipped.map((s) => s.line)).toEqual([2]);
  });

  it('cancel rolls everything back', async () => {
    const before = snapshot(store);
    const controller = new AbortController();
    const run = importFiles(store, [{ path: datasetPath('fb15k-237') }], {}, {
      signal: controller.signal,
      onProgress: (e) => {
        if (e.done > 2_000_000) controller.abort();
      },
    });
    await expect(run).rejects.toThrow(/cancelled/);
    expect(snapshot(store)).toBe(before);
  });

  it('a copied file with a wrong extension names the problem', async () => {
    const odd = join(tmp.dir, 'triples.xyz');
    copyFileSync(fixturePath('good', 'small.tsv'), odd);
    await expect(importFiles(store, [{ path: odd }])).rejects.toThrow(/cannot tell the format/);
    writeFileSync(join(tmp.dir, 'x.ttl'), '');
    await expect(importFiles(store, [{ path: join(tmp.dir, 'x.ttl') }])).rejects.toThrow(/x\.ttl: no triples found/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetPath, fixturePath } from '../../../test-support/paths.js';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from './import-files.js';
import { parseTsvTriples, readTsvTriples } from './tsv-triples.js';

/** The entity-to-entity triples `relata import` stores from a file, as sorted `s p o` lines. */
async function importedTriples(file: string): Promise<string[]> {
  const store = KgStore.open(':memory:');
  try {
    await importFiles(store, [{ path: file }]);
    const rows = store.db
      .prepare('SELECT s.key AS s, p.key AS p, o.key AS o FROM triples t JOIN entities s ON s.id = t.s JOIN predicates p ON p.id = t.p JOIN entities o ON o.id = t.o')
      .all() as Array<{ s: string; p: string; o: string }>;
    return rows.map((r) => `${r.s} ${r.p} ${r.o}`).sort();
  } finally {
    store.close();
  }
}

const asLines = (triples: ReadonlyArray<readonly string[]>): string[] => triples.map((t) => t.join(' ')).sort();
const dataLines = (file: string): number => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).length;

describe('the TSV triple reader', () => {
  it('reads the shared benchmark and dataset files whole', () => {
    for (const file of [datasetPath('kinships', 'train.txt'), datasetPath('wn18rr', 'test.txt'), datasetPath('fb15k-237', 'valid.txt'), datasetPath('biomed-mini', 'triples.tsv')]) {
      const triples = readTsvTriples(file);
      expect(triples.length, file).toBe(dataLines(file));
      expect(triples.every((t) => t.length === 3 && t.every((k) => k !== '' && k === k.trim()))).toBe(true);
    }
    // biomed-mini's fourth column (the source) is not part of the triple.
    expect(readTsvTriples(datasetPath('biomed-mini', 'triples.tsv'))[0]).toEqual(['Compound::DB00014', 'treats', 'Disease::DOID:10283']);
  });

  it('takes exactly the triples relata import takes, from real data and from a file with BOM, CRLF, a commented header, blank lines and padding', async () => {
    for (const file of [datasetPath('biomed-mini', 'triples.tsv'), fixturePath('good', 'tolerant-triples.tsv')]) {
      expect(asLines(readTsvTriples(file)), file).toEqual(await importedTriples(file));
    }
    expect(readTsvTriples(fixturePath('good', 'tolerant-triples.tsv'))).toEqual([
      ['alice', 'knows', 'bob'],
      ['bob', 'knows', 'carol'],
      ['carol', 'works_at', 'acme'],
    ]);
  });

  it('reads columns by a header row, and ignores trailing tabs', () => {
    expect(parseTsvTriples('tail\trelation\thead\nb\tknows\ta\n', 'x.tsv')).toEqual([['a', 'knows', 'b']]);
    expect(parseTsvTriples('a\tknows\tb\t\n\nc\tknows\td\t\t\n', 'x.tsv')).toEqual([['a', 'knows', 'b'], ['c', 'knows', 'd']]);
  });

  it('fails on a bad line with FILE:LINE and the importer\'s words', async () => {
    const wrong = fixturePath('bad', 'wrong-columns.tsv');
    expect(() => readTsvTriples(wrong)).toThrow(`${wrong}:2: expected 3 tab-separated columns, found 2`);
    await expect(importedTriples(wrong)).rejects.toThrow(`${wrong}:2: expected 3 tab-separated columns, found 2`);
    const empty = fixturePath('bad', 'empty-relation.tsv');
    expect(() => readTsvTriples(empty)).toThrow(`${empty}:3: empty predicate`);
    await expect(importedTriples(empty)).rejects.toThrow(`${empty}:3: empty predicate`);
  });
});

import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { readTextChunks } from './text-chunks.js';
import { tsvRecords } from './tsv-records.js';
import { datasetPath, fixturePath } from '../../../test-support/paths.js';

async function viaCsvParse(file: string): Promise<Array<[number, string[]]>> {
  const out: Array<[number, string[]]> = [];
  const parser = createReadStream(file).pipe(
    parse({ delimiter: '\t', quote: false, relax_column_count: true, skip_empty_lines: true, comment: '#', comment_no_infix: true, info: true, bom: true }),
  );
  for await (const { record, info } of parser) out.push([info.lines, record]);
  return out;
}

async function viaTsvRecords(file: string): Promise<Array<[number, string[]]>> {
  const out: Array<[number, string[]]> = [];
  for await (const batch of tsvRecords(readTextChunks(file))) for (const r of batch) out.push([r.line, r.record]);
  return out;
}

describe('tsvRecords gives the same records and line numbers as csv-parse', () => {
  const files = [
    datasetPath('fb15k-237', 'train.txt'),
    datasetPath('wn18rr', 'test.txt'),
    datasetPath('biomed-mini', 'triples.tsv'),
    datasetPath('cora', 'cora.edges.tsv'),
    fixturePath('bad', 'wrong-columns.tsv'),
    fixturePath('good', 'small.tsv'),
  ];
  for (const file of files) {
    it(file.split('/').slice(-2).join('/'), async () => {
      const ours = await viaTsvRecords(file);
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(await viaCsvParse(file));
    });
  }
});

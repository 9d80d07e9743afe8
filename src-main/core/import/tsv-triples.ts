// The one reader of tab-separated triple files for the dataset loaders (embeddings, GNN link prediction, rules,
// benchmarks): the same line rules as `relata import` (tsv-records.ts) and the same header handling (header-row.ts), so
// a file the importer takes as triples is a file `train --dataset` takes too.
import { readFileSync } from 'node:fs';
import { columnNamed, commentedHeader, looksLikeHeader, OBJECT_COLUMNS, PREDICATE_COLUMNS, SUBJECT_COLUMNS } from './header-row.js';
import { ImportError } from './import-error.js';
import { tsvRecordsOf } from './tsv-records.js';

/** head, relation, tail: keys as written, trimmed. */
export type TsvTriple = readonly [string, string, string];

/**
 * Triples from tab-separated text: `head<TAB>relation<TAB>tail`, or the columns a header row (plain or `#`-commented)
 * names; further columns (a source, a trailing tab) are ignored, cells are trimmed. A line without the three cells
 * fails as an ImportError, `SOURCE:LINE: problem`.
 */
export function parseTsvTriples(text: string, source: string): TsvTriple[] {
  const records = tsvRecordsOf(text);
  const firstLine = text.replace(/^\uFEFF/, '').split('\n', 64).find((l) => l.trim() !== '');
  let header = firstLine === undefined ? null : commentedHeader(firstLine, '\t');
  if (!header && records.length && looksLikeHeader(records[0].record)) header = records.shift()!.record;
  const [s, p, o] = header
    ? [columnNamed(header, SUBJECT_COLUMNS) ?? 0, columnNamed(header, PREDICATE_COLUMNS) ?? 1, columnNamed(header, OBJECT_COLUMNS) ?? 2]
    : [0, 1, 2];
  const width = Math.max(s, p, o) + 1;
  const out: TsvTriple[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const { record, line } = records[i];
    if (record.length < width) throw new ImportError(source, line, `expected ${width} tab-separated columns, found ${record.length}`);
    const triple = [record[s].trim(), record[p].trim(), record[o].trim()] as const;
    const empty = triple.indexOf('');
    if (empty >= 0) throw new ImportError(source, line, `empty ${['subject', 'predicate', 'object'][empty]}`);
    out[i] = triple;
  }
  return out;
}

/** The triples of a whole tab-separated file (see parseTsvTriples); errors name the file and line. */
export function readTsvTriples(path: string): TsvTriple[] {
  return parseTsvTriples(readFileSync(path, 'utf8'), path);
}

import { parse } from 'csv-parse';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { ImportContext } from './import-context.js';
import { reportBadLine } from './import-context.js';
import { ImportError } from './import-error.js';
import { throwIfCancelled } from '../run/cancelled-error.js';
import { readTextChunks } from './text-chunks.js';
import { parseNTriplesLiteral } from './literal-syntax.js';
import { tsvRecords, type DelimitedRecord } from './tsv-records.js';
import { columnNamed, commentedHeader, looksLikeHeader, OBJECT_COLUMNS, PREDICATE_COLUMNS, SUBJECT_COLUMNS } from './header-row.js';
import { BadKeyError } from '../store/triple-writer.js';

const ENTITY_ID_COLUMNS = ['id', 'entity_id', 'entity', 'key'];
const TRIPLE_COLUMNS = [...PREDICATE_COLUMNS, ...OBJECT_COLUMNS];

/** A header written as a comment on the file's first non-blank line still names the columns. */
function fileCommentedHeader(file: string, delimiter: string): string[] | null {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const first = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split('\n').find((l) => l.trim() !== '');
    return first === undefined ? null : commentedHeader(first, delimiter);
  } finally {
    closeSync(fd);
  }
}

/** An entity table (id, name/label, type, more columns) rather than triples: rows describe entities. */
function isEntityTable(header: string[] | null): boolean {
  if (!header) return false;
  const names = header.map((h) => h.trim().toLowerCase());
  return names.some((n) => ENTITY_ID_COLUMNS.includes(n)) && !names.some((n) => TRIPLE_COLUMNS.includes(n));
}

function importEntityRow(ctx: ImportContext, header: string[], record: string[], line: number): boolean {
  const names = header.map((h) => h.trim().toLowerCase());
  const col = (...wanted: string[]): number => names.findIndex((n) => wanted.includes(n));
  const key = record[col(...ENTITY_ID_COLUMNS)]?.trim();
  if (!key) {
    reportBadLine(ctx, line, 'empty entity id');
    return false;
  }
  const labelAt = col('label', 'name');
  const typeAt = col('type');
  const aliasAt = col('alias', 'aliases');
  const { writer } = ctx;
  if (ctx.options.labelsOnly && !writer.hasEntity(key)) return false;
  const id = writer.entity(key, null, typeAt >= 0 ? record[typeAt] || null : null);
  const props: Record<string, string> = {};
  if (labelAt >= 0 && record[labelAt]) {
    // "lemma, gloss" dumps (WN18RR): the short name is the label, the rest a description.
    const name = record[labelAt];
    const cut = name.length > 80 ? name.indexOf(', ') : -1;
    writer.setLabel(id, cut > 0 ? name.slice(0, cut) : name, 10);
    if (cut > 0) props.description = name.slice(cut + 2);
  }
  if (aliasAt >= 0) for (const a of (record[aliasAt] ?? '').split(';').map((x) => x.trim()).filter(Boolean)) writer.addAlias(id, a);
  header.forEach((h, i) => {
    if (![labelAt, typeAt, aliasAt, col(...ENTITY_ID_COLUMNS)].includes(i) && record[i]) props[h] = record[i];
  });
  if (Object.keys(props).length) writer.mergeProps(id, props);
  return true;
}

/**
 * The line where a CSV file's last quoted field opens, when the file ends inside it (csv-parse names only the end).
 * Read on the error path only, and only for files small enough to hold.
 */
function unclosedQuoteLine(file: string): number | null {
  if (statSync(file).size > 256 * 1024 * 1024) return null;
  const text = readFileSync(file, 'utf8');
  let line = 1;
  let openedAt: number | null = null;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (openedAt !== null) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else openedAt = null;
      } else if (c === '\n') line++;
      continue;
    }
    if (c === '"' && fieldStart) openedAt = line;
    if (c === '\n') line++;
    fieldStart = c === ',' || c === '\n' || c === '\r';
  }
  return openedAt;
}

/** A carriage return inside a record means CR-only (old Mac) or mixed line endings: said so, as the likely cause. */
function lineEndingHint(record: string[]): string {
  return record.some((cell) => cell.includes('\r')) ? ' (a carriage return inside the line: CR-only or mixed line endings? save the file with LF or CRLF line endings)' : '';
}

interface ResolvedColumns {
  subject: number;
  predicate: number | null;
  object: number;
  confidence: number | null;
  properties: Array<{ index: number; name: string }>;
}

function resolveColumns(ctx: ImportContext, header: string[] | null, width: number): ResolvedColumns {
  const mapping = ctx.options.mapping ?? {};
  const find = (col: string | number | undefined, fallback: number | null, role: string): number | null => {
    if (col === undefined) return fallback;
    if (typeof col === 'number' || /^\d+$/.test(col)) return Number(col);
    if (!header) throw new ImportError(ctx.displayName, 1, `column "${col}" for ${role} needs a header row`);
    const at = header.findIndex((h) => h.trim() === col);
    if (at < 0) throw new ImportError(ctx.displayName, 1, `no column named "${col}" (for ${role}); header has: ${header.join(', ')}`);
    return at;
  };
  const byName = (names: readonly string[]): number | null => (header ? columnNamed(header, names) : null);
  const subject = find(mapping.subject, byName(SUBJECT_COLUMNS) ?? 0, 'the subject')!;
  const predicate = mapping.constantPredicate
    ? null
    : find(mapping.predicate, byName(PREDICATE_COLUMNS) ?? 1, 'the predicate');
  const object = find(mapping.object, byName(OBJECT_COLUMNS) ?? (mapping.constantPredicate ? 1 : 2), 'the object')!;
  const confidence = find(mapping.confidence, byName(['confidence']), 'the confidence');
  const used = new Set([subject, predicate, object, confidence].filter((c): c is number => c !== null));
  let properties: Array<{ index: number; name: string }> = [];
  if (mapping.properties) {
    properties = mapping.properties.map((col) => {
      const index = find(col, null, 'a property')!;
      return { index, name: header?.[index] ?? `column${index + 1}` };
    });
  } else if (header) {
    for (let i = 0; i < width; i++) if (!used.has(i)) properties.push({ index: i, name: header[i] });
  }
  for (const [role, index] of Object.entries({ subject, predicate, object })) {
    if (index !== null && index >= width) {
      throw new ImportError(ctx.displayName, 1, `the ${role} column (${index + 1}) is beyond the ${width} columns of the file`);
    }
  }
  return { subject, predicate, object, confidence, properties };
}

/** CSV through csv-parse (quoting, embedded delimiters and newlines), with each record's line number, in batches. */
async function* csvRecords(chunks: AsyncIterable<string>, maxRecordBytes: number): AsyncGenerator<DelimitedRecord[]> {
  const parser = parse({
    delimiter: ',',
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    comment: '#',
    comment_no_infix: true,
    max_record_size: maxRecordBytes,
    bom: true,
  });
  const feed = (async () => {
    for await (const chunk of chunks) {
      if (!parser.write(chunk)) await once(parser, 'drain');
    }
    parser.end();
  })().catch((err) => parser.destroy(err));
  let batch: DelimitedRecord[] = [];
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    batch.push({ record, line: info.lines });
    if (batch.length >= 1024) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
  await feed;
}

/**
 * TSV and CSV triples (`head<TAB>relation<TAB>tail` by default, or any column mapping) and entity tables: TSV through
 * our own splitter (tsv-records.ts), CSV through csv-parse.
 */
export async function importDelimited(ctx: ImportContext, delimiter: '\t' | ','): Promise<number> {
  const { writer, options } = ctx;
  const chunks = readTextChunks(ctx.file, {
    maxLineBytes: options.maxLineBytes,
    signal: ctx.signal,
    onBytes: (done, total) => ctx.progress({ phase: `importing ${ctx.displayName}`, done, total, unit: 'bytes' }),
  });
  // TSV files in the wild (benchmark folders) use quotes as plain characters, so TSV needs no CSV parser.
  const batches = delimiter === '\t' ? tsvRecords(chunks) : csvRecords(chunks, options.maxLineBytes ?? 16 * 1024 * 1024);
  let width = 0;

  let columns: ResolvedColumns | null = null;
  // A benchmark's names file without a header is `id<TAB>name`.
  let header: string[] | null = options.header === false ? null : (fileCommentedHeader(ctx.file, delimiter) ?? (options.labelsOnly ? ['id', 'name'] : null));
  let entityTable = false;
  if (header) {
    width = header.length;
    entityTable = isEntityTable(header);
    if (!entityTable) columns = resolveColumns(ctx, header, width);
  }
  let read = 0;
  const constantPredicate = options.mapping?.constantPredicate ? writer.predicate(options.mapping.constantPredicate) : null;
  try {
    for await (const batch of batches) for (const { record, line } of batch) {
      if (columns === null && !entityTable) {
        const isHeader = options.header ?? looksLikeHeader(record);
        width = record.length;
        if (isHeader) header = record;
        entityTable = isEntityTable(header);
        if (!entityTable) columns = resolveColumns(ctx, header, width);
        if (isHeader) continue;
      }
      if (record.length !== width) {
        reportBadLine(ctx, line, `expected ${width} ${delimiter === '\t' ? 'tab' : 'comma'}-separated columns, found ${record.length}${lineEndingHint(record)}`);
        continue;
      }
      // A byte-order mark starting a later line: files joined with `cat`; it would become part of the first key.
      if (record[0].charCodeAt(0) === 0xfeff && line > 1) {
        reportBadLine(ctx, line, 'byte-order mark (U+FEFF) at the start of the line: two files joined together? remove it');
        continue;
      }
      if (entityTable) {
        if (importEntityRow(ctx, header!, record, line)) read++;
        continue;
      }
      if (!columns) continue;
      const s = record[columns.subject].trim();
      const p = columns.predicate === null ? null : record[columns.predicate].trim();
      const o = record[columns.object].trim();
      if (!s || p === '' || !o) {
        reportBadLine(ctx, line, `empty ${!s ? 'subject' : p === '' ? 'predicate' : 'object'}`);
        continue;
      }
      let confidence = 1;
      if (columns.confidence !== null) {
        confidence = Number(record[columns.confidence]);
        if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
          reportBadLine(ctx, line, `confidence "${record[columns.confidence]}" is not a number between 0 and 1`);
          continue;
        }
      }
      let props: Record<string, string> | null = null;
      for (const { index, name } of columns.properties) {
        if (record[index] !== undefined && record[index] !== '') (props ??= {})[name] = record[index];
      }
      const literal = parseNTriplesLiteral(o);
      let subjectId: number, predicateId: number, objectCode: number;
      try {
        objectCode = literal ? writer.literal(literal.value, literal.datatype, literal.lang) : writer.entity(o);
        subjectId = writer.entity(s);
        predicateId = constantPredicate ?? writer.predicate(p!);
      } catch (err) {
        if (!(err instanceof BadKeyError)) throw err;
        reportBadLine(ctx, line, err.message + lineEndingHint(record));
        continue;
      }
      writer.add(subjectId, predicateId, objectCode, {
        line,
        confidence,
        split: options.split ?? null,
        props,
      });
      read++;
      if ((read & 0x3fff) === 0) throwIfCancelled(ctx.signal);
    }
  } catch (err) {
    if (err instanceof ImportError || (err as Error).name === 'CancelledError') throw err;
    const e = err as Error & { code?: string; lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new ImportError(ctx.displayName, unclosedQuoteLine(ctx.file) ?? e.lines ?? null, 'a quoted field opened on this line is never closed (the file ends inside the quotes)');
    }
    throw new ImportError(ctx.displayName, e.lines ?? null, e.message.replace(/^Invalid Record Length: /, ''));
  }
  if (read === 0 && ctx.skipped.length === 0) throw new ImportError(ctx.displayName, null, 'no triples found (empty file?)');
  return read;
}

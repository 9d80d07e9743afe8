import { parse, type Options as CsvOptions } from 'csv-parse';
import { once } from 'node:events';
import type { ImportContext } from './import-context.js';
import { reportBadLine } from './import-context.js';
import { ImportError, throwIfCancelled } from './import-error.js';
import { readTextChunks } from './text-chunks.js';
import { parseNTriplesLiteral } from './literal-syntax.js';

const HEADER_NAMES = new Set([
  'head', 'relation', 'tail', 'subject', 'predicate', 'object', 'source', 'target', 'from', 'to',
  'h', 'r', 't', 's', 'p', 'o', 'rel', 'edge', 'label', 'type', 'confidence', 'weight', 'start', 'end',
]);

interface ResolvedColumns {
  subject: number;
  predicate: number | null;
  object: number;
  confidence: number | null;
  properties: Array<{ index: number; name: string }>;
}

function looksLikeHeader(row: string[]): boolean {
  return row.filter((cell) => HEADER_NAMES.has(cell.trim().toLowerCase())).length >= 2;
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
  const byName = (...names: string[]): number | null => {
    if (!header) return null;
    const at = header.findIndex((h) => names.includes(h.trim().toLowerCase()));
    return at < 0 ? null : at;
  };
  const subject = find(mapping.subject, byName('subject', 'head', 'source', 'from', 's', 'h') ?? 0, 'the subject')!;
  const predicate = mapping.constantPredicate
    ? null
    : find(mapping.predicate, byName('predicate', 'relation', 'rel', 'p', 'r') ?? 1, 'the predicate');
  const object = find(mapping.object, byName('object', 'tail', 'target', 'to', 'o', 't') ?? (mapping.constantPredicate ? 1 : 2), 'the object')!;
  const confidence = find(mapping.confidence, byName('confidence'), 'the confidence');
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

/** TSV and CSV triples through csv-parse: `head<TAB>relation<TAB>tail` by default, or any column mapping. */
export async function importDelimited(ctx: ImportContext, delimiter: '\t' | ','): Promise<number> {
  const { writer, options } = ctx;
  const csvOptions: CsvOptions = {
    delimiter,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    comment: '#',
    comment_no_infix: true,
    max_record_size: options.maxLineBytes ?? 16 * 1024 * 1024,
    // TSV files in the wild (benchmark folders) use quotes as plain characters.
    quote: delimiter === ',' ? '"' : false,
    bom: true,
  };
  const parser = parse(csvOptions);
  const feed = (async () => {
    for await (const chunk of readTextChunks(ctx.file, {
      maxLineBytes: options.maxLineBytes,
      signal: ctx.signal,
      onBytes: (done, total) => ctx.progress({ phase: `importing ${ctx.displayName}`, done, total, unit: 'bytes' }),
    })) {
      if (!parser.write(chunk)) await once(parser, 'drain');
    }
    parser.end();
  })().catch((err) => parser.destroy(err));

  let columns: ResolvedColumns | null = null;
  let header: string[] | null = null;
  let width = 0;
  let read = 0;
  const constantPredicate = options.mapping?.constantPredicate ? writer.predicate(options.mapping.constantPredicate) : null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (columns === null) {
        const isHeader = options.header ?? looksLikeHeader(record);
        width = record.length;
        if (isHeader) header = record;
        columns = resolveColumns(ctx, header, width);
        if (isHeader) continue;
      }
      if (record.length !== width) {
        reportBadLine(ctx, line, `expected ${width} ${delimiter === '\t' ? 'tab' : 'comma'}-separated columns, found ${record.length}`);
        continue;
      }
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
      const objectCode = literal ? writer.literal(literal.value, literal.datatype, literal.lang) : writer.entity(o);
      writer.add(writer.entity(s), constantPredicate ?? writer.predicate(p!), objectCode, {
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
    throw new ImportError(ctx.displayName, e.lines ?? null, e.message.replace(/^Invalid Record Length: /, ''));
  }
  await feed;
  if (read === 0 && ctx.skipped.length === 0) throw new ImportError(ctx.displayName, null, 'no triples found (empty file?)');
  return read;
}

import { Parser, type Quad, type Term } from 'n3';
import type { ImportContext } from './import-context.js';
import { reportBadLine } from './import-context.js';
import { ImportError } from './import-error.js';
import { throwIfCancelled } from '../run/cancelled-error.js';
import { readTextChunks } from './text-chunks.js';
import { keyFromIri } from '../store/names.js';
import { RDF_TYPE } from '../../contract/vocabulary.js';

export type RdfSyntax = 'N-Triples' | 'N-Quads' | 'Turtle' | 'TriG';

const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
/** Label predicates and their priority: a preferred label beats a plain one. */
const LABEL_PRIORITY: Record<string, number> = {
  'http://www.w3.org/2004/02/skos/core#prefLabel': 3,
  'http://www.w3.org/2000/01/rdf-schema#label': 2,
};
const ALIAS_PREDICATES = new Set(['http://www.w3.org/2004/02/skos/core#altLabel']);

/** The problem part of an n3 error ("Unexpected x on line 3." → "Unexpected x"), and its line. */
function splitN3Error(err: Error & { context?: { line?: number } }): { line: number | null; problem: string } {
  const m = /^(.*?)(?: on line (\d+))?\.?$/s.exec(err.message);
  const line = err.context?.line ?? (m?.[2] ? Number(m[2]) : null);
  return { line, problem: (m?.[1] ?? err.message).trim() };
}

function termKey(term: Term): string {
  return term.termType === 'BlankNode' ? `_:${term.value}` : keyFromIri(term.value);
}

/** Streams RDF through n3's parser into the writer; quads' graph names are kept as a triple property. */
export async function importRdf(ctx: ImportContext, syntax: RdfSyntax, text?: AsyncIterable<string>): Promise<number> {
  const { writer } = ctx;
  if (ctx.options.skipBad && (syntax === 'N-Triples' || syntax === 'N-Quads') && !text) return importRdfLinesSkippingBad(ctx, syntax);
  const parser = new Parser({ format: syntax, blankNodePrefix: `b${writer.sourceId}_` });
  const lexer = (parser as unknown as { _lexer: { _line: number } })._lexer;
  let read = 0;
  let failure: Error | null = null;

  const onQuad = (quad: Quad): void => {
    addQuad(ctx, quad, lexer?._line);
    read++;
  };


  let onData: ((chunk: string) => void) | undefined;
  let onEnd: (() => void) | undefined;
  parser.parse(
    {
      on: (event: string, callback: (arg?: unknown) => void) => {
        if (event === 'data') onData = callback as (chunk: string) => void;
        if (event === 'end') onEnd = callback as () => void;
      },
    } as unknown as string,
    {
      onQuad: (error: Error | null, quad: Quad) => {
        if (failure) return;
        if (error) failure = error;
        else if (quad) onQuad(quad);
      },
    } as never,
  );

  const chunks =
    text ??
    readTextChunks(ctx.file, {
      maxLineBytes: ctx.options.maxLineBytes,
      signal: ctx.signal,
      onBytes: (done, total) => ctx.progress({ phase: `importing ${ctx.displayName}`, done, total, unit: 'bytes' }),
    });
  const fail = (err: Error): never => {
    const { line, problem } = splitN3Error(err as Error & { context?: { line?: number } });
    throw new ImportError(ctx.displayName, line, problem);
  };
  for await (const chunk of chunks) {
    onData!(chunk);
    if (failure) fail(failure);
    throwIfCancelled(ctx.signal);
  }
  onEnd!();
  if (failure) fail(failure);
  if (read === 0) throw new ImportError(ctx.displayName, null, 'no triples found (empty file?)');
  return read;
}

/** One parsed quad into the writer: labels, aliases and types mapped as every RDF import maps them. */
export function addQuad(ctx: ImportContext, quad: Quad, line: number | undefined): void {
  const { writer } = ctx;
  const s = writer.entity(termKey(quad.subject));
  const predicateIri = quad.predicate.value;
  const p = writer.predicate(keyFromIri(predicateIri));
  let o: number;
  if (quad.object.termType === 'Literal') {
    const lang = quad.object.language;
    const dt = quad.object.datatype.value;
    o = writer.literal(quad.object.value, dt === XSD_STRING || dt === RDF_LANG_STRING ? '' : dt, lang);
    const priority = LABEL_PRIORITY[predicateIri];
    if (priority) writer.setLabel(s, quad.object.value, priority * 2 + (lang === '' || lang.startsWith('en') ? 1 : 0));
    if (ALIAS_PREDICATES.has(predicateIri)) writer.addAlias(s, quad.object.value);
  } else {
    const objectKey = termKey(quad.object);
    o = writer.entity(objectKey);
    if (predicateIri === RDF_TYPE) writer.setType(s, objectKey);
  }
  const graph = quad.graph.termType === 'DefaultGraph' ? null : { graph: termKey(quad.graph) };
  writer.add(s, p, o, { line, split: ctx.options.split ?? null, props: graph });
}

/** --skip-bad for N-Triples/N-Quads: each line is parsed on its own so that one bad line costs only itself. */
async function importRdfLinesSkippingBad(ctx: ImportContext, syntax: RdfSyntax): Promise<number> {
  let read = 0;
  let line = 0;
  let rest = '';
  const handle = (text: string): void => {
    line++;
    if (text.trim() === '' || text.trimStart().startsWith('#')) return;
    try {
      for (const quad of new Parser({ format: syntax, blankNodePrefix: `b${ctx.writer.sourceId}_` }).parse(text)) {
        addQuad(ctx, quad, line);
        read++;
      }
    } catch (err) {
      reportBadLine(ctx, line, splitN3Error(err as Error).problem);
    }
  };
  for await (const chunk of readTextChunks(ctx.file, {
    maxLineBytes: ctx.options.maxLineBytes,
    signal: ctx.signal,
    onBytes: (done, total) => ctx.progress({ phase: `importing ${ctx.displayName}`, done, total, unit: 'bytes' }),
  })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop()!;
    for (const text of lines) handle(text);
  }
  if (rest) handle(rest);
  if (read === 0 && ctx.skipped.length === 0) throw new ImportError(ctx.displayName, null, 'no triples found (empty file?)');
  return read;
}

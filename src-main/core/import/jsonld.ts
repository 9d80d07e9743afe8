import jsonld from 'jsonld';
import type { ImportContext } from './import-context.js';
import { ImportError } from './import-error.js';
import { importRdf } from './rdf.js';
import { isDeepStrictEqual } from 'node:util';
import { findJsonPath, formatJsonPath, jsonErrorOffset, jsonPathOffset, jsonTooDeepOffset } from './json-locate.js';
import { lineAt, readWholeText } from './whole-file.js';

/** Deeper JSON-LD would overflow the stack of the jsonld library (recursive expansion). */
const MAX_JSONLD_DEPTH = 256;

/** Relata is offline: a remote @context cannot be fetched, so it is refused by name instead of hanging. */
const offlineDocumentLoader = async (url: string): Promise<never> => {
  throw new Error(`remote @context ${url} cannot be fetched (Relata works offline); inline the context in the file`);
};

/**
 * Where in the document a jsonld error points: the library names the offending value (or context), not its place, so
 * the first place holding it (under the keyword the message names) is taken.
 */
function problemPath(doc: unknown, message: string, details: { value?: unknown; context?: unknown }): Array<string | number> | null {
  if ('context' in details && details.context !== undefined) {
    const ctx = details.context;
    return findJsonPath(doc, (v, key) => key === '@context' && (isDeepStrictEqual(v, ctx) || isDeepStrictEqual([v], ctx)));
  }
  if ('value' in details) {
    const keyword = /"(@\w+)"/.exec(message)?.[1];
    return findJsonPath(doc, (v, key) => (keyword === undefined || key === keyword) && isDeepStrictEqual(v, details.value));
  }
  return null;
}

/**
 * Why a document made no triples: JSON-LD silently drops what it cannot map (keys no @context or @vocab turns into
 * IRIs, relative or malformed @id values). Its safe mode names the first thing dropped; asked only once nothing came out.
 */
async function whyNoTriples(doc: unknown, text: string): Promise<{ line: number | null; why: string }> {
  if (doc === null || typeof doc !== 'object') return { line: null, why: `: the document is a JSON ${doc === null ? 'null' : typeof doc}, not an object or array` };
  try {
    await jsonld.toRDF(doc as object, { format: 'application/n-quads', documentLoader: offlineDocumentLoader as never, safe: true } as never);
  } catch (err) {
    const e = err as Error & { details?: { event?: { message?: string; details?: { property?: string; id?: string } } } };
    const event = e.details?.event;
    const { property, id } = event?.details ?? {};
    const path =
      property !== undefined ? findJsonPath(doc, (_v, key) => key === property) : id !== undefined ? findJsonPath(doc, (v, key) => key === '@id' && v === id) : null;
    const offset = path ? jsonPathOffset(text, path) : -1;
    const what = property ?? id;
    const message = (event?.message ?? e.message).split('\n')[0];
    return {
      line: offset >= 0 ? lineAt(text, offset) : null,
      why: `${path ? ` at ${formatJsonPath(path)}` : ''}: ${message}${what !== undefined ? ` (${JSON.stringify(what)})` : ''}; give properties and @id values absolute IRIs (or an @context / @vocab that maps them)`,
    };
  }
  return { line: null, why: ' (no node has a property with a value)' };
}

/** JSON-LD through the jsonld library: expanded to N-Quads, then read like any RDF. */
export async function importJsonLd(ctx: ImportContext): Promise<number> {
  const text = await readWholeText(ctx);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const offset = m ? Number(m[1]) : jsonErrorOffset(text);
    const where = offset >= 0 ? lineAt(text, offset) : null;
    const near = offset >= 0 && offset < text.length ? `unexpected ${JSON.stringify(text.slice(offset, offset + 20))}` : 'unexpected end of file';
    throw new ImportError(ctx.displayName, where, `invalid JSON: ${offset >= 0 ? near : (err as Error).message.split('\n')[0]}`);
  }
  const deep = jsonTooDeepOffset(text, MAX_JSONLD_DEPTH);
  if (deep >= 0) throw new ImportError(ctx.displayName, lineAt(text, deep), `JSON nested more than ${MAX_JSONLD_DEPTH} levels deep`);
  let nquads: string;
  try {
    nquads = (await jsonld.toRDF(doc as object, {
      format: 'application/n-quads',
      documentLoader: offlineDocumentLoader as never,
      safe: false,
    } as never)) as unknown as string;
  } catch (err) {
    const e = err as Error & { details?: { cause?: Error; code?: string; value?: unknown; context?: unknown } };
    const cause = e.details?.cause?.message;
    const code = e.details?.code;
    const message = (cause ?? e.message).split('\n')[0];
    const path = e.details ? problemPath(doc, message, e.details) : null;
    const line = path ? jsonPathOffset(text, path) : -1;
    throw new ImportError(ctx.displayName, line >= 0 ? lineAt(text, line) : null, `invalid JSON-LD${path ? ` at ${formatJsonPath(path)}` : ''}: ${message}${code && !message.includes(code) ? ` (${code})` : ''}`);
  }
  if (nquads.trim() === '') {
    const { line, why } = await whyNoTriples(doc, text);
    throw new ImportError(ctx.displayName, line, `the JSON-LD makes no triples${why}`);
  }
  async function* once(): AsyncGenerator<string> {
    yield nquads;
  }
  try {
    return await importRdf(ctx, 'N-Quads', once());
  } catch (err) {
    // A line number here would be one of the N-Quads jsonld made, not of the file: say what is wrong without it.
    if (err instanceof ImportError && err.file === ctx.displayName && err.line !== null) {
      throw new ImportError(ctx.displayName, null, `the JSON-LD makes a triple that is not valid RDF: ${err.problem}`);
    }
    throw err;
  }
}

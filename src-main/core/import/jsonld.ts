import jsonld from 'jsonld';
import type { ImportContext } from './import-context.js';
import { ImportError } from './import-error.js';
import { importRdf } from './rdf.js';
import { lineAt, readWholeText } from './whole-file.js';

/** Relata is offline: a remote @context cannot be fetched, so it is refused by name instead of hanging. */
const offlineDocumentLoader = async (url: string): Promise<never> => {
  throw new Error(`remote @context ${url} cannot be fetched (Relata works offline); inline the context in the file`);
};

/** JSON-LD through the jsonld library: expanded to N-Quads, then read like any RDF. */
export async function importJsonLd(ctx: ImportContext): Promise<number> {
  const text = await readWholeText(ctx);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    throw new ImportError(ctx.displayName, m ? lineAt(text, Number(m[1])) : null, `invalid JSON: ${(err as Error).message}`);
  }
  let nquads: string;
  try {
    nquads = (await jsonld.toRDF(doc as object, {
      format: 'application/n-quads',
      documentLoader: offlineDocumentLoader as never,
      safe: false,
    } as never)) as unknown as string;
  } catch (err) {
    const e = err as Error & { details?: { cause?: Error } };
    const cause = e.details?.cause?.message;
    throw new ImportError(ctx.displayName, null, `invalid JSON-LD: ${cause ?? e.message}`);
  }
  async function* once(): AsyncGenerator<string> {
    yield nquads;
  }
  return importRdf(ctx, 'N-Quads', once());
}

import { extname } from 'node:path';
import type { ImportFormat } from '../../contract/types.js';
import { existsSync, statSync } from 'node:fs';
import { isBenchmarkFolder, notABenchmark } from './benchmark-folder.js';
import { ImportError } from './import-error.js';

const BY_EXTENSION: Record<string, ImportFormat> = {
  '.tsv': 'tsv',
  '.txt': 'tsv',
  '.csv': 'csv',
  '.nt': 'nt',
  '.ntriples': 'nt',
  '.nq': 'nq',
  '.nquads': 'nq',
  '.ttl': 'ttl',
  '.turtle': 'ttl',
  '.trig': 'trig',
  '.jsonld': 'jsonld',
  '.json': 'jsonld',
  '.graphml': 'graphml',
  '.gexf': 'gexf',
};

/** The format a path most likely holds, from its extension (or a benchmark folder's layout). */
export function detectFormat(path: string): ImportFormat {
  if (isBenchmarkFolder(path)) return 'benchmark';
  if (existsSync(path) && statSync(path).isDirectory()) throw new ImportError(path, null, notABenchmark(path));
  const format = BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    const ext = extname(path).toLowerCase();
    // RDF/XML is common enough to be named: it is not read, and converting it is one command.
    const rdfXml = ['.rdf', '.owl', '.xml'].includes(ext) ? ' (RDF/XML is not read: convert it to Turtle or N-Triples first, e.g. `riot --output=nt`)' : '';
    throw new ImportError(path, null, `cannot tell the format from the extension${rdfXml}; pass --format (${Object.values(BY_EXTENSION).filter((v, i, a) => a.indexOf(v) === i).join('|')}|benchmark)`);
  }
  return format;
}

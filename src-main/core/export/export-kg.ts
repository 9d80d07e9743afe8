import { MultiDirectedGraph } from 'graphology';
import { write as writeGexf } from 'graphology-gexf';
import jsonld from 'jsonld';
import { Writer as N3Writer, DataFactory } from 'n3';
import type { ExportFormat, ExportResult } from '../../contract/types.js';
import { CancelledError } from '../run/cancelled-error.js';
import type { RunOptions } from '../run/run-options.js';
import { throttleProgress } from '../run/throttle-progress.js';
import { formatNTriplesLiteral } from '../import/literal-syntax.js';
import { entityByKey } from '../store/kg-lookup.js';
import type { KgStore } from '../store/kg-store.js';
import { entityIri, predicateIri, RELATA_NS } from '../store/names.js';
import { countTriples, exportRows, type ExportRow } from '../store/triple-rows.js';
import { writeGraphml } from './graphml-writer.js';
import { TextSink } from './text-sink.js';

const termIri = (key: string): string => (key.startsWith('_:') ? key : `<${entityIri(key)}>`);

/** One triple as the N-Triples line `export --format nt` writes (publish sends the same lines). */
export function nTriplesLine(r: ExportRow): string {
  const object = r.o !== null ? termIri(r.o) : formatNTriplesLiteral({ value: r.value!, datatype: r.datatype, lang: r.lang });
  return `${termIri(r.s)} <${predicateIri(r.p)}> ${object} .\n`;
}

function tsvLine(r: ExportRow): string {
  const clean = (s: string): string => s.replace(/[\t\n\r]/g, ' ');
  const object = r.o !== null ? clean(r.o) : formatNTriplesLiteral({ value: r.value!, datatype: r.datatype, lang: r.lang });
  return `${clean(r.s)}\t${clean(r.p)}\t${object}\n`;
}

function n3Term(key: string) {
  return key.startsWith('_:') ? DataFactory.blankNode(key.slice(2)) : DataFactory.namedNode(entityIri(key));
}

function n3Object(r: ExportRow) {
  if (r.o !== null) return n3Term(r.o);
  return DataFactory.literal(r.value!, r.lang || (r.datatype ? DataFactory.namedNode(r.datatype) : undefined));
}

/** Writes the whole KG to a file in one of the export formats. The file appears only once it is complete. */
export async function exportKg(store: KgStore, file: string, format: ExportFormat, run: RunOptions = {}): Promise<ExportResult> {
  const total = countTriples(store.db);
  const progress = throttleProgress(run.onProgress);
  const sink = new TextSink(file);
  let done = 0;
  const tick = (): void => {
    done++;
    if ((done & 0xfff) === 0) {
      if (run.signal?.aborted) throw new CancelledError();
      progress({ phase: `exporting ${format}`, done, total, unit: 'triples' });
    }
  };
  try {
    if (format === 'tsv' || format === 'nt') {
      const line = format === 'tsv' ? tsvLine : nTriplesLine;
      for (const row of exportRows(store.db)) {
        await sink.write(line(row));
        tick();
      }
    } else if (format === 'ttl') {
      const writer = new N3Writer({
        format: 'Turtle',
        prefixes: { rel: `${RELATA_NS}e/`, relp: `${RELATA_NS}p/`, rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', rdfs: 'http://www.w3.org/2000/01/rdf-schema#', xsd: 'http://www.w3.org/2001/XMLSchema#' },
      });
      for (const row of exportRows(store.db)) {
        writer.addQuad(n3Term(row.s), DataFactory.namedNode(predicateIri(row.p)), n3Object(row));
        tick();
      }
      const text = await new Promise<string>((resolve, reject) => writer.end((err: Error | null, out: string) => (err ? reject(err) : resolve(out))));
      await sink.write(text);
    } else if (format === 'jsonld') {
      const lines: string[] = [];
      for (const row of exportRows(store.db)) {
        lines.push(nTriplesLine(row));
        tick();
      }
      const doc = await jsonld.fromRDF(lines.join(''), { format: 'application/n-quads' } as never);
      await sink.write(JSON.stringify(doc, null, 1));
    } else {
      const graph = new MultiDirectedGraph();
      let literalCount = 0;
      const ensureNode = (key: string): void => {
        if (graph.hasNode(key)) return;
        const row = entityByKey(store.db, key);
        const attrs: Record<string, string> = {};
        if (row?.label) attrs.label = row.label;
        if (row?.type) attrs.type = row.type;
        graph.addNode(key, attrs);
      };
      for (const row of exportRows(store.db)) {
        ensureNode(row.s);
        let target: string;
        if (row.o !== null) {
          ensureNode(row.o);
          target = row.o;
        } else {
          target = `literal:${++literalCount}`;
          graph.addNode(target, { literal: formatNTriplesLiteral({ value: row.value!, datatype: row.datatype, lang: row.lang }) });
        }
        const attrs: Record<string, unknown> = { predicate: row.p };
        if (row.confidence !== 1) attrs.confidence = row.confidence;
        if (row.props) Object.assign(attrs, JSON.parse(row.props));
        graph.addEdge(row.s, target, attrs);
        tick();
      }
      await sink.write(format === 'gexf' ? writeGexf(graph) : writeGraphml(graph));
    }
    await sink.commit();
  } catch (err) {
    sink.abort();
    throw err;
  }
  progress({ phase: `exporting ${format}`, done: total, total, unit: 'triples' });
  return { file, format, triples: done };
}

import * as ox from 'oxigraph';
import { Parser, type Quad, type Term } from 'n3';
import { KgEditor, type KeyedFact } from '../edit/kg-editor.js';
import type { KgStore } from '../store/kg-store.js';
import { keyFromIri } from '../store/names.js';
import { loadKgDataset } from './kg-dataset.js';
import { missingPrefixDeclarations, sparqlForm, syntaxErrorFrom } from './sparql-query.js';

export interface SparqlUpdateResult {
  /** The change-log entry (edit.undo reverts the whole update); null when the update changed nothing. */
  changeId: number | null;
  inserted: number;
  deleted: number;
  /** Deletions that named no stored asserted triple (e.g. a literal the engine wrote in another lexical form). */
  missing: number;
  loadMs: number;
  updateMs: number;
}

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

function factOf(q: Quad, blankKeys: Map<string, string>): KeyedFact {
  const key = (t: Term): string => (t.termType === 'BlankNode' ? (blankKeys.get(t.value) ?? `_:${t.value}`) : keyFromIri(t.value));
  const o = q.object;
  if (o.termType === 'Literal') {
    const dt = o.datatype.value;
    return { subject: key(q.subject), predicate: keyFromIri(q.predicate.value), object: { value: o.value, lang: o.language, datatype: dt === XSD_STRING || dt === RDF_LANG_STRING ? '' : dt } };
  }
  return { subject: key(q.subject), predicate: keyFromIri(q.predicate.value), object: { key: key(o) } };
}

/**
 * Runs a SPARQL 1.1 update over the KG's stored (asserted) triples and writes the difference back through the
 * change log as one undoable edit. The engine works on a copy loaded from the KG file; only the default graph's
 * changes are written back (the KG keeps no separate named graphs).
 */
export async function runSparqlUpdate(kg: KgStore, update: string, options: { autoPrefixes?: boolean; baseIri?: string } = {}): Promise<SparqlUpdateResult> {
  const form = sparqlForm(update);
  if (form && form !== 'update') throw new Error(`this is a ${form.toUpperCase()} query, not an update: run it as a query`);
  const prefix = options.autoPrefixes === false ? '' : missingPrefixDeclarations(update);
  const dataset = loadKgDataset(kg, { derived: false, entityColumns: false, graphs: 'union' });
  const { store } = dataset;
  const dump = (): Set<string> => new Set(store.dump({ format: 'application/n-triples', from_graph_name: ox.defaultGraph() }).split('\n').filter(Boolean));
  const named = (): string[] =>
    String(store.query('SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }', { results_format: 'text/tab-separated-values' })).split('\n').slice(1).filter(Boolean).sort();
  const t0 = performance.now();
  const before = dump();
  const namedBefore = named();
  try {
    store.update(prefix + update, options.baseIri ? { base_iri: options.baseIri } : {});
  } catch (err) {
    throw syntaxErrorFrom(err, prefix) ?? err;
  }
  const after = dump();
  const namedAfter = named();
  if (namedAfter.length !== namedBefore.length || namedAfter.some((l, i) => l !== namedBefore[i])) {
    throw new Error('this update changes a named graph (GRAPH, WITH, INTO, CLEAR/DROP/COPY/MOVE/ADD of a graph): a KG keeps no separate graphs to write that back to; nothing was changed');
  }
  const parse = (lines: string[]): KeyedFact[] =>
    lines.length ? new Parser({ format: 'N-Triples', blankNodePrefix: '' }).parse(lines.join('\n')).map((q) => factOf(q, dataset.blankKeys)) : [];
  const deletes = parse([...before].filter((l) => !after.has(l)));
  const inserts = parse([...after].filter((l) => !before.has(l)));
  const summary = `SPARQL update: ${update.replace(/\s+/g, ' ').trim().slice(0, 100)}`;
  const result = await new KgEditor(kg).applyTripleChanges('sparql-update', summary, { deletes, inserts });
  return { changeId: result.changeId, inserted: result.inserted, deleted: result.deleted, missing: result.missing, loadMs: dataset.loadMs, updateMs: performance.now() - t0 };
}

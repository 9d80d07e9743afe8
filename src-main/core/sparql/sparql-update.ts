import * as ox from 'oxigraph';
import { Parser, type Quad, type Term } from 'n3';
import { KgEditor, type KeyedFact } from '../edit/kg-editor.js';
import { assertedTriple } from '../store/edit-statements.js';
import type { KgStore } from '../store/kg-store.js';
import { keyFromIri } from '../store/names.js';
import { graphName, loadKgDataset } from './kg-dataset.js';
import { missingPrefixDeclarations, sparqlForm, syntaxErrorFrom } from './sparql-query.js';
import type { SparqlUpdateResult } from '../../contract/sparql-types.js';

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

/** Where the KG holds an asserted triple: undefined (not held), null (no named graph) or its graph's key. */
function storedGraph(kg: KgStore, f: KeyedFact): string | null | undefined {
  const row = assertedTriple(kg.db, f);
  return row && graphName(row.props);
}

const DEFAULT = '';

/**
 * Runs a SPARQL 1.1 update over the KG's stored (asserted) triples and writes the difference back through the
 * change log as one undoable edit (deletions, insertions, moves between graphs). The engine works on a copy loaded
 * from the KG file. A KG holds each triple once, in at most one named graph (a property of the triple):
 * - 'union' view (default, as queries see the KG): the default graph holds every triple. Removing a triple from the
 *   default graph deletes it; adding it to a named graph puts it there (moving it from the one it was in, if the
 *   update also removes it from that one); removing it from its named graph alone leaves it in the default graph.
 * - 'separate' view: the default graph holds the triples of no named graph, as in the RDF dataset imported.
 * An update that would put one triple in two graphs is refused and nothing is written.
 */
export async function runSparqlUpdate(kg: KgStore, update: string, options: { autoPrefixes?: boolean; baseIri?: string; graphs?: 'union' | 'separate' } = {}): Promise<SparqlUpdateResult> {
  const form = sparqlForm(update);
  if (form && form !== 'update') throw new Error(`this is a ${form.toUpperCase()} query, not an update: run it as a query`);
  const prefix = options.autoPrefixes === false ? '' : missingPrefixDeclarations(update);
  const view = options.graphs ?? 'union';
  const dataset = loadKgDataset(kg, { derived: false, entityColumns: false, graphs: view });
  const { store } = dataset;
  const dump = (): Set<string> => new Set(store.dump({ format: 'application/n-quads' }).split('\n').filter(Boolean));
  const t0 = performance.now();
  const before = dump();
  try {
    store.update(prefix + update, options.baseIri ? { base_iri: options.baseIri } : {});
  } catch (err) {
    throw syntaxErrorFrom(err, prefix) ?? err;
  }
  const after = dump();
  const graphKey = (g: Term): string => (g.termType === 'DefaultGraph' ? DEFAULT : g.termType === 'BlankNode' ? (dataset.blankKeys.get(g.value) ?? `_:${g.value}`) : keyFromIri(g.value));
  const changes = new Map<string, { fact: KeyedFact; added: Set<string>; removed: Set<string> }>();
  const collect = (lines: string[], side: 'added' | 'removed'): void => {
    if (!lines.length) return;
    for (const q of new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(lines.join('\n'))) {
      const fact = factOf(q, dataset.blankKeys);
      const id = JSON.stringify([fact.subject, fact.predicate, fact.object]);
      let c = changes.get(id);
      if (!c) changes.set(id, (c = { fact, added: new Set(), removed: new Set() }));
      c[side].add(graphKey(q.graph));
    }
  };
  collect([...before].filter((l) => !after.has(l)), 'removed');
  collect([...after].filter((l) => !before.has(l)), 'added');
  const deletes: KeyedFact[] = [], inserts: KeyedFact[] = [], regraphs: Array<KeyedFact & { graph: string | null }> = [];
  for (const { fact, added, removed } of changes.values()) {
    const stored = storedGraph(kg, fact);
    const beforeGraphs = new Set<string>();
    if (stored !== undefined) {
      if (view === 'union') beforeGraphs.add(DEFAULT);
      if (stored !== null || view === 'separate') beforeGraphs.add(stored ?? DEFAULT);
    }
    const afterGraphs = new Set([...beforeGraphs].filter((g) => !removed.has(g)));
    for (const g of added) afterGraphs.add(g);
    const named = [...afterGraphs].filter((g) => g !== DEFAULT);
    let home: string | null | undefined;
    if (view === 'union') {
      const addedNamed = [...added].filter((g) => g !== DEFAULT);
      if (removed.has(DEFAULT) && addedNamed.length === 0) home = undefined;
      else if (named.length > 1 && addedNamed.length > 0) {
        throw new Error(`this update puts ${fact.subject} ${fact.predicate} … in ${named.length} named graphs (${named.join(', ')}): a KG holds a triple in one graph at most; nothing was changed`);
      } else home = addedNamed[0] ?? (named.length ? named[0] : afterGraphs.has(DEFAULT) ? null : undefined);
    } else {
      if (afterGraphs.size > 1) {
        throw new Error(`this update puts ${fact.subject} ${fact.predicate} … in ${afterGraphs.size} graphs (${[...afterGraphs].map((g) => g || 'the default graph').join(', ')}): a KG holds a triple in one graph at most; nothing was changed`);
      }
      home = afterGraphs.size ? [...afterGraphs][0] || null : undefined;
    }
    if (home === stored) continue;
    if (home === undefined) deletes.push(fact);
    else if (stored === undefined) inserts.push({ ...fact, graph: home });
    else regraphs.push({ ...fact, graph: home });
  }
  const summary = `SPARQL update: ${update.replace(/\s+/g, ' ').trim().slice(0, 100)}`;
  const result = await new KgEditor(kg).applyTripleChanges('sparql-update', summary, { deletes, inserts, regraphs });
  return {
    changeId: result.changeId, inserted: result.inserted, deleted: result.deleted, regraphed: result.regraphed, missing: result.missing,
    loadMs: dataset.loadMs, updateMs: performance.now() - t0,
  };
}

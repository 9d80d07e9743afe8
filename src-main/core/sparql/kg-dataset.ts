import * as ox from 'oxigraph';
import { formatNTriplesLiteral } from '../import/literal-syntax.js';
import { kgChangeCounter } from '../store/change-counter.js';
import type { KgStore } from '../store/kg-store.js';
import { entityColumnRows, entityKeyTuples, predicateKeyTuples, tripleIdTuples, type ExportRow } from '../store/triple-rows.js';
import { entityIri, predicateIri } from '../store/names.js';
import { RDF_TYPE, TYPE_PREDICATE_KEYS } from '../../contract/vocabulary.js';
import { GroupCounter, type GroupCounts } from './group-counts.js';

export const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const SKOS_PREF_LABEL = 'http://www.w3.org/2004/02/skos/core#prefLabel';

/** Which RDF view of the KG a SPARQL query sees. */
export interface DatasetOptions {
  /** Include derived triples (rules, materialisation); off by default, as asserted facts are what the KG states. */
  derived?: boolean;
  /**
   * Also state the entity table's label and type columns as rdfs:label / rdf:type where no triple already says so
   * (entity tables from CSV, edits). Default true; an update sees stored triples only.
   */
  entityColumns?: boolean;
  /**
   * 'union' (default): every triple is in the default graph, exactly as `relata export` writes it, and a triple
   * imported from a named graph (N-Quads, TriG) is also in that named graph. 'separate': such triples are only in
   * their named graph (the RDF dataset as it was imported).
   */
  graphs?: 'union' | 'separate';
}

export interface KgDataset {
  store: ox.Store;
  /** Quads loaded (a triple in the default graph and a named graph counts twice). */
  quads: number;
  loadMs: number;
  /** Blank-node labels in the store → the KG key they stand for (`_:…`). */
  blankKeys: Map<string, string>;
  options: Required<DatasetOptions>;
  /** Default-graph triples per subject and predicate (whole-graph counts without a scan); null if not exact. */
  counts: GroupCounts | null;
}

/** A triple with its terms spelled out, as the exporters read it (confidence is not part of the RDF view). */
type Row = Omit<ExportRow, 'confidence'>;

const BNODE_LABEL = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** A blank-node label oxigraph keeps as given (keys with other characters are hex-encoded). */
function blankLabel(key: string): string {
  const label = key.slice(2);
  return BNODE_LABEL.test(label) && !label.endsWith('.') ? label : `x${Buffer.from(label, 'utf8').toString('hex')}`;
}

const iriTerm = (key: string, predicate = false): string => `<${predicate ? predicateIri(key) : entityIri(key)}>`;

/** The named graph a triple's props put it in (a key), or null. */
export function graphName(props: string | null): string | null {
  if (!props || !props.includes('"graph"')) return null;
  try {
    const g = (JSON.parse(props) as { graph?: unknown }).graph;
    return typeof g === 'string' && g ? g : null;
  } catch {
    return null;
  }
}

/**
 * Loads the KG into an in-memory oxigraph store: triples as `relata export` writes them (plain keys in Relata's
 * namespace, IRIs as they are, literals with datatype and language), blank nodes keeping their KG labels. Triples
 * without blank nodes go in as one N-Quads document (the fast path), the others quad by quad.
 */
export function loadKgDataset(kg: KgStore, options: DatasetOptions = {}): KgDataset {
  const opts: Required<DatasetOptions> = { derived: options.derived ?? false, entityColumns: options.entityColumns ?? true, graphs: options.graphs ?? 'union' };
  const t0 = performance.now();
  const store = new ox.Store();
  const blankKeys = new Map<string, string>();
  // Terms are spelled once per entity and predicate, not once per triple.
  const entityKey = new Map<number, string>();
  const entityTerm = new Map<number, string>();
  for (const [id, key] of entityKeyTuples(kg.db)) {
    entityKey.set(id, key);
    if (!key.startsWith('_:')) entityTerm.set(id, iriTerm(key));
  }
  const predicateKey = new Map<number, string>();
  const predicateTerm = new Map<number, string>();
  for (const [id, key] of predicateKeyTuples(kg.db)) {
    predicateKey.set(id, key);
    predicateTerm.set(id, iriTerm(key, true));
  }
  const lines: string[] = [];
  let quads = 0;
  const counter = new GroupCounter();
  const flush = (): void => {
    if (!lines.length) return;
    store.load(lines.join(''), { format: 'application/n-quads', no_transaction: true, lenient: true });
    lines.length = 0;
  };
  const term = (key: string): ox.NamedNode | ox.BlankNode => {
    if (!key.startsWith('_:')) return ox.namedNode(entityIri(key));
    const label = blankLabel(key);
    blankKeys.set(label, key);
    return ox.blankNode(label);
  };
  const addSlow = (r: Row, graph: string | null): void => {
    const object = r.o !== null ? term(r.o) : ox.literal(r.value!, r.lang || (r.datatype ? ox.namedNode(r.datatype) : undefined));
    const g = graph === null ? ox.defaultGraph() : graph.startsWith('_:') ? term(graph) : ox.namedNode(entityIri(graph));
    store.add(ox.quad(term(r.s), ox.namedNode(predicateIri(r.p)), object, g));
    if (graph === null) counter.add(r.s.startsWith('_:') ? null : iriTerm(r.s), iriTerm(r.p, true));
  };
  for (const [s, p, o, value, datatype, lang, props] of tripleIdTuples(kg.db, opts.derived)) {
    const graph = props === null ? null : graphName(props);
    const graphs: Array<string | null> = graph === null ? [null] : opts.graphs === 'union' ? [null, graph] : [graph];
    const subject = entityTerm.get(s);
    const object = o > 0 ? entityTerm.get(o) : formatNTriplesLiteral({ value: value ?? '', datatype, lang });
    if (subject === undefined || object === undefined || graph?.startsWith('_:')) {
      const row: Row = { s: entityKey.get(s)!, p: predicateKey.get(p)!, o: o > 0 ? entityKey.get(o)! : null, value, datatype, lang, props };
      for (const g of graphs) addSlow(row, g);
    } else {
      const head = `${subject} ${predicateTerm.get(p)} ${object}`;
      for (const g of graphs) lines.push(g === null ? `${head} .\n` : `${head} ${iriTerm(g)} .\n`);
      if (graphs[0] === null) counter.add(subject, predicateTerm.get(p)!);
      // Chunks of 20k lines: oxigraph's in-memory load slows down sharply on one very large document.
      if (lines.length >= 20_000) flush();
    }
    quads += graphs.length;
  }
  if (opts.entityColumns) {
    // Labels and types held only in the entity table (entity tables, edits), not already stated by a triple.
    for (const r of entityColumnRows(kg.db, [RDFS_LABEL, SKOS_PREF_LABEL], TYPE_PREDICATE_KEYS)) {
      const facts: Row[] = [];
      if (r.label && r.label !== r.key && !r.has_label) facts.push({ s: r.key, p: RDFS_LABEL, o: null, value: r.label, datatype: '', lang: '', props: null });
      if (r.type && !r.has_type) facts.push({ s: r.key, p: RDF_TYPE, o: r.type, value: null, datatype: '', lang: '', props: null });
      for (const f of facts) {
        if (f.s.startsWith('_:') || f.o?.startsWith('_:')) addSlow(f, null);
        else {
          const object = f.o !== null ? iriTerm(f.o) : formatNTriplesLiteral({ value: f.value!, datatype: '', lang: '' });
          lines.push(`${iriTerm(f.s)} <${f.p}> ${object} .\n`);
          counter.add(iriTerm(f.s), `<${f.p}>`);
          if (lines.length >= 20_000) flush();
        }
        quads++;
      }
    }
  }
  flush();
  // The counts hold for the store only if no two added quads collapsed into one (e.g. literals the engine
  // canonicalises); store.size is a scan (about 70 ms on 325k quads), once per load.
  const counts = store.size === quads ? counter.result() : null;
  return { store, quads, loadMs: performance.now() - t0, blankKeys, options: opts, counts };
}

/** The KG key an RDF term of the store stands for (inverse of how loadKgDataset wrote it). */
export function keyOfTerm(term: { termType: string; value: string }, blankKeys: Map<string, string>, keyFromIri: (iri: string) => string): string {
  if (term.termType === 'BlankNode') return blankKeys.get(term.value) ?? `_:${term.value}`;
  return keyFromIri(term.value);
}

/** One cached dataset per open KG connection and view, rebuilt when the KG's change counter moves. */
const cache = new WeakMap<KgStore, Map<string, { counter: string; dataset: KgDataset }>>();

export function cachedKgDataset(kg: KgStore, options: DatasetOptions = {}): KgDataset & { cached: boolean } {
  const viewKey = JSON.stringify([options.derived ?? false, options.entityColumns ?? true, options.graphs ?? 'union']);
  let perKg = cache.get(kg);
  if (!perKg) cache.set(kg, (perKg = new Map()));
  const counter = kgChangeCounter(kg.db);
  const hit = perKg.get(viewKey);
  if (hit && hit.counter === counter) return { ...hit.dataset, cached: true };
  if (counter.startsWith('tx:')) return { ...loadKgDataset(kg, options), cached: false };
  // One view at a time per KG: a second copy of a large KG would double the memory.
  perKg.clear();
  const dataset = loadKgDataset(kg, options);
  perKg.set(viewKey, { counter, dataset });
  return { ...dataset, cached: false };
}

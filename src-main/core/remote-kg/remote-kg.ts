// A SPARQL endpoint as a read-only KG: search, overview, neighbourhood, inspector, statistics and paths, each a few
// SELECT queries with a LIMIT and a time limit, so a store of any size answers in bounded work and nothing is loaded
// whole. Queries use only SPARQL 1.1 (plus Virtuoso's bif:contains for search where the endpoint has a text index).
import type {
  RemoteEdge, RemoteEntity, RemoteEntityDetail, RemoteNode, RemotePaths, RemotePathStep, RemoteSearchResult, RemoteSlice, RemoteStats, RemoteTextSearch, RemoteValue,
} from '../../contract/remote-types.js';
import { queryEndpoint } from '../sparql/sparql-endpoint.js';
import {
  iriRef, isIriTerm, jsonRows, LABEL_PREDICATES, NAME_PREDICATES, RDF_TYPE, stringLiteral, termNumber, valuesClause, type JsonRow, type JsonTerm,
} from './sparql-terms.js';

export interface RemoteCallOptions {
  /** Per query (default 20 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** IRIs per label/type look-up query (VALUES rows). */
const LOOKUP_BATCH = 200;
/** Labels in English or in no language: a label is for reading, and Wikidata-sized stores hold hundreds per entity. */
const READABLE = 'FILTER(isLiteral(?l) && (LANG(?l) = "" || LANGMATCHES(LANG(?l), "en")))';
const NOT_TYPE = `?p != ${iriRef(RDF_TYPE)}`;
/**
 * `{ ?s <p1> ?o BIND(<p1> AS ?pv) } UNION …`: one branch per predicate, so the store looks each one up by its index.
 * Virtuoso 7 scans all the predicates' triples for `?s ?pv ?o` with the predicates in FILTER(?pv IN …) or VALUES
 * (50 labels on a 10M-triple store: 1.9 s that way, 33 ms as a UNION).
 */
function predicateUnion(s: string, predicates: readonly string[], o: string, pv: string): string {
  return predicates.map((p) => `{ ${s} ${iriRef(p)} ${o} BIND(${iriRef(p)} AS ${pv}) }`).join(' UNION ');
}
const TEXT_PROBE_AGAIN_MS = 60_000;
/** Search text that is an IRI (scheme://… or urn:…) is looked up as the entity itself. */
const IRI_TEXT = /^(?:[a-z][a-z0-9+.-]*:\/\/|urn:)[^\s<>"{}|^`\\]+$/i;

/** A time spent and the queries sent, for one call. */
class CallMeter {
  readonly t0 = performance.now();
  queries = 0;
  get ms(): number {
    return Math.round((performance.now() - this.t0) * 10) / 10;
  }
}

export class RemoteKg {
  private textSearch: { mode: RemoteTextSearch; at: number } | null = null;

  /** `graph`: a named graph every query reads (FROM); null: the endpoint's default graph. */
  constructor(readonly endpoint: string, readonly graph: string | null = null) {
    if (graph) iriRef(graph);
  }

  private get from(): string {
    return this.graph ? ` FROM ${iriRef(this.graph)}` : '';
  }

  /** `SELECT <head> [FROM <g>] WHERE { <body> } <tail>` against the endpoint, its JSON solutions. */
  private async select(meter: CallMeter, head: string, body: string, tail: string, options: RemoteCallOptions): Promise<JsonRow[]> {
    meter.queries++;
    const query = `SELECT ${head}${this.from} WHERE {\n${body}\n} ${tail}`;
    const result = await queryEndpoint(this.endpoint, query, { format: 'json', timeoutMs: options.timeoutMs ?? 20_000, signal: options.signal });
    return jsonRows(result.body);
  }

  /** Best label and one type of each IRI (English or plain labels; skos:prefLabel over rdfs:label over schema:name). */
  private async describe(meter: CallMeter, iris: Iterable<string>, options: RemoteCallOptions): Promise<Map<string, RemoteEntity>> {
    const all = [...new Set(iris)];
    const out = new Map<string, RemoteEntity>(all.map((iri) => [iri, { iri, label: null, type: null }]));
    const rank = new Map<string, number>();
    const batches: Array<Promise<void>> = [];
    for (let i = 0; i < all.length; i += LOOKUP_BATCH) {
      const batch = all.slice(i, i + LOOKUP_BATCH);
      batches.push(
        this.select(meter, '?e ?lp ?l', `${valuesClause('e', batch)}\n${predicateUnion('?e', LABEL_PREDICATES, '?l', '?lp')}\n${READABLE}`, `LIMIT ${batch.length * 8}`, options).then((rows) => {
          for (const row of rows) {
            const e = out.get(row.e!.value)!;
            const lang = row.l!['xml:lang'] ?? '';
            // lower is better: predicate priority, then English over no language
            const score = LABEL_PREDICATES.indexOf(row.lp!.value as (typeof LABEL_PREDICATES)[number]) * 2 + (lang === '' ? 1 : 0);
            if (!rank.has(e.iri) || score < rank.get(e.iri)!) {
              rank.set(e.iri, score);
              e.label = row.l!.value;
            }
          }
        }),
        this.select(meter, '?e (MIN(STR(?t)) AS ?type)', `${valuesClause('e', batch)}\n?e ${iriRef(RDF_TYPE)} ?t`, 'GROUP BY ?e', options).then((rows) => {
          for (const row of rows) if (row.type) out.get(row.e!.value)!.type = row.type.value;
        }),
      );
    }
    await Promise.all(batches);
    return out;
  }

  /** Whether the endpoint's free-text index answers (Virtuoso's bif:contains finds a word of a label it holds). */
  async textSearchMode(options: RemoteCallOptions = {}): Promise<RemoteTextSearch> {
    // A text index found is kept; none found is asked again a minute later (Virtuoso fills its index in the
    // background after a bulk load, so a fresh store answers bif:contains with nothing at first).
    if (this.textSearch && (this.textSearch.mode === 'bif:contains' || performance.now() - this.textSearch.at < TEXT_PROBE_AGAIN_MS)) return this.textSearch.mode;
    const meter = new CallMeter();
    let mode: RemoteTextSearch = 'contains';
    try {
      const [row] = await this.select(meter, '?l', `${valuesClause('lp', NAME_PREDICATES)} ?e ?lp ?l FILTER(isLiteral(?l))`, 'LIMIT 1', options);
      const word = row?.l?.value.match(/\p{L}{4,}/u)?.[0];
      if (word) {
        const hits = await this.select(meter, '?e', `${valuesClause('lp', NAME_PREDICATES)} ?e ?lp ?l . ?l bif:contains ${stringLiteral(`"${word}"`)}`, 'LIMIT 1', options);
        if (hits.length > 0) mode = 'bif:contains';
      }
    } catch {
      // no bif: functions (not Virtuoso) or no text index: CONTAINS scans instead
    }
    this.textSearch = { mode, at: performance.now() };
    return mode;
  }

  /** Checks that the endpoint answers a query (a failure says why: HTTP, time-out, not SPARQL), then its statistics. */
  async open(options: RemoteCallOptions = {}): Promise<RemoteStats> {
    await this.select(new CallMeter(), '?s', '?s ?p ?o', 'LIMIT 1', options);
    return this.stats(20, options);
  }

  /** Triples, the most-used predicates and a few labelled entities; a count that runs out of time is null with a note. */
  async stats(predicateLimit = 20, options: RemoteCallOptions = {}): Promise<RemoteStats> {
    const meter = new CallMeter();
    const notes: string[] = [];
    const noted = <T>(what: string, fallback: T) => (err: unknown): T => {
      notes.push(`${what}: ${(err as Error).message}`);
      return fallback;
    };
    const [triples, predicates, sample, textSearch] = await Promise.all([
      this.select(meter, '(COUNT(*) AS ?n)', '?s ?p ?o', '', options).then((rows) => termNumber(rows[0]?.n), noted('triple count', null)),
      this.select(meter, '?p (COUNT(*) AS ?n)', '?s ?p ?o', `GROUP BY ?p ORDER BY DESC(?n) LIMIT ${predicateLimit}`, options).then(
        (rows) => rows.map((r) => ({ predicate: r.p!.value, triples: termNumber(r.n) })),
        noted('predicate counts', []),
      ),
      this.sampleEntities(meter, 10, options).catch(noted('sample entities', [])),
      this.textSearchMode(options),
    ]);
    return { endpoint: this.endpoint, graph: this.graph, triples, predicates, sample, textSearch, notes, ms: meter.ms };
  }

  private async sampleEntities(meter: CallMeter, n: number, options: RemoteCallOptions): Promise<RemoteEntity[]> {
    let rows = await this.select(meter, 'DISTINCT ?e', `${valuesClause('lp', LABEL_PREDICATES)} ?e ?lp ?l FILTER(isIRI(?e))`, `LIMIT ${n}`, options);
    if (rows.length === 0) rows = await this.select(meter, 'DISTINCT ?e', '?e ?p ?o FILTER(isIRI(?e))', `LIMIT ${n}`, options);
    return [...(await this.describe(meter, rows.map((r) => r.e!.value), options)).values()];
  }

  /**
   * Entities whose name contains the text (case-insensitive), exact names first; an IRI is looked up as itself.
   * With a text index, bif:contains finds the candidates (words, 4+ letters as prefixes), else FILTER(CONTAINS(…)) scans.
   */
  async search(text: string, limit = 20, options: RemoteCallOptions = {}): Promise<RemoteSearchResult> {
    const meter = new CallMeter();
    const query = text.trim();
    if (IRI_TEXT.test(query)) {
      const rows = await this.select(meter, '?x', `{ ${iriRef(query)} ?p ?x } UNION { ?x ?p ${iriRef(query)} }`, 'LIMIT 1', options);
      const entities = rows.length ? [...(await this.describe(meter, [query], options)).values()] : [];
      return { endpoint: this.endpoint, text, mode: 'iri', entities, truncated: false, ms: meter.ms };
    }
    const mode = await this.textSearchMode(options);
    const names = valuesClause('lp', NAME_PREDICATES);
    const exact = this.select(meter, 'DISTINCT ?e', `${names} VALUES ?l { ${stringLiteral(query)} ${stringLiteral(query)}@en }\n?e ?lp ?l FILTER(isIRI(?e))`, `LIMIT ${limit}`, options);
    const lower = query.toLowerCase();
    let match: string;
    if (mode === 'bif:contains') {
      const words = lower.match(/[\p{L}\p{N}]+/gu) ?? [];
      if (words.length === 0) return { endpoint: this.endpoint, text, mode, entities: [], truncated: false, ms: meter.ms };
      // Virtuoso's wildcard needs 4 leading characters; the CONTAINS filter keeps the answer to the text asked for.
      const expr = words.map((w) => `"${w}${w.length >= 4 ? '*' : ''}"`).join(' AND ');
      match = `?l bif:contains ${stringLiteral(expr)} FILTER(CONTAINS(LCASE(STR(?l)), ${stringLiteral(lower)}))`;
    } else match = `FILTER(isLiteral(?l) && CONTAINS(LCASE(STR(?l)), ${stringLiteral(lower)}))`;
    const containing = this.select(meter, '?e (MIN(STR(?l)) AS ?name)', `${names} ?e ?lp ?l . ${match} FILTER(isIRI(?e))`, `GROUP BY ?e LIMIT ${limit}`, options);
    const [exactRows, containingRows] = await Promise.all([exact, containing]);
    const found = new Map<string, string>();
    for (const r of exactRows) found.set(r.e!.value, query);
    for (const r of containingRows) if (!found.has(r.e!.value)) found.set(r.e!.value, r.name!.value);
    const order = [...found.entries()]
      .map(([iri, name]) => ({ iri, name: name.toLowerCase() }))
      .sort((a, b) => Number(b.name === lower) - Number(a.name === lower) || Number(b.name.startsWith(lower)) - Number(a.name.startsWith(lower)) || a.name.length - b.name.length)
      .slice(0, limit);
    const described = await this.describe(meter, order.map((o) => o.iri), options);
    return { endpoint: this.endpoint, text, mode, entities: order.map((o) => described.get(o.iri)!), truncated: containingRows.length >= limit, ms: meter.ms };
  }

  /**
   * The graph at a glance: the entities of highest degree among the first `sample` entity–entity triples the store
   * yields (all of them when it holds fewer, then `exact`), and the triples among those entities.
   */
  async overview(limit = 50, sample = 200_000, edgeLimit = 1000, options: RemoteCallOptions = {}): Promise<RemoteSlice> {
    const meter = new CallMeter();
    const sampled = `{ SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isIRI(?o) && ${NOT_TYPE}) } LIMIT ${sample} }`;
    const [ranked, sizeRows] = await Promise.all([
      // Both ends of each sampled triple; (a VALUES ?side + IF form of the same took 8× longer on Virtuoso 7)
      this.select(meter, '?e (COUNT(*) AS ?d)', `{ ${sampled} BIND(?s AS ?e) } UNION { ${sampled} BIND(?o AS ?e) }`, `GROUP BY ?e ORDER BY DESC(?d) LIMIT ${limit}`, options),
      this.select(meter, '(COUNT(*) AS ?n)', sampled, '', options),
    ]);
    const degree = new Map(ranked.filter((r) => isIriTerm(r.e)).map((r) => [r.e!.value, termNumber(r.d)]));
    const sampledTriples = termNumber(sizeRows[0]?.n);
    // The triples among the top entities and their labels, side by side: both need only the ranking.
    const [edges, described] = await Promise.all([
      degree.size === 0
        ? []
        : this.select(meter, '?s ?p ?o', `${valuesClause('s', degree.keys())} ${valuesClause('o', degree.keys())}\n?s ?p ?o FILTER(${NOT_TYPE})`, `LIMIT ${edgeLimit}`, options).then((rows) =>
            rows.map((r): RemoteEdge => ({ subject: r.s!.value, predicate: r.p!.value, object: r.o!.value })),
          ),
      this.describe(meter, degree.keys(), options),
    ]);
    const nodes: RemoteNode[] = [...degree].map(([iri, d]) => ({ ...described.get(iri)!, degree: d }));
    return { endpoint: this.endpoint, nodes, edges, truncated: edges.length >= edgeLimit, sampledTriples, exact: sampledTriples < sample, queries: meter.queries, ms: meter.ms };
  }

  /** Out- and in-edges of a set of entities (type links out are attributes, not edges), each direction up to `limit`. */
  private async edgesOf(meter: CallMeter, iris: string[], limit: number, options: RemoteCallOptions): Promise<{ edges: RemoteEdge[]; truncated: boolean }> {
    const [out, incoming] = await Promise.all([
      this.select(meter, '?s ?p ?o', `${valuesClause('s', iris)}\n?s ?p ?o FILTER(isIRI(?o) && ${NOT_TYPE})`, `LIMIT ${limit}`, options),
      // Blank subjects are dropped here, not by FILTER(isIRI(?s)): with that filter Virtuoso 7 scans the store (an
      // entity with 41 in-edges among 10M triples: 3 s, 14 ms without it).
      this.select(meter, '?s ?p ?o', `${valuesClause('o', iris)}\n?s ?p ?o`, `LIMIT ${limit}`, options),
    ]);
    const edges = [...out, ...incoming.filter((r) => isIriTerm(r.s))].map((r) => ({ subject: r.s!.value, predicate: r.p!.value, object: r.o!.value }));
    return { edges, truncated: out.length >= limit || incoming.length >= limit };
  }

  /**
   * An entity's neighbourhood of 1 or 2 hops: each hop asks for the frontier's out- and in-edges (up to `limit` each);
   * the second hop expands at most `frontier` of the first hop's neighbours, best connected first.
   */
  async neighbourhood(iri: string, hops = 1, limit = 200, frontier = 50, options: RemoteCallOptions = {}): Promise<RemoteSlice> {
    const meter = new CallMeter();
    iriRef(iri);
    const edges = new Map<string, RemoteEdge>();
    const seen = new Set([iri]);
    let next = [iri];
    let truncated = false;
    for (let hop = 1; hop <= hops && next.length > 0; hop++) {
      const found = await this.edgesOf(meter, next, limit, options);
      truncated ||= found.truncated;
      const touched = new Map<string, number>();
      for (const e of found.edges) {
        edges.set(`${e.subject} ${e.predicate} ${e.object}`, e);
        for (const end of [e.subject, e.object]) if (!seen.has(end)) touched.set(end, (touched.get(end) ?? 0) + 1);
      }
      for (const end of touched.keys()) seen.add(end);
      next = [...touched].sort((a, b) => b[1] - a[1]).slice(0, frontier).map(([end]) => end);
      if (touched.size > frontier && hop < hops) truncated = true;
    }
    return { endpoint: this.endpoint, ...(await this.slice(meter, [...edges.values()], seen, options)), truncated, queries: meter.queries, ms: meter.ms };
  }

  private async slice(meter: CallMeter, edges: RemoteEdge[], iris: Iterable<string>, options: RemoteCallOptions): Promise<{ nodes: RemoteNode[]; edges: RemoteEdge[] }> {
    const degree = new Map<string, number>([...iris].map((i) => [i, 0]));
    for (const e of edges) for (const end of [e.subject, e.object]) degree.set(end, (degree.get(end) ?? 0) + 1);
    const described = await this.describe(meter, degree.keys(), options);
    return { nodes: [...degree].map(([iri, d]) => ({ ...described.get(iri)!, degree: d })), edges };
  }

  /** What the inspector shows: an entity's properties (out), the triples naming it (in), its labels, types and degree. */
  async entity(iri: string, limit = 200, options: RemoteCallOptions = {}): Promise<RemoteEntityDetail> {
    const meter = new CallMeter();
    const me = iriRef(iri);
    const count = (body: string): Promise<number | null> => this.select(meter, '(COUNT(*) AS ?n)', body, '', options).then((r) => termNumber(r[0]?.n), () => null);
    const [out, incoming, outDegree, inDegree] = await Promise.all([
      this.select(meter, '?p ?o', `${me} ?p ?o`, `LIMIT ${limit}`, options),
      this.select(meter, '?s ?p', `?s ?p ${me}`, `LIMIT ${limit}`, options),
      count(`${me} ?p ?o`),
      count(`?s ?p ${me}`),
    ]);
    const linked = [iri, ...out.filter((r) => isIriTerm(r.o)).map((r) => r.o!.value), ...incoming.filter((r) => isIriTerm(r.s)).map((r) => r.s!.value)];
    const described = await this.describe(meter, linked, options);
    const value = (t: JsonTerm): RemoteValue =>
      t.type === 'uri' ? { kind: 'iri', iri: t.value, label: described.get(t.value)?.label ?? null }
        : t.type === 'bnode' ? { kind: 'blank', id: t.value }
          : { kind: 'literal', value: t.value, datatype: t.datatype ?? null, lang: t['xml:lang'] || null };
    const names = new Set<string>(NAME_PREDICATES);
    return {
      ...described.get(iri)!,
      endpoint: this.endpoint,
      labels: out.filter((r) => names.has(r.p!.value) && r.o!.type !== 'uri' && r.o!.type !== 'bnode').map((r) => ({ predicate: r.p!.value, value: r.o!.value, lang: r.o!['xml:lang'] || null })),
      types: out.filter((r) => r.p!.value === RDF_TYPE && isIriTerm(r.o)).map((r) => r.o!.value),
      outgoing: out.map((r) => ({ predicate: r.p!.value, value: value(r.o!) })),
      incoming: incoming.filter((r) => isIriTerm(r.s)).map((r) => ({ predicate: r.p!.value, subject: described.get(r.s!.value)! })),
      outDegree,
      inDegree,
      truncated: out.length >= limit || incoming.length >= limit,
      ms: meter.ms,
    };
  }

  /** Connections of one and two hops between two entities, each hop in either direction, not through rdf:type. */
  async paths(from: string, to: string, limit = 50, options: RemoteCallOptions = {}): Promise<RemotePaths> {
    const meter = new CallMeter();
    const [a, b] = [iriRef(from), iriRef(to)];
    const notType = (p: string): string => `${p} != ${iriRef(RDF_TYPE)}`;
    const [direct, twoHop] = await Promise.all([
      this.select(meter, '?p ?f', `{ ${a} ?p ${b} BIND(1 AS ?f) } UNION { ${b} ?p ${a} BIND(0 AS ?f) }`, `LIMIT ${limit}`, options),
      this.select(
        meter,
        '?p1 ?f1 ?m ?p2 ?f2',
        `{ ${a} ?p1 ?m BIND(1 AS ?f1) } UNION { ?m ?p1 ${a} BIND(0 AS ?f1) }\n{ ?m ?p2 ${b} BIND(1 AS ?f2) } UNION { ${b} ?p2 ?m BIND(0 AS ?f2) }\n` +
          // isIRI(?m) is checked here, not in the query: Virtuoso 7 plans it as a scan (1.3 s vs 76 ms on 10M triples)
          `FILTER(?m != ${a} && ?m != ${b} && ${notType('?p1')} && ${notType('?p2')})`,
        `LIMIT ${limit}`,
        options,
      ).then((rows) => ({ rows: rows.filter((r) => isIriTerm(r.m)), read: rows.length })),
    ]);
    const step = (p: JsonTerm, f: JsonTerm): RemotePathStep => ({ predicate: p.value, forward: termNumber(f) === 1 });
    const described = await this.describe(meter, [from, to, ...twoHop.rows.map((r) => r.m!.value)], options);
    const e = (iri: string): RemoteEntity => described.get(iri)!;
    const paths = [
      ...direct.map((r) => ({ nodes: [e(from), e(to)], steps: [step(r.p!, r.f!)] })),
      ...twoHop.rows.map((r) => ({ nodes: [e(from), e(r.m!.value), e(to)], steps: [step(r.p1!, r.f1!), step(r.p2!, r.f2!)] })),
    ];
    return { endpoint: this.endpoint, from: e(from), to: e(to), paths, truncated: direct.length >= limit || twoHop.read >= limit, ms: meter.ms };
  }

  /**
   * A CONSTRUCT for the subgraph a local KG should hold for these entities: the triples among them, their types and
   * their English or plain literals (labels, attributes).
   */
  subgraphQuery(iris: string[]): string {
    const graph = this.graph ? ` FROM ${iriRef(this.graph)}` : '';
    return (
      `CONSTRUCT { ?s ?p ?o }${graph} WHERE {\n  ${valuesClause('s', iris)}\n` +
      `  { ?s ?p ?o FILTER(isLiteral(?o) && (LANG(?o) = "" || LANGMATCHES(LANG(?o), "en"))) }\n` +
      `  UNION { ?s ?p ?o FILTER(?p = ${iriRef(RDF_TYPE)}) }\n` +
      `  UNION { ${valuesClause('o', iris)} ?s ?p ?o }\n}`
    );
  }
}

/** The remote KGs a service has opened, by endpoint and graph: each remembers what its endpoint can do. */
export class RemoteKgs {
  private readonly open = new Map<string, RemoteKg>();

  get(endpoint: string, graph?: string | null): RemoteKg {
    const id = `${endpoint} ${graph ?? ''}`;
    let kg = this.open.get(id);
    if (!kg) {
      kg = new RemoteKg(endpoint, graph ?? null);
      this.open.set(id, kg);
    }
    return kg;
  }
}

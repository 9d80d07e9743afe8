import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from '../import/import-files.js';
import { demoFiles } from '../demo.js';
import { datasetPath, tempDir } from '../../../test-support/paths.js';
import { countQueryFromStatistics, recogniseCountQuery } from './group-counts.js';
import { loadKgDataset, type DatasetOptions, type KgDataset } from './kg-dataset.js';
import { RESULT_MEDIA, runSparqlQuery } from './sparql-query.js';
import type { SparqlFormat } from '../../contract/sparql-types.js';

let tmp: ReturnType<typeof tempDir>;
let kg: KgStore;

beforeEach(() => {
  tmp = tempDir();
  kg = KgStore.open(join(tmp.dir, 'kg.sqlite'));
});
afterEach(() => {
  kg.close();
  tmp.cleanup();
});

type Bindings = Array<Record<string, { type: string; value: string; datatype?: string }>>;
const bindings = (body: string): Bindings => (JSON.parse(body) as { results: { bindings: Bindings } }).results.bindings;
const PREFIXES = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n';

/** The answer through runSparqlQuery (counts when they apply) and oxigraph's own answer to the query as written. */
function both(dataset: KgDataset, query: string, format: SparqlFormat = 'json'): { fast: string; engine: string; fromCounts: boolean } {
  const fast = runSparqlQuery(null, query, { dataset, format, autoPrefixes: false }).body;
  const engine = String(dataset.store.query(query, { results_format: RESULT_MEDIA[format] }));
  return { fast, engine, fromCounts: dataset.counts !== null && countQueryFromStatistics(query, dataset.counts) !== null };
}

/** Queries whose order is total (ties broken by the group term): the documents must be identical. */
const TOTAL_ORDER = [
  'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 10',
  'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p',
  'select ?s (count(?o) as ?n) { ?s ?p ?o . } group by ?s order by desc(?n) asc(?s) limit 7 offset 3',
  'SELECT DISTINCT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?n',
  'SELECT ?s (COUNT(*) AS ?n) (COUNT(?p) AS ?m) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ASC(?n) ?s LIMIT 5',
  'PREFIX ex: <http://example.org/>\n# whole graph\nSELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }',
  'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 0',
  'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p OFFSET 100000 LIMIT 3',
];

/** Checks every shape against oxigraph's answer on one dataset, in every results format. */
function checkAgainstEngine(dataset: KgDataset, { blankSubjects = false } = {}): void {
  for (const q of TOTAL_ORDER) {
    const grouped = /group by \?s/i.test(q);
    for (const format of ['json', 'xml', 'csv', 'tsv'] as const) {
      const r = both(dataset, q, format);
      expect(r.fast, `${q} (${format})`).toBe(r.engine);
      expect(r.fromCounts, q).toBe(dataset.counts !== null && !(grouped && blankSubjects));
    }
  }
  // Ties at the LIMIT: any of the tied groups may come back; the counts in order, and each group's count, must agree.
  for (const q of ['SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10', 'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ?n LIMIT 4', 'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s LIMIT 5']) {
    const g = /\?p \(/.test(q) ? 'p' : 's';
    const r = both(dataset, q);
    const all = new Map(bindings(String(dataset.store.query(q.replace(/ ORDER BY .*| LIMIT .*/, ''), { results_format: RESULT_MEDIA.json }))).map((b) => [b[g].value, b.n.value]));
    const [fast, engine] = [bindings(r.fast), bindings(r.engine)];
    expect(fast.length, q).toBe(engine.length);
    if (/ORDER BY/.test(q)) expect(fast.map((b) => b.n.value), q).toEqual(engine.map((b) => b.n.value));
    for (const b of fast) expect(all.get(b[g].value), q).toBe(b.n.value);
  }
}

describe('whole-graph counts from the counts kept with the store', () => {
  it('answers as oxigraph does on a benchmark KG (Nations) and the demo KG (entity-table labels)', async () => {
    await importFiles(kg, [{ path: datasetPath('nations') }], { format: 'benchmark' });
    const nations = loadKgDataset(kg);
    expect(nations.counts?.triples).toBeGreaterThan(1500);
    checkAgainstEngine(nations);
    await importFiles(kg, demoFiles().map((path) => ({ path })));
    for (const options of [{}, { derived: true }, { entityColumns: false }] as DatasetOptions[]) checkAgainstEngine(loadKgDataset(kg, options));
  });

  it('counts the default graph of either dataset view, and falls back where VALUES cannot name a blank subject', async () => {
    const nq = join(tmp.dir, 'data.nq');
    writeFileSync(
      nq,
      [
        '<http://example.org/a> <http://example.org/p> <http://example.org/b> .',
        '<http://example.org/a> <http://example.org/q> "x" .',
        '<http://example.org/b> <http://example.org/p> <http://example.org/c> <http://example.org/g1> .',
        '<http://example.org/c> <http://example.org/q> "y"@en <http://example.org/g1> .',
        '_:blank <http://example.org/p> <http://example.org/a> .',
        '',
      ].join('\n'),
    );
    await importFiles(kg, [{ path: nq }]);
    for (const graphs of ['union', 'separate'] as const) {
      const dataset = loadKgDataset(kg, { graphs });
      expect(dataset.counts?.triples).toBe(graphs === 'union' ? 5 : 3);
      expect(dataset.counts?.subjects).toBeNull();
      checkAgainstEngine(dataset, { blankSubjects: true });
    }
  });

  it('is not trusted when the engine holds fewer quads than were added (literals it canonicalises)', async () => {
    const nt = join(tmp.dir, 'ints.nt');
    const int = 'http://www.w3.org/2001/XMLSchema#integer';
    writeFileSync(nt, `<http://example.org/a> <http://example.org/n> "01"^^<${int}> .\n<http://example.org/a> <http://example.org/n> "1"^^<${int}> .\n`);
    await importFiles(kg, [{ path: nt }]);
    const dataset = loadKgDataset(kg);
    if (dataset.quads === dataset.store.size) expect(dataset.counts).not.toBeNull();
    else expect(dataset.counts).toBeNull();
    checkAgainstEngine(dataset);
    expect(bindings(runSparqlQuery(null, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { dataset }).body)[0].n.value).toBe(String(dataset.store.size));
  });

  it('answers an empty KG: one count of 0, no groups', () => {
    const dataset = loadKgDataset(kg);
    expect(dataset.counts?.triples).toBe(0);
    checkAgainstEngine(dataset);
    expect(bindings(runSparqlQuery(null, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { dataset }).body)).toEqual([{ n: { type: 'literal', value: '0', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } }]);
  });

  it('recognises only the plain count shapes; anything else runs in the engine as written', async () => {
    await importFiles(kg, demoFiles().map((path) => ({ path })));
    const dataset = loadKgDataset(kg);
    expect(recogniseCountQuery('SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n) LIMIT 10')).toMatchObject({
      group: { variable: 'p', position: 'predicate' }, order: [{ variable: 'n', descending: true }], limit: 10, offset: 0,
    });
    const others = [
      'SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o',
      'SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p',
      'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?o)) } GROUP BY ?p',
      'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p HAVING (COUNT(*) > 3)',
      'SELECT ?p (COUNT(*) AS ?n) FROM <http://example.org/g> WHERE { ?s ?p ?o } GROUP BY ?p',
      'SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p',
      'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?s ?o } GROUP BY ?s',
      'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r } GROUP BY ?p',
      'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p rdfs:Class } GROUP BY ?p',
      'SELECT ?p (SUM(1) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p',
      'SELECT ?p (COUNT(?x) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p',
      'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p',
      'SELECT ?p (COUNT(*) AS ?p) WHERE { ?s ?p ?o } GROUP BY ?p',
      'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?o)',
      'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n + 1)',
      'SELECT ?p WHERE { ?s ?p ?o } GROUP BY ?p',
      'SELECT * WHERE { ?s ?p ?o }',
      'ASK { ?s ?p ?o }',
      'SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p LIMIT 10 LIMIT 3',
    ];
    for (const q of others) {
      expect(recogniseCountQuery(q), q).toBeNull();
      let engine: string | Error;
      try {
        engine = String(dataset.store.query(PREFIXES + q, { results_format: RESULT_MEDIA.json }));
      } catch (err) {
        engine = err as Error;
      }
      if (engine instanceof Error) expect(() => runSparqlQuery(null, PREFIXES + q, { dataset, autoPrefixes: false }), q).toThrow();
      else expect(runSparqlQuery(null, PREFIXES + q, { dataset, autoPrefixes: false }).body, q).toBe(engine);
    }
  });
});

import * as ox from 'oxigraph';
import { Parser, type Quad, type Term } from 'n3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { importFiles } from '../../import/import-files.js';
import { KgStore } from '../../store/kg-store.js';
import { loadKgDataset } from '../kg-dataset.js';
import { runSparqlQuery, SparqlSyntaxError } from '../sparql-query.js';
import { NUMERIC_NOTE, parseResultsJson, parseResultsXml, resultSetFromGraph, sameResults, sameRows, sameRowsByValue, triplesAsRows, type ResultDoc } from './result-compare.js';
import { RDF_TYPE } from '../../../contract/vocabulary.js';

/**
 * The W3C SPARQL 1.1 query test suite run over Relata's SPARQL face: each evaluation test's data is imported into a
 * fresh KG through Relata's own importer (RDF/XML and relative IRIs are first turned into N-Triples / N-Quads with
 * the test's base IRI), the query runs through runSparqlQuery, and the result is compared with the expected one up
 * to blank-node renaming (as multisets: order is not checked).
 */

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const DAWGT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
/** The suite's own base: data and queries resolve relative IRIs against it, as in the published test harnesses. */
export const SUITE_BASE = 'http://www.w3.org/2009/sparql/docs/tests/data-sparql11/';

/** The folders of the SPARQL 1.1 Query manifest (manifest-sparql11-query.ttl). */
export const QUERY_FOLDERS = [
  'aggregates', 'bind', 'bindings', 'cast', 'construct', 'exists', 'functions', 'grouping', 'negation', 'project-expression', 'property-path', 'subquery', 'syntax-query',
] as const;

export type TestKind = 'eval' | 'syntax+' | 'syntax-';
export interface SuiteTest {
  folder: string;
  name: string;
  kind: TestKind;
  query: string;
  data: string[];
  /** Named graphs: name and file. */
  graphData: Array<{ iri: string; file: string }>;
  result: string | null;
}
export interface TestOutcome {
  test: SuiteTest;
  passed: boolean;
  reason?: string;
  ms: number;
}

/** The members of an RDF collection (rdf:first / rdf:rest) starting at `head`. */
export function list(quads: Quad[], head: Term): Term[] {
  const out: Term[] = [];
  let node: Term = head;
  for (let guard = 0; node.value !== `${RDF}nil` && guard < 100_000; guard++) {
    const first = quads.find((q) => q.subject.equals(node) && q.predicate.value === `${RDF}first`);
    const rest = quads.find((q) => q.subject.equals(node) && q.predicate.value === `${RDF}rest`);
    if (!first || !rest) break;
    out.push(first.object);
    node = rest.object;
  }
  return out;
}

const fileOf = (folderDir: string, folder: string, iri: string): string => join(folderDir, iri.startsWith(`${SUITE_BASE}${folder}/`) ? iri.slice(`${SUITE_BASE}${folder}/`.length) : iri);

/** The tests a folder's manifest lists (withdrawn ones left out). */
export function readManifest(suiteDir: string, folder: string): SuiteTest[] {
  const dir = join(suiteDir, folder);
  const base = `${SUITE_BASE}${folder}/manifest.ttl`;
  const quads = new Parser({ format: 'Turtle', baseIRI: base }).parse(readFileSync(join(dir, 'manifest.ttl'), 'utf8'));
  const one = (s: Term, p: string): Term | undefined => quads.find((q) => q.subject.equals(s) && q.predicate.value === p)?.object;
  const all = (s: Term, p: string): Term[] => quads.filter((q) => q.subject.equals(s) && q.predicate.value === p).map((q) => q.object);
  const entriesHead = quads.find((q) => q.predicate.value === `${MF}entries`)?.object;
  if (!entriesHead) return [];
  const tests: SuiteTest[] = [];
  for (const entry of list(quads, entriesHead)) {
    const type = one(entry, RDF_TYPE)?.value ?? '';
    if (one(entry, `${DAWGT}approval`)?.value === `${DAWGT}Withdrawn`) continue;
    const name = one(entry, `${MF}name`)?.value ?? entry.value;
    const action = one(entry, `${MF}action`);
    if (!action) continue;
    const path = (t: Term): string => fileOf(dir, folder, t.value);
    if (type === `${MF}PositiveSyntaxTest11` || type === `${MF}NegativeSyntaxTest11`) {
      tests.push({ folder, name, kind: type.endsWith('PositiveSyntaxTest11') ? 'syntax+' : 'syntax-', query: path(action), data: [], graphData: [], result: null });
    } else if (type === `${MF}QueryEvaluationTest`) {
      const query = one(action, `${QT}query`);
      if (!query) continue;
      const result = one(entry, `${MF}result`);
      tests.push({
        folder, name, kind: 'eval', query: path(query), data: all(action, `${QT}data`).map(path), graphData: all(action, `${QT}graphData`).map((t) => ({ iri: t.value, file: path(t) })), result: result ? path(result) : null,
      });
    }
  }
  return tests;
}

const FORMAT_BY_EXT: Record<string, string> = { '.ttl': 'text/turtle', '.nt': 'application/n-triples', '.rdf': 'application/rdf+xml', '.nq': 'application/n-quads', '.trig': 'application/trig' };
const iriOf = (folder: string, file: string): string => `${SUITE_BASE}${folder}/${file.split('/').pop()}`;

function parseRdfFile(folder: string, file: string): ox.Quad[] {
  const format = FORMAT_BY_EXT[extname(file)] ?? 'text/turtle';
  return ox.parse(readFileSync(file, 'utf8'), { format, base_iri: iriOf(folder, file) });
}

/** Data into a fresh in-memory KG through Relata's importer: default-graph files as N-Triples, graphData as N-Quads. */
async function kgFor(test: SuiteTest, tmp: string): Promise<KgStore> {
  const kg = KgStore.open(':memory:');
  const sources: Array<{ path: string; name: string }> = [];
  test.data.forEach((file, i) => {
    const quads = parseRdfFile(test.folder, file);
    if (!quads.length) return;
    const path = join(tmp, `data-${i}.nt`);
    writeFileSync(path, new ox.Store(quads).dump({ format: 'application/n-triples', from_graph_name: ox.defaultGraph() }));
    sources.push({ path, name: file.split('/').pop()! });
  });
  test.graphData.forEach(({ iri, file }, i) => {
    const quads = parseRdfFile(test.folder, file);
    if (!quads.length) return;
    const store = new ox.Store();
    for (const q of quads) store.add(ox.quad(q.subject, q.predicate, q.object, ox.namedNode(iri)));
    const path = join(tmp, `graph-${i}.nq`);
    writeFileSync(path, store.dump({ format: 'application/n-quads' }));
    sources.push({ path, name: iri.split('/').pop()! });
  });
  if (sources.length) await importFiles(kg, sources, {});
  return kg;
}

function expectedResult(test: SuiteTest): { doc?: ResultDoc; graph?: ox.Quad[] } {
  const file = test.result!;
  const ext = extname(file);
  const text = readFileSync(file, 'utf8');
  if (ext === '.srx') return { doc: parseResultsXml(text) };
  if (ext === '.srj') return { doc: parseResultsJson(text) };
  const graph = parseRdfFile(test.folder, file);
  const doc = resultSetFromGraph(graph as never);
  return doc ? { doc } : { graph };
}

/** The same test on oxigraph alone (data parsed straight into its store): tells engine failures from Relata's. */
function engineAlonePasses(test: SuiteTest, query: string, baseIri: string): boolean {
  try {
    const store = new ox.Store();
    for (const file of test.data) for (const q of parseRdfFile(test.folder, file)) store.add(q);
    for (const { iri, file } of test.graphData) for (const q of parseRdfFile(test.folder, file)) store.add(ox.quad(q.subject, q.predicate, q.object, ox.namedNode(iri)));
    const expected = expectedResult(test);
    if (expected.graph) {
      const actual = store.query(query, { base_iri: baseIri }) as ox.Quad[];
      return sameRowsByValue(triplesAsRows(actual as never), triplesAsRows(expected.graph as never), ['s', 'p', 'o']);
    }
    const body = store.query(query, { base_iri: baseIri, results_format: 'application/sparql-results+json' }) as string;
    return sameResults(parseResultsJson(body), expected.doc!).ok;
  } catch {
    return false;
  }
}

export async function runTest(test: SuiteTest): Promise<TestOutcome> {
  const outcome = await runTestOnce(test);
  if (outcome.passed || outcome.test.kind !== 'eval') return outcome;
  const query = readFileSync(test.query, 'utf8');
  const alone = engineAlonePasses(test, query, iriOf(test.folder, test.query));
  return { ...outcome, reason: `${outcome.reason}; ${alone ? "oxigraph alone passes: Relata's mapping of the KG" : 'oxigraph alone fails too (engine)'}` };
}

async function runTestOnce(test: SuiteTest): Promise<TestOutcome> {
  const t0 = performance.now();
  const done = (passed: boolean, reason?: string): TestOutcome => ({ test, passed, reason, ms: performance.now() - t0 });
  const query = readFileSync(test.query, 'utf8');
  const baseIri = iriOf(test.folder, test.query);
  if (test.kind !== 'eval') {
    const kg = KgStore.open(':memory:');
    try {
      runSparqlQuery(kg, query, { autoPrefixes: false, baseIri, dataset: loadKgDataset(kg) });
      return test.kind === 'syntax+' ? done(true) : done(false, 'accepted a query that is not valid SPARQL 1.1');
    } catch (err) {
      if (test.kind === 'syntax-') return err instanceof SparqlSyntaxError ? done(true) : done(true, `rejected without LINE:COL (${(err as Error).message.slice(0, 80)})`);
      return err instanceof SparqlSyntaxError ? done(false, `syntax error ${(err as Error).message.slice(0, 160)}`) : done(true);
    } finally {
      kg.close();
    }
  }
  const tmp = mkdtempSync(join(tmpdir(), 'relata-w3c-'));
  let kg: KgStore | null = null;
  try {
    kg = await kgFor(test, tmp);
    const dataset = loadKgDataset(kg, { graphs: 'separate' });
    const expected = expectedResult(test);
    if (expected.graph) {
      const r = runSparqlQuery(kg, query, { autoPrefixes: false, baseIri, dataset, format: 'nt' });
      const actual = ox.parse(r.body, { format: 'application/n-triples' });
      const [a, e] = [triplesAsRows(actual as never), triplesAsRows(expected.graph as never)];
      if (sameRows(a, e, ['s', 'p', 'o'])) return done(true);
      if (sameRowsByValue(a, e, ['s', 'p', 'o'])) return done(true, NUMERIC_NOTE);
      return done(false, `graph of ${actual.length} triples differs from the ${expected.graph.length} expected`);
    }
    const r = runSparqlQuery(kg, query, { autoPrefixes: false, baseIri, dataset, format: 'json' });
    // Solution order is checked where the query orders them at its top level (an ORDER BY after the last brace).
    const ordered = /ORDER\s+BY[^}]*$/i.test(query.replace(/(^|\s)#[^\n]*/g, '$1'));
    if (ordered) orderedTests.add(`${test.folder}/${test.name}`);
    const cmp = sameResults(parseResultsJson(r.body), expected.doc!, ordered);
    return cmp.ok ? done(true, cmp.note) : done(false, cmp.why);
  } catch (err) {
    return done(false, `error: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
  } finally {
    kg?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Tests whose solution order was checked (a top-level ORDER BY), for the report. */
export const orderedTests = new Set<string>();

export interface FolderReport {
  folder: string;
  eval: { passed: number; total: number };
  syntax: { passed: number; total: number };
  outcomes: TestOutcome[];
}

export async function runFolder(suiteDir: string, folder: string, filter?: (t: SuiteTest) => boolean): Promise<FolderReport> {
  const tests = readManifest(suiteDir, folder).filter(filter ?? (() => true));
  const outcomes: TestOutcome[] = [];
  for (const t of tests) outcomes.push(await runTest(t));
  const count = (kinds: TestKind[]): { passed: number; total: number } => {
    const of = outcomes.filter((o) => kinds.includes(o.test.kind));
    return { passed: of.filter((o) => o.passed).length, total: of.length };
  };
  return { folder, eval: count(['eval']), syntax: count(['syntax+', 'syntax-']), outcomes };
}

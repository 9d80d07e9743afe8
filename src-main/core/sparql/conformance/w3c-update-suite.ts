import * as ox from 'oxigraph';
import { Parser, type Quad, type Term } from 'n3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { importFiles } from '../../import/import-files.js';
import { rowCount } from '../../store/kg-lookup.js';
import { KgStore } from '../../store/kg-store.js';
import { loadKgDataset } from '../kg-dataset.js';
import { runSparqlUpdate } from '../sparql-update.js';
import { SparqlSyntaxError } from '../sparql-query.js';
import { sameRows, sameRowsByValue, triplesAsRows, NUMERIC_NOTE } from './result-compare.js';
import { list, SUITE_BASE, type TestOutcome } from './w3c-suite.js';
import { RDF_TYPE } from '../../../contract/vocabulary.js';

/**
 * The W3C SPARQL 1.1 Update tests over Relata's write path: the data is imported into a fresh KG, the update runs
 * through runSparqlUpdate (one change-log edit), and the KG's triples afterwards, read back as RDF, are compared with
 * the expected graphs (default and named, in the 'separate' view: a named graph's triples only there). A KG holds
 * each triple once and has no empty graphs, so tests that need either fail with that reason.
 */

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const DAWGT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#';

/** The folders of manifest-sparql11-update.ttl. */
export const UPDATE_FOLDERS = [
  'add', 'basic-update', 'clear', 'copy', 'delete-data', 'delete-insert', 'delete-where', 'delete', 'drop', 'move', 'syntax-update-1', 'syntax-update-2', 'update-silent',
] as const;

export interface UpdateTest {
  folder: string;
  name: string;
  kind: 'eval' | 'syntax+' | 'syntax-';
  request: string;
  data: string | null;
  graphData: Array<{ iri: string; file: string }>;
  expected: string | null;
  expectedGraphs: Array<{ iri: string; file: string }>;
}

export function readUpdateManifest(suiteDir: string, folder: string): UpdateTest[] {
  const dir = join(suiteDir, folder);
  const prefix = `${SUITE_BASE}${folder}/`;
  const quads = new Parser({ format: 'Turtle', baseIRI: `${prefix}manifest.ttl` }).parse(readFileSync(join(dir, 'manifest.ttl'), 'utf8'));
  const one = (s: Term, p: string): Term | undefined => quads.find((q) => q.subject.equals(s) && q.predicate.value === p)?.object;
  const path = (t: Term): string => join(dir, t.value.startsWith(prefix) ? t.value.slice(prefix.length) : t.value);
  const head = quads.find((q) => q.predicate.value === `${MF}entries`)?.object;
  if (!head) return [];
  const tests: UpdateTest[] = [];
  for (const entry of list(quads, head)) {
    if (one(entry, `${DAWGT}approval`)?.value === `${DAWGT}Withdrawn`) continue;
    const type = one(entry, RDF_TYPE)?.value ?? '';
    const name = one(entry, `${MF}name`)?.value ?? entry.value;
    const action = one(entry, `${MF}action`);
    if (!action) continue;
    // Update folders also hold plain (Negative|Positive)SyntaxTest11 entries whose action is an update request.
    if ([`${MF}PositiveUpdateSyntaxTest11`, `${MF}NegativeUpdateSyntaxTest11`, `${MF}PositiveSyntaxTest11`, `${MF}NegativeSyntaxTest11`].includes(type)) {
      tests.push({ folder, name, kind: type.includes('Positive') ? 'syntax+' : 'syntax-', request: path(action), data: null, graphData: [], expected: null, expectedGraphs: [] });
    } else if (type === `${MF}UpdateEvaluationTest`) {
      const result = one(entry, `${MF}result`);
      const request = one(action, `${UT}request`);
      if (!request) continue;
      const data = one(action, `${UT}data`);
      const expected = result ? one(result, `${UT}data`) : undefined;
      const graphs = (node: Term | undefined): Array<{ iri: string; file: string }> =>
        node
          ? quads.filter((q) => q.subject.equals(node) && q.predicate.value === `${UT}graphData`).flatMap((q) => {
              const file = one(q.object, `${UT}graph`);
              const label = one(q.object, 'http://www.w3.org/2000/01/rdf-schema#label');
              return file && label ? [{ iri: label.value, file: path(file) }] : [];
            })
          : [];
      tests.push({
        folder, name, kind: 'eval', request: path(request), data: data ? path(data) : null, graphData: graphs(action),
        expected: expected ? path(expected) : null, expectedGraphs: graphs(result),
      });
    }
  }
  return tests;
}

const iriOf = (folder: string, file: string): string => `${SUITE_BASE}${folder}/${file.split('/').pop()}`;
const parseTurtle = (folder: string, file: string): ox.Quad[] =>
  ox.parse(readFileSync(file, 'utf8'), { format: extname(file) === '.nt' ? 'application/n-triples' : 'text/turtle', base_iri: iriOf(folder, file) });

export async function runUpdateTest(test: UpdateTest): Promise<TestOutcome> {
  const t0 = performance.now();
  const done = (passed: boolean, reason?: string): TestOutcome => ({ test: { folder: test.folder, name: test.name, kind: test.kind, query: test.request, data: [], graphData: [], result: test.expected }, passed, reason, ms: performance.now() - t0 });
  const request = readFileSync(test.request, 'utf8');
  const baseIri = iriOf(test.folder, test.request);
  if (test.kind !== 'eval') {
    // Parse only: a fresh empty store (no KG is written by a syntax test).
    try {
      new ox.Store().update(request, { base_iri: baseIri });
      return test.kind === 'syntax+' ? done(true) : done(false, 'accepted an update that is not valid SPARQL 1.1');
    } catch (err) {
      const parseError = /^error at \d+:\d+: /.test((err as Error).message);
      if (test.kind === 'syntax-') return done(true, parseError ? undefined : `rejected (${(err as Error).message.slice(0, 80)})`);
      return parseError ? done(false, `syntax error ${(err as Error).message.slice(0, 160)}`) : done(true, `parsed; running it failed (${(err as Error).message.slice(0, 80)})`);
    }
  }
  // Triples the data or the expected result put in more than one graph: a KG holds each triple once, in one graph.
  const shared = (files: Array<{ iri: string; file: string }>): boolean => {
    const seen = new Map<string, string>();
    for (const { iri, file } of files) {
      for (const q of parseTurtle(test.folder, file)) {
        const k = `${q.subject.toString()} ${q.predicate.toString()} ${q.object.toString()}`;
        if (seen.has(k) && seen.get(k) !== iri) return true;
        seen.set(k, iri);
      }
    }
    return false;
  };
  const sharing = [
    shared([...(test.data ? [{ iri: '', file: test.data }] : []), ...test.graphData]) ? 'the data' : '',
    shared([...(test.expected ? [{ iri: '', file: test.expected }] : []), ...test.expectedGraphs]) ? 'the expected result' : '',
  ].filter(Boolean);
  const outcome = await runUpdateTestOnce(test, request, baseIri, t0);
  if (outcome.passed || !sharing.length) return outcome;
  return { ...outcome, reason: `${sharing.join(' and ')} put${sharing.length === 1 ? 's' : ''} one triple in several graphs, where a KG holds it once: ${outcome.reason}` };
}

async function runUpdateTestOnce(test: UpdateTest, request: string, baseIri: string, t0: number): Promise<TestOutcome> {
  const done = (passed: boolean, reason?: string): TestOutcome => ({ test: { folder: test.folder, name: test.name, kind: test.kind, query: test.request, data: [], graphData: [], result: test.expected }, passed, reason, ms: performance.now() - t0 });
  const tmp = mkdtempSync(join(tmpdir(), 'relata-w3c-update-'));
  const kg = KgStore.open(':memory:');
  try {
    const sources: Array<{ path: string; name: string }> = [];
    if (test.data) {
      const quads = parseTurtle(test.folder, test.data);
      if (quads.length) {
        const path = join(tmp, 'data.nt');
        writeFileSync(path, new ox.Store(quads).dump({ format: 'application/n-triples', from_graph_name: ox.defaultGraph() }));
        sources.push({ path, name: test.data.split('/').pop()! });
      }
    }
    test.graphData.forEach(({ iri, file }, i) => {
      const store = new ox.Store();
      for (const q of parseTurtle(test.folder, file)) store.add(ox.quad(q.subject, q.predicate, q.object, ox.namedNode(iri)));
      if (!store.size) return;
      const path = join(tmp, `graph-${i}.nq`);
      writeFileSync(path, store.dump({ format: 'application/n-quads' }));
      sources.push({ path, name: file.split('/').pop()! });
    });
    if (sources.length) await importFiles(kg, sources);
    const before = rowCount(kg.db, 'change_log');
    const r = await runSparqlUpdate(kg, request, { autoPrefixes: false, baseIri, graphs: 'separate' });
    const logged = rowCount(kg.db, 'change_log') - before;
    if (logged !== (r.changeId === null ? 0 : 1)) return done(false, `expected one change-log entry, found ${logged}`);
    const view = loadKgDataset(kg, { entityColumns: false, graphs: 'separate' }).store;
    const expectedGraphs = new Map<string, ox.Quad[]>();
    for (const { iri, file } of test.expectedGraphs) expectedGraphs.set(iri, [...(expectedGraphs.get(iri) ?? []), ...parseTurtle(test.folder, file)]);
    const actualNames = new Set(view.match().filter((q) => q.graph.termType === 'NamedNode').map((q) => q.graph.value));
    // A KG has no empty graphs: an expected empty graph matches an absent one.
    const expectedNames = new Set([...expectedGraphs].filter(([, qs]) => qs.length).map(([iri]) => iri));
    const pairs: Array<[string, ox.Quad[], ox.Quad[]]> = [['the default graph', view.match(null, null, null, ox.defaultGraph()), test.expected ? parseTurtle(test.folder, test.expected) : []]];
    for (const iri of new Set([...actualNames, ...expectedNames])) pairs.push([`graph <${iri}>`, view.match(null, null, null, ox.namedNode(iri)), expectedGraphs.get(iri) ?? []]);
    let note: string | undefined;
    for (const [what, actual, expected] of pairs) {
      const [a, e] = [triplesAsRows(actual as never), triplesAsRows(expected as never)];
      if (sameRows(a, e, ['s', 'p', 'o'])) continue;
      if (sameRowsByValue(a, e, ['s', 'p', 'o'])) { note = NUMERIC_NOTE; continue; }
      return done(false, `${what} holds ${a.length} triples afterwards, ${e.length} expected, or different ones`);
    }
    return done(true, note);
  } catch (err) {
    return done(false, `error: ${(err as Error).message.split('\n')[0].slice(0, 200)}`);
  } finally {
    kg.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface UpdateFolderReport {
  folder: string;
  eval: { passed: number; total: number };
  syntax: { passed: number; total: number };
  outcomes: TestOutcome[];
}

export async function runUpdateFolder(suiteDir: string, folder: string): Promise<UpdateFolderReport> {
  const outcomes: TestOutcome[] = [];
  for (const t of readUpdateManifest(suiteDir, folder)) outcomes.push(await runUpdateTest(t));
  const count = (of: TestOutcome[]): { passed: number; total: number } => ({ passed: of.filter((o) => o.passed).length, total: of.length });
  return { folder, eval: count(outcomes.filter((o) => o.test.kind === 'eval')), syntax: count(outcomes.filter((o) => o.test.kind !== 'eval')), outcomes };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { tempDir } from '../../../test-support/paths.js';
import { runRelata } from '../../../test-support/run-relata.js';
import { startVirtuoso, type Virtuoso } from '../../../test-support/virtuoso.js';
import { entityIri } from '../store/names.js';
import { RDF_TYPE } from './sparql-terms.js';

// The demo KG published into a named graph of a private Virtuoso, then explored as a remote KG and compared with
// the same KG read locally.
const GRAPH = 'http://example.org/relata-remote-test';
let tmp: ReturnType<typeof tempDir>;
let virtuoso: Virtuoso;
let local: RelataService;
let published = 0;
const target = (): { endpoint: string; graph: string } => ({ endpoint: virtuoso.sparql, graph: GRAPH });

beforeAll(async () => {
  tmp = tempDir();
  local = new RelataService(join(tmp.dir, 'demo.sqlite'), true);
  await local.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  virtuoso = await startVirtuoso();
  published = (await local.call('sparql.publish', { endpoint: virtuoso.sparqlAuth, graph: GRAPH, user: 'dba', password: 'dba' })).triples_sent;
}, 120_000);

afterAll(async () => {
  local?.close();
  await virtuoso?.stop();
  tmp?.cleanup();
});

const flu = entityIri('flu');

describe('a Virtuoso endpoint as a read-only KG', () => {
  it('opens with the statistics of the graph: every published triple, predicates by use', async () => {
    const stats = await local.call('remote.open', target());
    expect(stats.triples).toBe(published);
    expect(stats.notes).toEqual([]);
    const counts = stats.predicates.map((p) => p.triples);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const local_ = await local.call('kg.stats', {});
    const presents = stats.predicates.find((p) => p.predicate.endsWith('/presents'));
    expect(presents?.triples).toBe(local_.predicateCounts.find((p) => p.name === 'presents')?.count);
    expect(stats.sample.length).toBeGreaterThan(0);
    expect(stats.sample.every((e) => e.label !== null)).toBe(true);
    expect(['contains', 'bif:contains']).toContain(stats.textSearch);
  });

  it('fails to open an endpoint that does not answer, naming it', async () => {
    await expect(local.call('remote.open', { endpoint: 'http://127.0.0.1:9/sparql', timeoutMs: 2000 })).rejects.toThrow('http://127.0.0.1:9/sparql');
  });

  it('searches labels and aliases, exact names first, and looks an IRI up as itself', async () => {
    const byLabel = await local.call('remote.search', { ...target(), text: 'influ' });
    expect(byLabel.entities[0]).toMatchObject({ iri: flu, label: 'Influenza' });
    const byAlias = await local.call('remote.search', { ...target(), text: 'flu' });
    expect(byAlias.entities.map((e) => e.iri)).toContain(flu);
    const byIri = await local.call('remote.search', { ...target(), text: flu });
    expect(byIri).toMatchObject({ mode: 'iri', entities: [{ iri: flu, label: 'Influenza' }] });
    const none = await local.call('remote.search', { ...target(), text: 'no such name "} LIMIT 1' });
    expect(none.entities).toEqual([]);
    const capped = await local.call('remote.search', { ...target(), text: 'e', limit: 3 });
    expect(capped.entities.length).toBe(3);
    expect(capped.truncated).toBe(true);
  });

  it('gives the same neighbourhood and inspector as the local KG', async () => {
    const detail = (await local.call('entity.get', { key: 'flu' }))!;
    const expected = new Set([
      ...detail.outgoing.filter((t) => t.object.kind === 'entity' && t.predicate.key !== RDF_TYPE).map((t) => `${t.predicate.key}>${t.object.kind === 'entity' ? t.object.key : ''}`),
      ...detail.incoming.map((t) => `${t.subject.key}>${t.predicate.key}`),
    ]);
    const slice = await local.call('remote.neighbourhood', { ...target(), iri: flu });
    expect(slice.truncated).toBe(false);
    const got = new Set(slice.edges.map((e) => (e.subject === flu ? `${e.predicate.split('/').pop()}>${e.object.split('/').pop()}` : `${e.subject.split('/').pop()}>${e.predicate.split('/').pop()}`)));
    expect(got).toEqual(expected);
    expect(slice.nodes.find((n) => n.iri === flu)?.degree).toBe(slice.edges.length);

    const two = await local.call('remote.neighbourhood', { ...target(), iri: flu, hops: 2 });
    expect(two.nodes.length).toBeGreaterThan(slice.nodes.length);
    for (const n of slice.nodes) expect(two.nodes.map((m) => m.iri)).toContain(n.iri);

    const entity = await local.call('remote.entity', { ...target(), iri: flu });
    expect(entity).toMatchObject({ label: 'Influenza', types: [entityIri('Disease')], truncated: false });
    expect(entity.labels.map((l) => l.value).sort()).toEqual(['Influenza', 'flu']);
    expect(entity.outDegree).toBe(entity.outgoing.length);
    expect(entity.inDegree).toBe(detail.incoming.length);
    const fever = entity.outgoing.find((o) => o.value.kind === 'iri' && o.value.iri === entityIri('fever'));
    expect(fever?.value).toMatchObject({ label: 'Fever' });
  });

  it('ranks an exact overview of a small graph by degree, with the triples among its entities', async () => {
    const overview = await local.call('remote.overview', { ...target(), limit: 10 });
    expect(overview.exact).toBe(true);
    const degrees = overview.nodes.map((n) => n.degree);
    expect(degrees).toEqual([...degrees].sort((a, b) => b - a));
    const top = overview.nodes[0];
    const around = await local.call('remote.neighbourhood', { ...target(), iri: top.iri });
    expect(top.degree).toBe(around.edges.length);
    const ids = new Set(overview.nodes.map((n) => n.iri));
    expect(overview.edges.length).toBeGreaterThan(0);
    for (const e of overview.edges) expect(ids.has(e.subject) && ids.has(e.object)).toBe(true);
  });

  it('finds the two-hop paths between two entities, each step with its direction', async () => {
    // flu and COVID-19 both present fever: flu → fever ← covid_19
    const paths = await local.call('remote.paths', { ...target(), from: flu, to: entityIri('covid_19') });
    const viaFever = paths.paths.find((p) => p.nodes[1]?.iri === entityIri('fever'));
    expect(viaFever?.steps).toEqual([{ predicate: expect.stringMatching(/presents$/), forward: true }, { predicate: expect.stringMatching(/presents$/), forward: false }]);
    expect(paths.paths.every((p) => p.nodes[0].iri === flu && p.nodes.at(-1)!.iri === entityIri('covid_19'))).toBe(true);
  });

  it('leaves blank-node subjects out of a neighbourhood and literals out of the middle of a path (checked after the query)', async () => {
    const g = 'http://example.org/relata-remote-blank';
    const x = (n: string): string => `<http://example.org/x/${n}>`;
    const data = `${x('a')} ${x('p')} ${x('hub')} . _:b ${x('p')} ${x('hub')} . ${x('a')} ${x('name')} "shared" . ${x('c')} ${x('name')} "shared" . ${x('a')} ${x('p')} ${x('m')} . ${x('m')} ${x('p')} ${x('c')} .`;
    // TTLP (Virtuoso's Turtle loader): INSERT DATA refuses blank nodes
    const loaded = execFileSync('isql-vt', [String(virtuoso.sqlPort), 'dba', 'dba', `exec=DB.DBA.TTLP('${data}', '', '${g}');`], { encoding: 'utf8' });
    expect(loaded).not.toMatch(/Error/);
    const around = await local.call('remote.neighbourhood', { endpoint: virtuoso.sparql, graph: g, iri: 'http://example.org/x/hub' });
    expect(around.edges).toEqual([{ subject: 'http://example.org/x/a', predicate: 'http://example.org/x/p', object: 'http://example.org/x/hub' }]);
    const paths = await local.call('remote.paths', { endpoint: virtuoso.sparql, graph: g, from: 'http://example.org/x/a', to: 'http://example.org/x/c' });
    expect(paths.paths.map((p) => p.nodes.map((n) => n.iri.split('/').pop()))).toEqual([['a', 'm', 'c']]);
  });

  it('pulls an entity\'s neighbourhood into a local KG ("work on this locally")', async () => {
    const pulled = new RelataService(join(tmp.dir, 'pulled.sqlite'), true);
    try {
      const r = await pulled.call('remote.pull', { ...target(), iri: flu, hops: 1 });
      const slice = await local.call('remote.neighbourhood', { ...target(), iri: flu });
      expect(r.entities).toBe(slice.nodes.length);
      expect(r.triples_added).toBe(r.triples_read);
      // IRIs in Relata's own namespace come back as their keys (the importer's keyFromIri)
      const detail = await pulled.call('entity.get', { key: 'flu' });
      expect(detail?.label).toBe('Influenza');
      const near = await pulled.call('graph.neighbourhood', { key: 'flu', hops: 1 });
      expect(near.nodes.length).toBe(slice.nodes.length);
    } finally {
      pulled.close();
    }
  });

  it('relata open-remote prints the statistics, a search, a neighbourhood and an overview', async () => {
    const home = join(tmp.dir, 'home');
    const stats = await runRelata(home, 'open-remote', virtuoso.sparql, '--graph', GRAPH, '--json');
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout).triples).toBe(published);
    const search = await runRelata(home, 'open-remote', virtuoso.sparql, '--graph', GRAPH, '--search', 'Influenza');
    expect(search.code, search.stderr).toBe(0);
    expect(search.stdout).toContain(`Influenza  <${flu}>`);
    const around = await runRelata(home, 'open-remote', virtuoso.sparql, '--graph', GRAPH, '--neighbourhood', flu, '--json');
    expect(JSON.parse(around.stdout).edges.length).toBeGreaterThan(0);
    const overview = await runRelata(home, 'open-remote', virtuoso.sparql, '--graph', GRAPH, '--overview', '--limit', '5', '--json');
    expect(overview.code, overview.stderr).toBe(0);
    expect(JSON.parse(overview.stdout)).toMatchObject({ exact: true, nodes: expect.arrayContaining([expect.objectContaining({ iri: flu })]) });
    const bad = await runRelata(home, 'open-remote', virtuoso.sparql, '--pull', flu);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--db');
  }, 180_000);
});

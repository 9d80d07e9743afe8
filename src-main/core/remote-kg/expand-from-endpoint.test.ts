import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { entityIri } from '../../contract/vocabulary.js';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { tempDir } from '../../../test-support/paths.js';
import { startVirtuoso, type Virtuoso } from '../../../test-support/virtuoso.js';

// "Expand from endpoint" in the graph view: a local KG that lost part of an entity's neighbourhood fetches it back from
// a SPARQL endpoint holding the whole KG, with the same call and input the app sends (remote.pull, the entity's IRI as
// export writes it, one hop, at most 200 entities).
const GRAPH = 'http://example.org/relata-expand-test';
let tmp: ReturnType<typeof tempDir>;
let virtuoso: Virtuoso;
let local: RelataService;

const expandInput = (key: string): { endpoint: string; iri: string; hops: number; limit: number } => ({ endpoint: virtuoso.sparql, iri: entityIri(key), hops: 1, limit: 200 });

beforeAll(async () => {
  tmp = tempDir();
  const whole = new RelataService(join(tmp.dir, 'whole.sqlite'), true);
  await whole.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  virtuoso = await startVirtuoso();
  await whole.call('sparql.publish', { endpoint: virtuoso.sparqlAuth, graph: GRAPH, user: 'dba', password: 'dba' });
  whole.close();
  local = new RelataService(join(tmp.dir, 'local.sqlite'), true);
  await local.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  await local.call('entity.delete', { key: 'fever' });
  await local.call('entity.delete', { key: 'cough' });
}, 120_000);

afterAll(async () => {
  local?.close();
  await virtuoso?.stop();
  tmp?.cleanup();
});

describe('Expand from endpoint', () => {
  it('brings back the neighbours the local KG lacks, with the endpoint as their provenance, and adds nothing twice', async () => {
    const before = await local.call('graph.neighbourhood', { key: 'flu', hops: 1 });
    expect(before.nodes.map((n) => n.key)).not.toContain('fever');

    const r = await local.call('remote.pull', expandInput('flu'));
    expect(r.triples_added).toBeGreaterThanOrEqual(4); // flu → fever, flu → cough, their types and labels
    expect(r.duplicates).toBeGreaterThan(0); // the triples the local KG kept
    expect(r.query).toContain(entityIri('flu'));

    const after = await local.call('graph.neighbourhood', { key: 'flu', hops: 1 });
    const fresh = after.nodes.filter((n) => !before.nodes.some((b) => b.key === n.key)).map((n) => n.key);
    expect(fresh.sort()).toEqual(['cough', 'fever']);
    const fever = await local.call('entity.get', { key: 'fever' });
    expect(fever?.label).toBe('Fever');
    const link = fever!.incoming.find((t) => t.subject.key === 'flu' && t.predicate.key === 'presents');
    expect(link?.provenance).toMatchObject({ kind: 'file', source: virtuoso.sparql });
    // Triples the KG held before keep their own provenance (the demo's files).
    const flu = await local.call('entity.get', { key: 'flu' });
    const kept = flu!.outgoing.find((t) => t.predicate.key === 'presents' && t.object.kind === 'entity' && t.object.key === 'headache');
    expect(kept?.provenance?.source).not.toBe(virtuoso.sparql);

    const again = await local.call('remote.pull', expandInput('flu'));
    expect(again.triples_added).toBe(0);
  }, 60_000);

  it('an entity the endpoint does not hold adds nothing and says so by its counts', async () => {
    await local.call('entity.create', { key: 'only_here', label: 'Only here' });
    const r = await local.call('remote.pull', expandInput('only_here'));
    expect(r).toMatchObject({ triples_added: 0 });
  }, 60_000);

  it('fails with the endpoint named when it does not answer, and the KG is unchanged', async () => {
    const stats = await local.call('kg.stats', {});
    await expect(local.call('remote.pull', { ...expandInput('flu'), endpoint: 'http://127.0.0.1:9/sparql', timeoutMs: 2000 })).rejects.toThrow(/127\.0\.0\.1:9/);
    expect((await local.call('kg.stats', {})).triples).toBe(stats.triples);
  }, 60_000);
});

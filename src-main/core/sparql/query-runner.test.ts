import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { importFiles } from '../import/import-files.js';
import { KgEditor } from '../edit/kg-editor.js';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { tempDir } from '../../../test-support/paths.js';
import { QueryTimeoutError, SparqlQueryRunner } from './query-runner.js';
import { SparqlSyntaxError } from './sparql-query.js';

let tmp: ReturnType<typeof tempDir>;
let kg: KgStore;
const runner = new SparqlQueryRunner();
/** Four unconstrained patterns over the demo KG: about 240^4 rows, far longer than any limit below. */
const RUNAWAY = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }';

beforeAll(async () => {
  tmp = tempDir();
  kg = KgStore.open(join(tmp.dir, 'kg.sqlite'));
  await importFiles(kg, demoFiles().map((path) => ({ path })));
});
afterAll(() => {
  runner.close();
  kg.close();
  tmp.cleanup();
});

const ask = async (q: string): Promise<boolean> => JSON.parse((await runner.query(kg, q)).body).boolean;

describe('SPARQL queries in a worker', () => {
  it('keeps the loaded KG between queries and reloads it after an edit', async () => {
    const first = await runner.query(kg, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(first.loadMs).toBeGreaterThan(0);
    const again = await runner.query(kg, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }');
    expect(again.loadMs).toBe(0);
    expect(again.body).toBe(first.body);
    expect(await ask('ASK { rel:ulm relp:sister_city rel:smiljan }')).toBe(false);
    await new KgEditor(kg).addTriple({ subject: 'ulm', predicate: 'sister_city', object: { key: 'smiljan' } });
    expect(await ask('ASK { rel:ulm relp:sister_city rel:smiljan }')).toBe(true);
  });

  it('stops a query at its time limit, then answers the next one', async () => {
    const t0 = performance.now();
    await expect(runner.query(kg, RUNAWAY, { timeoutMs: 800 })).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(await ask('ASK { rel:albert_einstein ?p ?o }')).toBe(true);
  });

  it('reports syntax errors with their position', async () => {
    await expect(runner.query(kg, 'SELECT ?x WHERE {\n ?x }')).rejects.toBeInstanceOf(SparqlSyntaxError);
    await expect(runner.query(kg, 'SELECT ?x WHERE {\n ?x }')).rejects.toThrow(/^2:\d+: /);
  });
});

describe('sparql.query in a cancellable face', () => {
  it('runs off the service thread: other calls answer meanwhile, and Cancel stops the query', async () => {
    const service = new RelataService(kg.path, false);
    try {
      const controller = new AbortController();
      const long = service.call('sparql.query', { query: RUNAWAY }, { signal: controller.signal });
      // Give the worker time to start and load, so the runaway query is really running.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const t0 = performance.now();
      const stats = await service.call('kg.stats', {});
      expect(stats.triples).toBeGreaterThan(200);
      expect(performance.now() - t0).toBeLessThan(1000);
      controller.abort();
      await expect(long).rejects.toThrow(/cancelled/);
      const r = await service.call('sparql.query', { query: 'SELECT ?l WHERE { rel:ulm rdfs:label ?l }', format: 'csv', timeoutMs: 30_000 });
      expect(r.body.trim().split(/\r?\n/)).toEqual(['l', 'Ulm']);
    } finally {
      service.close();
    }
  });
});

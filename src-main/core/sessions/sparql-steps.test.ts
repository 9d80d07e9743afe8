import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { tempDir } from '../../../test-support/paths.js';

const tmp = tempDir();
let service: RelataService;
beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(join(tmp.dir, 'kg.sqlite'), true);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
});
afterAll(() => {
  service.close();
  tmp.cleanup();
});

describe('SPARQL steps', () => {
  it('re-run: the same when the answer is (load and query times aside), and changed once the KG answers otherwise', async () => {
    const session = await service.call('session.create', { name: 'SPARQL' });
    const query = 'SELECT ?symptom WHERE { rel:flu relp:presents ?symptom } ORDER BY ?symptom';
    const step = await service.call('session.run', { sessionId: session.id, call: 'sparql.query', input: { query } });
    expect(step.title).toContain('SPARQL');
    expect((step.output as { count: number }).count).toBeGreaterThan(3);
    expect((await service.call('session.rerun', { id: session.id })).map((r) => r.changed)).toEqual([false]);
    await service.call('sparql.update', { update: 'INSERT DATA { rel:flu relp:presents rel:sneezing }' });
    const [rerun] = await service.call('session.rerun', { id: session.id });
    expect(rerun.changed).toBe(true);
    expect((rerun.after as { body: string }).body).toContain('sneezing');
  });

  it('read in the session report by their form and count', async () => {
    const session = await service.call('session.create', { name: 'SPARQL report' });
    await service.call('session.run', { sessionId: session.id, call: 'sparql.query', input: { query: 'ASK { rel:flu relp:presents rel:fever }' } });
    await service.call('session.run', { sessionId: session.id, call: 'sparql.query', input: { query: 'ASK { rel:fever relp:presents rel:flu }', format: 'xml' } });
    await service.call('session.run', { sessionId: session.id, call: 'sparql.query', input: { query: 'CONSTRUCT { rel:flu rdfs:label ?l } WHERE { rel:flu rdfs:label ?l }' } });
    const md = (await service.call('session.export', { id: session.id, format: 'md' })).text;
    expect(md).toContain('ASK: true');
    expect(md).toContain('ASK: false');
    expect(md).toContain('CONSTRUCT: 1 triple\n');
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { RelataService } from './handlers.js';
import { ReadPool } from './read-pool.js';
import { REPO_ROOT, tempDir } from '../../../test-support/paths.js';

// Plain reads answered by the read pool's threads (what `relata serve` does) give the same results as the calls run in
// the service's thread, the same errors, and only ever committed data.
const tmp = tempDir();
let service: RelataService;

beforeAll(async () => {
  service = new RelataService(join(tmp.dir, 'kg.sqlite'));
  await service.call('kg.import', { files: [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }] });
  service.attachReadPool(new ReadPool(2));
});

afterAll(() => {
  service.close();
  tmp.cleanup();
});

const pooled = async (name: Parameters<RelataService['callJson']>[0], input: unknown): Promise<unknown> => {
  const json = await service.callJson(name, input);
  return JSON.parse(typeof json === 'string' ? json : new TextDecoder().decode(json));
};

it('answers search, neighbourhood, stats, an entity, a triple and relations among nodes as the service thread does', async () => {
  const hits = await service.call('entity.search', { text: 'a', limit: 5 });
  expect(hits.length).toBeGreaterThan(0);
  const key = hits[0].key;
  const slice = await service.call('graph.neighbourhood', { key, hops: 1 });
  const calls: Array<[Parameters<RelataService['callJson']>[0], unknown]> = [
    ['kg.stats', {}],
    ['entity.search', { text: 'a', limit: 5 }],
    ['entity.get', { key }],
    ['graph.neighbourhood', { key, hops: 2 }],
    ['graph.among', { ids: slice.nodes.map((n) => n.id) }],
    ['triple.get', { id: slice.edges[0]?.id ?? 1 }],
    ['entity.get', { key: 'no-such-entity' }],
  ];
  for (const [name, input] of calls) expect(await pooled(name, input), name).toEqual(JSON.parse(JSON.stringify(await service.call(name, input))));
});

it('refuses bad input before a worker sees it, and a worker\'s error keeps its class and message', async () => {
  await expect(service.callJson('entity.search', { text: 5 })).rejects.toThrow(/invalid input for entity.search: text/);
  const err = await service.callJson('graph.neighbourhood', { key: 'no-such-entity' }).catch((e: unknown) => e);
  const local = await service.call('graph.neighbourhood', { key: 'no-such-entity' }).catch((e: unknown) => e);
  // A plain Error with the same message: the faces tell it (not-found) from a bug (internal) as they do in-thread.
  expect((err as Error).constructor).toBe(Error);
  expect((err as Error).message).toBe((local as Error).message);
});

it('sees only committed rows: not those of a write still open on the service\'s connection', async () => {
  const db = service.kg.db;
  const before = (await pooled('kg.stats', {})) as { entities: number };
  db.exec('BEGIN IMMEDIATE');
  try {
    db.prepare('INSERT INTO entities(key, label) VALUES (?, ?)').run('uncommitted-zebra', 'Uncommitted zebra');
    expect(await pooled('entity.search', { text: 'uncommitted-zebra' })).toEqual([]);
    expect(((await pooled('kg.stats', {})) as { entities: number }).entities).toBe(before.entities);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  expect(((await pooled('kg.stats', {})) as { entities: number }).entities).toBe(before.entities + 1);
  expect(((await pooled('entity.search', { text: 'uncommitted-zebra' })) as Array<{ key: string }>).map((e) => e.key)).toContain('uncommitted-zebra');
});

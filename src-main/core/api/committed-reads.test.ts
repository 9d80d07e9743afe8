import { afterAll, beforeAll, expect, it } from 'vitest';
import { join } from 'node:path';
import { RelataService } from './handlers.js';
import { datasetPath, REPO_ROOT, tempDir } from '../../../test-support/paths.js';
import type { KgStats } from '../../contract/types.js';

// Reads served while an import through the same service is still writing (what `relata serve` does when the UI keeps
// browsing during an import) must see the KG as last committed, never the import's uncommitted rows.
const tmp = tempDir();
let service: RelataService;

beforeAll(async () => {
  service = new RelataService(join(tmp.dir, 'kg.sqlite'));
  await service.call('kg.import', { files: [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }] });
});

afterAll(() => {
  service.close();
  tmp.cleanup();
});

it('reads during a running import see only committed data, and the import once it commits', async () => {
  const before = await service.call('kg.stats', {});
  const seen: Array<{ stats: KgStats; hits: number }> = [];
  const pending: Promise<void>[] = [];
  // FB15k-237's training split: large enough that the import reports progress several times before it commits.
  const imported = await service.call(
    'kg.import',
    { files: [{ path: datasetPath('fb15k-237', 'train.txt') }] },
    {
      onProgress: () => {
        if (seen.length >= 3) return;
        pending.push(
          (async () => {
            const stats = await service.call('kg.stats', {});
            const hits = (await service.call('entity.search', { text: 'm', limit: 200 })).length;
            seen.push({ stats, hits });
          })(),
        );
      },
    },
  );
  await Promise.all(pending);
  expect(seen.length).toBeGreaterThan(0);
  for (const s of seen) {
    expect(s.stats.triples).toBe(before.triples);
    expect(s.stats.entities).toBe(before.entities);
  }
  const after = await service.call('kg.stats', {});
  expect(after.triples).toBe(imported.stats.triples);
  expect(after.triples).toBeGreaterThan(before.triples + 270_000);
});

import { expect, it } from 'vitest';
import { join } from 'node:path';
import { CoreHost } from './core-host.js';
import { REPO_ROOT, tempDir } from '../../test-support/paths.js';

it('the Electron shell reaches the core through a plain Node child, with progress, errors and cancel', async () => {
  const tmp = tempDir();
  process.env.RELATA_HOME = tmp.dir;
  const host = new CoreHost({ node: process.execPath, relataBin: join(REPO_ROOT, 'bin/relata.mjs'), kgPath: join(tmp.dir, 'kg.sqlite') });
  const phases: string[] = [];
  const imported = await host.call('kg.import', { files: [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }] }, { onProgress: (e) => phases.push(e.phase) });
  expect(imported.stats.entities).toBe(77);
  expect(phases.length).toBeGreaterThan(0);
  await expect(host.call('entity.get', { key: '' })).rejects.toMatchObject({ kind: 'invalid-input' });
  expect((await host.call('entity.search', { text: 'tesla' }))[0].key).toBe('nikola_tesla');
  host.close();
  tmp.cleanup();
});

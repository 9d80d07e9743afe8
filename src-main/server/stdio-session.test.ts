import { expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { WireResponse } from '../contract/api.js';
import { REPO_ROOT, tempDir } from '../../test-support/paths.js';

it('relata host speaks the wire protocol as JSON lines (the Electron core host)', async () => {
  const tmp = tempDir();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/relata.mjs'), 'host', '--db', join(tmp.dir, 'kg.sqlite')], {
    env: { ...process.env, RELATA_HOME: tmp.dir },
  });
  const replies: WireResponse[] = [];
  const lines = createInterface({ input: child.stdout });
  const got = (id: number): Promise<WireResponse> =>
    new Promise((resolve) => {
      const check = (): void => {
        const r = replies.find((m) => m.id === id && ('result' in m || 'error' in m));
        if (r) resolve(r);
        else setTimeout(check, 20);
      };
      check();
    });
  lines.on('line', (l) => replies.push(JSON.parse(l)));
  child.stdin.write(`${JSON.stringify({ id: 1, call: 'kg.import', input: { files: [{ path: join(REPO_ROOT, 'resources/demo/demo-kg.ttl') }] } })}\n`);
  const imported = await got(1);
  expect(imported).toMatchObject({ result: { stats: { triples: 211 } } });
  child.stdin.write(`${JSON.stringify({ id: 2, call: 'entity.search', input: { text: 1 } })}\n`);
  expect(await got(2)).toMatchObject({ error: { kind: 'invalid-input' } });
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  tmp.cleanup();
});

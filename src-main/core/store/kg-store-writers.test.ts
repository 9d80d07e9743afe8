import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KgStore, WriterBusyError } from './kg-store.js';
import { REPO_ROOT, tempDir } from '../../../test-support/paths.js';

const tmp = tempDir();
const opened: KgStore[] = [];
const open = (name = 'kg.sqlite'): KgStore => {
  const s = KgStore.open(join(tmp.dir, name));
  opened.push(s);
  return s;
};
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const count = (s: KgStore): number => (s.db.prepare('SELECT count(*) AS n FROM kg_meta').get() as { n: number }).n;

describe('concurrent writers (two connections: what two processes see)', () => {
  it('a second writer waits for the first instead of failing with "database is locked", and says so once', async () => {
    const a = open('wait.sqlite');
    const b = open('wait.sqlite');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = a.write(async () => {
      a.setMeta('first', '1');
      await held;
    }, { label: 'import' });
    await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(join(tmp.dir, 'wait.sqlite-writer'))).toBe(true);
    const notices: string[] = [];
    const t0 = Date.now();
    const second = b.write(() => b.setMeta('second', '2'), { onWait: (m) => notices.push(m) });
    // The event loop is free while the second waits (no synchronous busy wait).
    const tick = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    expect(Date.now() - tick).toBeLessThan(1000);
    release();
    await first;
    await second;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(new RegExp(`^waiting for another writer to finish with .*wait\\.sqlite \\(.*: import, pid ${process.pid}, writing since \\d\\d:\\d\\d:\\d\\d UTC\\)…$`));
    expect(count(b)).toBe(2);
    expect(existsSync(join(tmp.dir, 'wait.sqlite-writer'))).toBe(false);
  });

  it('gives up after writeWaitMs with an error that names the situation and the other writer; nothing written', async () => {
    const a = open('busy.sqlite');
    const b = open('busy.sqlite');
    b.writeWaitMs = 300;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = a.write(async () => {
      await held;
    }, { label: 'import' });
    await new Promise((r) => setTimeout(r, 50));
    const err = await b.write(() => b.setMeta('x', 'y'), { onWait: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriterBusyError);
    expect((err as Error).message).toMatch(/busy\.sqlite is being written by another process \(.*: import, pid \d+, writing since .* UTC\); gave up after waiting 0 s\. Try again when it has finished/);
    release();
    await first;
    expect(count(b)).toBe(0);
    // A stale note (a writer killed with -9) does not make up a writer: the lock is free, so nobody waits.
    writeFileSync(join(tmp.dir, 'busy.sqlite-writer'), JSON.stringify({ pid: 2 ** 22 + 12345, what: 'ghost', since: new Date().toISOString() }));
    await b.write(() => b.setMeta('x', 'y'), { onWait: () => { throw new Error('should not wait'); } });
    expect(count(b)).toBe(1);
  });

  it('a wait can be cancelled', async () => {
    const a = open('cancel.sqlite');
    const b = open('cancel.sqlite');
    let release!: () => void;
    const first = a.write(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    const controller = new AbortController();
    const second = b.write(() => b.setMeta('x', 'y'), { signal: controller.signal, onWait: () => setTimeout(() => controller.abort(), 50) });
    await expect(second).rejects.toThrow(/cancelled/);
    release();
    await first;
  });
});

describe('relata import while another process writes the KG', () => {
  const cli = (args: string[], env: Record<string, string> = {}): { done: Promise<{ code: number | null; stderr: string }>; stderr: () => string } => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/relata.mjs'), ...args], { env: { ...process.env, RELATA_HOME: tmp.dir, ...env } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.resume();
    return { done: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr }))), stderr: () => stderr };
  };

  it('waits with "waiting for another writer…" naming it, then lands; gives up with a clear error after RELATA_WRITE_WAIT_S', async () => {
    const kg = join(tmp.dir, 'cli.sqlite');
    const small = join(tmp.dir, 'small.tsv');
    writeFileSync(small, 'a\tknows\tb\n');
    const holder = open('cli.sqlite');
    // This process holds the write lock (as a long import would) until the CLI says that it waits.
    let release!: () => void;
    const held = holder.write(() => new Promise<void>((r) => (release = r)), { label: 'import' });
    const waiting = cli(['import', small, '--db', kg]);
    const deadline = Date.now() + 60_000;
    while (!/waiting for another writer/.test(waiting.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    // The CLI shows it on its progress line (a line of its own when stderr is not a terminal).
    expect(waiting.stderr()).toMatch(new RegExp(`^waiting for another writer to finish with .*cli\\.sqlite \\(.*: import, pid ${process.pid}, writing since \\d\\d:\\d\\d:\\d\\d UTC\\)…\n$`));
    release();
    await held;
    const r = await waiting.done;
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/database is locked/);
    expect((holder.db.prepare('SELECT count(*) AS n FROM triples').get() as { n: number }).n).toBe(1);

    let release2!: () => void;
    const held2 = holder.write(() => new Promise<void>((r2) => (release2 = r2)), { label: 'import' });
    const impatient = await cli(['import', small, '--db', kg], { RELATA_WRITE_WAIT_S: '1' }).done;
    release2();
    await held2;
    expect(impatient.code).toBe(1);
    expect(impatient.stderr).toMatch(/^waiting for another writer/);
    expect(impatient.stderr).toMatch(/\nrelata: .*cli\.sqlite is being written by another process \(.*: import, pid \d+, writing since .* UTC\); gave up after waiting 1 s\. Try again when it has finished/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RelataService } from '../api/handlers.js';
import { demoFiles } from '../demo.js';
import { KgStore } from '../store/kg-store.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../store/schema.js';
import { tempDir } from '../../../test-support/paths.js';

const tmp = tempDir();
let service: RelataService;
const kgPath = join(tmp.dir, 'kg.sqlite');
beforeAll(async () => {
  process.env.RELATA_HOME = tmp.dir;
  service = new RelataService(kgPath);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
});
afterAll(() => {
  service.close();
  tmp.cleanup();
});

describe('reasoning sessions', () => {
  it('record steps, survive reopening, re-run against the current KG and show what changed', async () => {
    const session = await service.call('session.create', { name: 'Fever workup' });
    const step = await service.call('session.run', { sessionId: session.id, call: 'findings.explain', input: { findings: ['fever', 'cough'], relation: 'presents' } });
    expect(step.title).toBe('Likely causes of fever, cough');
    expect((step.output as { candidates: Array<{ key: string }> }).candidates[0].key).toBe('flu');
    await service.call('session.run', { sessionId: session.id, call: 'graph.paths', input: { from: 'charlie', to: 'alice' } });
    await service.call('session.note', { sessionId: session.id, text: 'Ask the patient about loss of smell.' });

    service.close();
    service = new RelataService(kgPath, false);
    const again = await service.call('session.get', { id: session.id });
    expect(again.timeline.map((s) => s.kind)).toEqual(['findings.explain', 'graph.paths', 'note']);

    expect((await service.call('session.rerun', { id: session.id })).map((r) => r.changed)).toEqual([false, false]);
    await service.call('triple.add', { subject: 'pneumonia', predicate: 'presents', object: { key: 'fatigue' }, confidence: 0.6 });
    const reruns = await service.call('session.rerun', { id: session.id });
    expect(reruns[0].changed).toBe(true);
    expect(reruns[1].changed).toBe(false);
  });

  it('rename, duplicate, delete, and export a self-contained report', async () => {
    const s = await service.call('session.create', { name: 'Draft' });
    await service.call('session.run', { sessionId: s.id, call: 'entity.search', input: { text: 'einstein' } });
    expect((await service.call('session.rename', { id: s.id, name: 'Einstein' })).name).toBe('Einstein');
    const copy = await service.call('session.duplicate', { id: s.id });
    expect(copy).toMatchObject({ name: 'Einstein (copy)', steps: 1 });
    const html = await service.call('session.export', { id: copy.id, format: 'html', path: join(tmp.dir, 'report.html') });
    const text = readFileSync(html.path!, 'utf8');
    expect(text).toContain('<h1>Einstein (copy)</h1>');
    expect(text).not.toMatch(/<script|<link|src="http/);
    const md = await service.call('session.export', { id: copy.id, format: 'md' });
    expect(md.text).toMatch(/^# Einstein \(copy\)/);
    await service.call('session.delete', { id: copy.id });
    await expect(service.call('session.get', { id: copy.id })).rejects.toThrow(/no session/);
  });

  it('reports carry figures: a chart of a ranking and snapshots of the facts and paths a step used', async () => {
    const s = await service.call('session.create', { name: 'Figures' });
    await service.call('session.run', { sessionId: s.id, call: 'findings.explain', input: { findings: ['fever', 'cough'], relation: 'presents' } });
    await service.call('session.run', { sessionId: s.id, call: 'qa.ask', input: { question: 'Where was Einstein born?' } });
    await service.call('session.run', { sessionId: s.id, call: 'reason.relate', input: { a: 'charlie', b: 'alice' } });
    const html = (await service.call('session.export', { id: s.id, format: 'html' })).text;
    const figures = html.match(/<figure><svg[\s\S]*?<\/svg><\/figure>/g) ?? [];
    expect(figures.length).toBe(3);
    expect(figures[0]).toContain('Candidates by score');
    expect(figures[0]).toContain('Influenza');
    expect(figures[1]).toContain('Facts this step used');
    expect(figures[1]).toContain('Ulm');
    expect(figures[2]).toMatch(/aunt[\s\S]*sister|sister[\s\S]*aunt/);
    const md = (await service.call('session.export', { id: s.id, format: 'md' })).text;
    expect(md.match(/!\[figure\]\(data:image\/svg\+xml;base64,/g)).toHaveLength(3);
  });

  it('keeps feedback and turns it into preference pairs (prompt, chosen, rejected)', async () => {
    const s = await service.call('session.create', { name: 'QA' });
    await service.call('feedback.add', { sessionId: s.id, targetKind: 'answer', target: { question: 'Where was Einstein born?', answer: 'Germany' }, rating: -1, correction: 'Ulm, Germany' });
    await service.call('feedback.add', { sessionId: s.id, targetKind: 'answer', target: { question: 'Where was Einstein born?', answer: 'Ulm' }, rating: 1 });
    expect(await service.call('feedback.pairs', {})).toEqual([
      { prompt: 'Where was Einstein born?', chosen: 'Ulm, Germany', rejected: 'Germany' },
      { prompt: 'Where was Einstein born?', chosen: 'Ulm', rejected: 'Germany' },
    ]);
    expect(await service.call('feedback.list', { sessionId: s.id })).toHaveLength(2);
  });
});

it('a KG file of schema 1 is migrated in place, keeping its data', () => {
  const path = join(tmp.dir, 'old.sqlite');
  const db = new Database(path);
  db.exec(MIGRATIONS[0]);
  db.pragma('user_version = 1');
  db.prepare("INSERT INTO entities(key) VALUES ('kept')").run();
  db.close();
  const store = KgStore.open(path);
  expect(store.schemaVersion).toBe(SCHEMA_VERSION);
  expect(store.db.prepare('SELECT key FROM entities').pluck().all()).toEqual(['kept']);
  expect(store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'feedback'").pluck().get()).toBe('feedback');
  store.close();
});

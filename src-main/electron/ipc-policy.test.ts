import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { callSchemas } from '../contract/api.js';
import { isTrustedFrame, PathGrants, RENDERER_CALLS, refuseCall, SECRET_NAMES } from './ipc-policy.js';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('the Electron window\'s IPC policy', () => {
  it('allows exactly the calls the renderer makes', () => {
    const names = new Set(Object.keys(callSchemas));
    const used = new Set<string>();
    for (const file of sourceFiles(join(root, 'src-renderer/src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'([a-z]+\.[a-zA-Z.]+)'/g)) if (names.has(m[1])) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((c) => !RENDERER_CALLS.has(c as never)).sort()).toEqual([]);
    expect([...RENDERER_CALLS].filter((c) => !used.has(c)).sort()).toEqual([]);
    for (const c of RENDERER_CALLS) expect(names.has(c)).toBe(true);
  });

  it('refuses calls the UI does not make, whatever their input', () => {
    const grants = new PathGrants();
    grants.grant('/home/ana/out.ttl');
    expect(refuseCall('kg.export', { path: '/home/ana/out.ttl', format: 'ttl' }, grants)).toMatch(/may not make the call "kg.export"/);
    expect(refuseCall('sparql.update', { update: 'CLEAR ALL' }, grants)).toMatch(/sparql.update/);
    expect(refuseCall(42, {}, grants)).toMatch(/may not make the call "42"/);
    expect(refuseCall('entity.search', { text: 'x' }, grants)).toBeNull();
  });

  it('lets kg.open, kg.import and session.export name only files the user chose', () => {
    const grants = new PathGrants();
    grants.grant('/data/family.sqlite', '/data/in/people.csv');
    expect(refuseCall('kg.open', { path: '/data/family.sqlite' }, grants)).toBeNull();
    expect(refuseCall('kg.open', { path: '/data/in/../family.sqlite' }, grants)).toBeNull();
    expect(refuseCall('kg.open', { path: '/etc/passwd', create: true }, grants)).toMatch(/chosen in a dialog.*\/etc\/passwd/);
    expect(refuseCall('kg.import', { files: [{ path: '/data/in/people.csv' }, { name: 'x.csv', contentBase64: 'YSxiLGMK' }] }, grants)).toBeNull();
    expect(refuseCall('kg.import', { files: [{ path: '/data/in/people.csv' }, { path: '/home/ana/.ssh/id_rsa' }] }, grants)).toMatch(/id_rsa/);
    expect(refuseCall('session.export', { id: 1, format: 'md' }, grants)).toBeNull();
    expect(refuseCall('session.export', { id: 1, format: 'md', path: '/home/ana/.bashrc' }, grants)).toMatch(/bashrc/);
  });

  it('trusts only the top frame of the bundled page', () => {
    const index = join(root, 'out/renderer/index.html');
    const url = pathToFileURL(index).href;
    expect(isTrustedFrame({ url, parent: null }, index)).toBe(true);
    expect(isTrustedFrame({ url: `${url}#/sessions`, parent: null }, index)).toBe(true);
    expect(isTrustedFrame({ url, parent: {} }, index)).toBe(false);
    expect(isTrustedFrame({ url: 'https://evil.example/index.html', parent: null }, index)).toBe(false);
    expect(isTrustedFrame({ url: pathToFileURL(join(root, 'out/renderer/other.html')).href, parent: null }, index)).toBe(false);
    expect(isTrustedFrame({ url: 'not a url', parent: null }, index)).toBe(false);
    expect(isTrustedFrame(null, index)).toBe(false);
  });

  it('reads and stores only the secrets the UI names', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(root, 'src-renderer/src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/[gs]etSecret\('([^']+)'/g)) used.add(m[1]);
    }
    expect([...used].sort()).toEqual([...SECRET_NAMES].sort());
  });
});

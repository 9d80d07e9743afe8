// The README's schema-view screenshot on a real KG: `relata serve` over the given KG file (FB15k-237, imported by
// scripts/readme-screenshots.sh), Debian's chromium at 1600×1000, the Schema view with one predicate cluster's
// entities listed. Usage: node --import tsx scripts/readme-schema-screenshot.ts KG.sqlite OUT.png [cluster text]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const [kg, out, cluster = 'film · genre'] = process.argv.slice(2);
if (!kg || !out) throw new Error('usage: readme-schema-screenshot.ts KG.sqlite OUT.png [cluster text]');
const root = resolve(import.meta.dirname, '..');
const port = 5400 + Math.floor(Math.random() * 500);
const token = 'readme-token';
const home = mkdtempSync(join(tmpdir(), 'relata-readme-'));
const server = spawn(process.execPath, [join(root, 'bin/relata.mjs'), 'serve', '--db', resolve(kg), '--port', String(port), '--token', token], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, RELATA_HOME: home },
});

async function ready(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`relata serve did not answer on port ${port}`);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  await ready();
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.addInitScript(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('relata-theme', 'light'));
  await page.goto(`http://127.0.0.1:${port}/?token=${token}`);
  await page.getByTestId('stat-triples').waitFor();
  await page.getByTestId('schema-toggle').click();
  await page.getByTestId('schema-summary').waitFor({ timeout: 120_000 });
  await page.getByTestId('schema-type').filter({ hasText: cluster }).first().click();
  await page.getByTestId('schema-entity').first().waitFor();
  await page.mouse.move(1, 999);
  await page.waitForTimeout(800); // the schema picture's ForceAtlas2 run and the first labels
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}

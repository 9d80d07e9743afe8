import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { EntityDetail, KgStats } from '../src-main/contract/types.ts';
import { E2E_TOKEN } from '../playwright.config.ts';
import { ROOT } from './support/fixture-kg.ts';
import { clickTool, selectTool } from './support/toolbar.ts';

/**
 * The browser face end to end, in order on one served KG (the demo): see the stats, import a file through the UI,
 * reject a bad file without touching the KG, then search, see a neighbourhood, and inspect a node picked in the graph.
 */
test.describe.configure({ mode: 'serial' });

const ARTIFACTS = join(ROOT, 'e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'relata-e2e-files-'));

async function apiStats(request: APIRequestContext): Promise<KgStats> {
  const res = await request.post('/api/call/kg.stats', { headers: { 'x-relata-token': E2E_TOKEN }, data: {} });
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { result: KgStats }).result;
}

async function openApp(page: Page): Promise<void> {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
}

const statNumber = async (page: Page, id: string): Promise<number> => Number((await page.getByTestId(id).innerText()).replace(/,/g, ''));

test('opens on the demo KG with its stats and overview graph', async ({ page, request }) => {
  await openApp(page);
  const api = await apiStats(request);
  // The demo mixes science, a family, a medical and a corporate part: dozens of entities, hundreds of triples.
  expect(api.entities).toBeGreaterThan(50);
  expect(api.triples).toBeGreaterThan(150);
  await expect(page.getByTestId('stat-entities')).toHaveText(api.entities.toLocaleString('en-US'));
  await expect(page.getByTestId('stat-predicates')).toHaveText(api.predicates.toLocaleString('en-US'));
  await expect(page.getByTestId('stat-triples')).toHaveText(api.triples.toLocaleString('en-US'));
  await expect(page.getByTestId('stat-type-row')).toHaveCount(api.types.length);
  await expect(page.getByTestId('stat-type-row').first()).toContainText('Person');
  await expect(page.getByTestId('stat-predicate-row')).toHaveCount(api.predicateCounts.length);
  await expect(page.getByTestId('graph-mode')).toContainText('Overview');
  const canvas = page.getByTestId('graph-canvas');
  await expect(canvas).not.toHaveAttribute('data-nodes', '0');
  expect(Number(await canvas.getAttribute('data-edges'))).toBeGreaterThan(50);
  await expect(page.getByTestId('legend-item').first()).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ARTIFACTS, 'overview.png') });
});

test('imports a TSV file through the UI with its progress, and the counts change', async ({ page, request }) => {
  const tsv = join(dataDir, 'scientists.tsv');
  writeFileSync(
    tsv,
    ['head\trelation\ttail', 'marie_curie\tfield\tphysics', 'marie_curie\tborn_in\twarsaw', 'marie_curie\taward\tnobel_prize_in_physics', 'pierre_curie\tspouse\tmarie_curie', 'warsaw\tlocated_in\tpoland'].join('\n') + '\n',
  );
  await openApp(page);
  const before = await apiStats(request);
  await page.getByTestId('import-files').setInputFiles(tsv);
  await page.getByTestId('import-header').selectOption('yes');
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-result')).toContainText('scientists.tsv');
  await expect(page.getByTestId('import-result')).toContainText('5 added');
  const after = await apiStats(request);
  expect(after.triples).toBe(before.triples + 5);
  expect(after.entities).toBe(before.entities + 4); // marie_curie, pierre_curie, warsaw, poland
  await expect(page.getByTestId('stat-triples')).toHaveText(after.triples.toLocaleString('en-US'));
  await expect(page.getByTestId('stat-entities')).toHaveText(after.entities.toLocaleString('en-US'));
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await page.screenshot({ path: join(ARTIFACTS, 'import-done.png') });
});

test('a malformed file shows FILE:LINE: and leaves the KG as it was', async ({ page, request }) => {
  const bad = join(dataDir, 'broken.tsv');
  writeFileSync(bad, 'ada_lovelace\tfield\tmathematics\nada_lovelace\tworked_with\n');
  await openApp(page);
  const before = await apiStats(request);
  const triplesShown = await statNumber(page, 'stat-triples');
  await page.getByTestId('import-files').setInputFiles(bad);
  await page.getByTestId('import-submit').click();
  const error = page.getByTestId('import-error');
  await expect(error).toBeVisible();
  await expect(error).toContainText(/^broken\.tsv:2: /);
  const after = await apiStats(request);
  expect(after).toEqual(before);
  expect(await statNumber(page, 'stat-triples')).toBe(triplesShown);
  await page.screenshot({ path: join(ARTIFACTS, 'import-error.png') });

  // The same file with "skip bad lines" lands its good line and lists the bad one.
  await page.getByTestId('import-skip-bad').check();
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-result')).toContainText('1 bad lines skipped');
  await expect(page.getByTestId('import-result')).toContainText('broken.tsv:2:');
  expect((await apiStats(request)).triples).toBe(before.triples + 1);
});

test('a CSV with its own column names imports through the column mapping', async ({ page, request }) => {
  const csv = join(dataDir, 'employment.csv');
  writeFileSync(csv, 'person,employer,since,certainty\nmarie_curie,university_of_paris,1906,0.9\npierre_curie,university_of_paris,1900,0.8\n');
  await openApp(page);
  const before = await apiStats(request);
  await page.getByTestId('import-files').setInputFiles(csv);
  await page.getByTestId('import-format').selectOption('csv');
  await page.getByTestId('import-header').selectOption('yes');
  await page.getByTestId('import-mapping-toggle').check();
  await page.getByTestId('map-subject').fill('person');
  await page.getByTestId('map-constant-predicate').fill('employed_by');
  await expect(page.getByTestId('map-predicate')).toBeDisabled();
  await page.getByTestId('map-object').fill('employer');
  await page.getByTestId('map-confidence').fill('certainty');
  await page.getByTestId('map-properties').fill('since');
  await page.getByTestId('import-panel').screenshot({ path: join(ARTIFACTS, 'import-mapping.png') });
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-result')).toContainText('employment.csv (csv): 2 added');
  expect((await apiStats(request)).triples).toBe(before.triples + 2);
  const res = await request.post('/api/call/entity.get', { headers: { 'x-relata-token': E2E_TOKEN }, data: { key: 'marie_curie' } });
  const marie = ((await res.json()) as { result: EntityDetail }).result;
  const employed = marie.outgoing.find((t) => t.predicate.label === 'employed_by');
  expect(employed?.object).toMatchObject({ kind: 'entity', key: 'university_of_paris' });
  expect(employed?.confidence).toBeCloseTo(0.9);
  expect(employed?.provenance).toMatchObject({ kind: 'file', source: 'employment.csv', line: 2 });
});

test('Cancel stops a running import and rolls it back', async ({ page, request }) => {
  const big = join(dataDir, 'big.tsv');
  const lines: string[] = [];
  for (let i = 0; i < 150_000; i++) lines.push(`n${i}\tlinks_to\tn${(i * 7919) % 150_000}`);
  writeFileSync(big, lines.join('\n') + '\n');
  await openApp(page);
  const before = await apiStats(request);
  await page.getByTestId('import-files').setInputFiles(big);
  await page.getByTestId('import-submit').click();
  const progress = page.getByTestId('import-progress');
  await expect(progress).toContainText('importing big.tsv', { timeout: 20_000 });
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-error')).toContainText('cancelled', { timeout: 20_000 });
  await expect(page.getByTestId('import-error')).toHaveAttribute('data-kind', 'cancelled');
  await expect(progress).toHaveCount(0);
  expect(await apiStats(request)).toEqual(before);
  await expect(page.getByTestId('stat-triples')).toHaveText(before.triples.toLocaleString('en-US'));
});

test('search an entity, see its neighbourhood and inspector, then pick a node in the graph', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('search-input').fill('Einstein');
  const first = page.getByTestId('search-result').first();
  await expect(first).toContainText('Albert Einstein');
  await first.click();
  await expect(page.getByTestId('graph-mode')).toContainText('Neighbourhood of Albert Einstein');
  await expect(page.getByTestId('inspector-label')).toHaveText('Albert Einstein');
  await expect(page.getByTestId('inspector-type')).toHaveText('Person');
  await expect(page.getByTestId('inspector-aliases')).toContainText('Einstein');
  const outgoing = page.getByTestId('inspector-outgoing');
  await expect(outgoing).toContainText('born_in');
  await expect(outgoing).toContainText('Ulm');
  await expect(outgoing.getByTestId('provenance').first()).toContainText(/demo-kg\.ttl:\d+/);
  // Marie Curie was imported above with the same award: the incoming side of the prize shows both, with their sources.
  const canvas = page.getByTestId('graph-canvas');
  await expect(canvas).toHaveAttribute('data-nodes', /^(?:[2-9]|\d\d+)$/);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ARTIFACTS, 'neighbourhood-einstein.png') });

  // Click the node "Ulm" where Sigma drew it.
  const pos = await page.evaluate(() => (globalThis as unknown as { __relataGraph: { viewportPosition(k: string): { x: number; y: number } | null } }).__relataGraph.viewportPosition('ulm'));
  expect(pos).not.toBeNull();
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + pos!.x, box.y + pos!.y);
  await expect(page.getByTestId('inspector-label')).toHaveText('Ulm');
  await expect(page.getByTestId('inspector-incoming')).toContainText('Albert Einstein');

  // Follow the prize from the inspector: its neighbourhood holds the imported Marie Curie too.
  await page.getByTestId('search-input').fill('Nobel');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('inspector-label')).toHaveText('Nobel Prize in Physics');
  const incoming = page.getByTestId('inspector-incoming');
  await expect(incoming).toContainText('Albert Einstein');
  await expect(incoming).toContainText('marie_curie');
  await expect(incoming).toContainText('scientists.tsv:4');
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(ARTIFACTS, 'neighbourhood-nobel.png') });
});

test('the whole KG with a selected entity, for the README', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('search-input').fill('Tesla');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('inspector-label')).toHaveText('Nikola Tesla');
  // Neighbourhoods do not walk rdf:type links: three hops reach Einstein and the Silicon Valley part (over ten).
  await selectTool(page, 'hops', '3');
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-nodes', /^(?:[1-9]\d)$/);
  await page.screenshot({ path: join(ARTIFACTS, 'neighbourhood-tesla-3-hops.png') });
  await clickTool(page, 'overview-button');
  await expect(page.getByTestId('graph-mode')).toContainText('Overview');
  await expect(page.getByTestId('inspector-label')).toHaveText('Nikola Tesla');
  await page.waitForTimeout(800);
  const shot = join(ARTIFACTS, 'main.png');
  await page.screenshot({ path: shot });
  // The README's screenshot is refreshed only on purpose (scripts/readme-screenshots.sh), never by a test run.
  if (process.env.RELATA_README_SCREENSHOTS === '1') {
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    copyFileSync(shot, join(ROOT, 'docs/screenshot-main.png'));
  }
});

test('New creates an empty KG, Open of a missing file says why, and the recent list reopens the demo', async ({ page, request }) => {
  await openApp(page);
  const demoPath = await page.getByTestId('kg-path').innerText();
  const fresh = join(dataDir, 'fresh.sqlite');

  await page.getByTestId('new-button').click();
  await page.getByTestId('kg-path-input').fill(fresh);
  await page.getByTestId('kg-path-submit').click();
  await expect(page.getByTestId('kg-name')).toHaveText('fresh');
  await expect(page.getByTestId('stat-entities')).toHaveText('0');
  await expect(page.getByTestId('stat-triples')).toHaveText('0');
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-nodes', '0');
  await expect(page.getByText('Nothing to draw yet')).toBeVisible();
  expect((await apiStats(request)).triples).toBe(0);

  await page.getByTestId('open-button').click();
  await page.getByTestId('kg-path-input').fill(join(dataDir, 'no-such.sqlite'));
  await page.getByTestId('kg-path-submit').click();
  await expect(page.getByTestId('app-error')).toContainText('no-such.sqlite');
  await page.screenshot({ path: join(ARTIFACTS, 'open-error.png') });
  await expect(page.getByTestId('kg-name')).toHaveText('fresh');

  await page.getByTestId('open-button').click();
  const recent = page.getByTestId('recent-item');
  await expect(recent.first()).toContainText('fresh.sqlite');
  await recent.filter({ hasText: demoPath }).first().click();
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  expect((await apiStats(request)).triples).toBeGreaterThan(150);
  await page.getByTestId('save-button').click();
  await expect(page.getByTestId('save-button')).toHaveText('Saved ✓');
});

test('the renderer also runs over the preload bridge (window.relata), as in Electron', async ({ page }) => {
  // Electron cannot run here, so a stand-in for the preload script's bridge forwards calls to the HTTP face, keeping
  // the bridge's contract: {promise, cancel}, with failures resolved as {error} rather than thrown across the bridge.
  await page.addInitScript((token: string) => {
    (globalThis as unknown as { relata: unknown }).relata = {
      call(name: string, input: unknown) {
        const promise = fetch(`/api/call/${name}`, { method: 'POST', headers: { 'x-relata-token': token }, body: JSON.stringify(input) }).then((r) => r.json());
        return { promise, cancel: () => undefined };
      },
      pathForFile: () => '', // as for a file with no path on disk: the content is sent instead
      pickPaths: async () => [],
    };
  }, E2E_TOKEN);
  await page.goto('/'); // no token in the URL: the bridge is the only way in
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await expect(page.getByText('desktop')).toBeVisible();
  await page.getByTestId('search-input').fill('Einstein');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('inspector-label')).toHaveText('Albert Einstein');
  const bad = join(dataDir, 'broken-again.tsv');
  writeFileSync(bad, 'a\tb\n');
  await page.getByTestId('import-files').setInputFiles(bad);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-error')).toContainText(/^broken-again\.tsv:1: /);
  await expect(page.getByTestId('import-error')).toHaveAttribute('data-kind', 'bad-input');
});

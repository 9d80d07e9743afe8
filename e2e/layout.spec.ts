import { existsSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import type { CallName, CallResult } from '../src-main/contract/api.ts';
import type { KgStats } from '../src-main/contract/types.ts';
import { E2E_TOKEN } from '../playwright.config.ts';
import { freshDemoKg, ROOT } from './support/fixture-kg.ts';
import { clickTool } from './support/toolbar.ts';

/**
 * The workspace fits the window: at 1024×768, 1280×800 and 1920×1080, in the light and the dark theme, the graph
 * toolbar is one row inside the window that never scrolls sideways (what does not fit is in its » menu), nothing
 * makes the page scroll, counters fit their boxes — also with a 1,000,000-triple KG's counts and a long Freebase
 * predicate — and the picture matches the committed baseline in e2e/screenshots/ (the graph canvas masked: its layout
 * is not pixel-stable). Baselines are written only by scripts/update-screenshot-baselines.sh. The dark theme reaches
 * every view: no light surface in the Reason dock, its tools, the side panels, the schema view or the menus. Also the
 * drill path: overview → communities → a community → a neighbourhood, and back by the breadcrumbs.
 */

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;
const THEMES = ['light', 'dark'] as const;
const LONG_PREDICATE = '/people/person/places_lived./people/place_lived/location';

async function api<N extends CallName>(request: APIRequestContext, name: N, input: unknown): Promise<CallResult<N>> {
  const res = await request.post(`/api/call/${name}`, { headers: { 'x-relata-token': E2E_TOKEN }, data: input });
  const body = (await res.json()) as { result?: CallResult<N>; error?: { message: string } };
  if (!res.ok()) throw new Error(`${name}: ${body.error?.message ?? res.status()}`);
  return body.result as CallResult<N>;
}

// Other specs edit the server's KG: the pictures are taken on a fresh copy of the demo KG, and the KG that was open
// is opened again afterwards.
let fresh: { dir: string; kg: string };
let before: string | null = null;
test.beforeAll(async ({ request }) => {
  before = (await api(request, 'kg.info', {})).path;
  fresh = freshDemoKg('relata-e2e-layout-');
  await api(request, 'kg.open', { path: fresh.kg, create: false });
});
test.afterAll(async ({ request }) => {
  if (before) await api(request, 'kg.open', { path: before, create: false });
  rmSync(fresh.dir, { recursive: true, force: true });
});

async function openApp(page: Page, theme: 'light' | 'dark' = 'light'): Promise<void> {
  await page.addInitScript((t) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('relata-theme', t), theme);
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await expect(page.getByTestId('graph-canvas')).not.toHaveAttribute('data-nodes', '0');
  await expect(page.getByTestId('stat-triples')).toBeVisible();
}

interface Box { x: number; y: number; width: number; height: number }
interface ToolbarReport {
  bar: Box;
  strip: Box;
  /** scrollWidth and clientWidth of the toolbar and of its strip of tools: neither may scroll sideways. */
  scrolls: Array<{ what: string; scroll: number; client: number }>;
  selects: Array<{ label: string; width: number }>;
  tools: Array<{ label: string; box: Box }>;
  page: { width: number; height: number };
  topbar: Array<{ text: string; box: Box }>;
  counters: Array<{ id: string; text: string; scroll: number; client: number }>;
}

/** The few DOM members the report reads (the e2e programs are compiled without the DOM library). */
interface DomElement {
  getBoundingClientRect(): Box;
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  scrollWidth: number;
  scrollHeight: number;
  clientWidth: number;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): Iterable<DomElement>;
}

function toolbarReport(page: Page): Promise<ToolbarReport> {
  return page.evaluate(() => {
    const document = (globalThis as unknown as { document: DomElement & { documentElement: DomElement } }).document;
    const box = (el: DomElement): Box => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const bar = document.querySelector('[data-testid="graph-toolbar"]')!;
    const strip = bar.querySelector('.strip')!;
    const counters = ['stat-entities', 'stat-predicates', 'stat-triples', 'graph-counts'].flatMap((id) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return el ? [{ id, text: el.textContent ?? '', scroll: el.scrollWidth, client: el.clientWidth }] : [];
    });
    return {
      bar: box(bar),
      strip: box(strip),
      scrolls: [
        { what: 'toolbar', scroll: bar.scrollWidth, client: bar.clientWidth },
        { what: 'tool strip', scroll: strip.scrollWidth, client: strip.clientWidth },
      ],
      selects: [...bar.querySelectorAll('select')].map((el) => ({ label: el.dataset.testid ?? '', width: box(el).width })).filter((s) => s.width > 0),
      tools: [...bar.querySelectorAll('[data-tool]')].map((el) => ({ label: el.dataset.tool ?? '', box: box(el) })),
      page: { width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight },
      topbar: [...document.querySelectorAll('header.topbar button, header.topbar .kg-name')].map((el) => ({ text: el.textContent ?? '', box: box(el) })),
      counters,
    };
  });
}

/** One toolbar row inside the window; every control either in view or listed in the » menu; counters fit. */
async function expectFits(page: Page): Promise<void> {
  const viewport = page.viewportSize()!;
  const r = await toolbarReport(page);
  expect(r.page.width, 'the page scrolls sideways').toBeLessThanOrEqual(viewport.width);
  expect(r.page.height, 'the page scrolls down').toBeLessThanOrEqual(viewport.height);
  for (const t of r.topbar) {
    expect(t.box.x + t.box.width, `top bar: ${t.text} leaves the window`).toBeLessThanOrEqual(viewport.width);
  }
  expect(r.bar.x).toBeGreaterThanOrEqual(0);
  expect(r.bar.x + r.bar.width).toBeLessThanOrEqual(viewport.width);
  expect(r.bar.height, 'the toolbar takes more than one row').toBeLessThan(48);
  for (const s of r.scrolls) expect(s.scroll, `the ${s.what} scrolls sideways`).toBeLessThanOrEqual(s.client);
  for (const s of r.selects) expect(s.width, `selector ${s.label} is wider than its maximum`).toBeLessThanOrEqual(152);
  const inView = r.tools.filter((t) => t.box.x >= r.strip.x - 1 && t.box.x + t.box.width <= r.strip.x + r.strip.width + 1);
  const clipped = r.tools.filter((t) => !inView.includes(t));
  expect(inView.length, 'hardly any toolbar control in view').toBeGreaterThanOrEqual(3);
  for (const t of inView) {
    expect(t.box.x + t.box.width, `${t.label} leaves the window`).toBeLessThanOrEqual(viewport.width);
    expect(t.box.y, `${t.label} is not on the toolbar's row`).toBeGreaterThanOrEqual(r.bar.y);
    expect(t.box.y + t.box.height, `${t.label} is not on the toolbar's row`).toBeLessThanOrEqual(r.bar.y + r.bar.height);
  }
  if (clipped.length) {
    // What does not fit is one click away: the » menu lists exactly those controls, inside the window.
    await page.getByTestId('toolbar-more').click();
    await expect(page.getByTestId('toolbar-more-item')).toHaveText(clipped.map((t) => t.label));
    const menu = (await page.getByTestId('toolbar-more-menu').boundingBox())!;
    expect(menu.x + menu.width).toBeLessThanOrEqual(viewport.width);
    expect(menu.y + Math.min(menu.height, viewport.height * 0.7)).toBeLessThanOrEqual(viewport.height);
    await page.getByTestId('toolbar-more').click();
    await expect(page.getByTestId('toolbar-more-menu')).toHaveCount(0);
  } else {
    await expect(page.getByTestId('toolbar-more')).toHaveCount(0);
  }
  for (const c of r.counters) expect(c.scroll, `counter ${c.id} "${c.text}" overflows its box`).toBeLessThanOrEqual(c.client + 1);
}

/** A plain run never writes a baseline: a missing one fails here and says how to make it. */
function requireBaseline(testInfo: TestInfo, name: string): void {
  if (testInfo.config.updateSnapshots !== 'none') return;
  const path = testInfo.snapshotPath(name, { kind: 'screenshot' });
  if (!existsSync(path)) {
    throw new Error(`No screenshot baseline at ${relative(ROOT, path)}. Baselines are made on purpose: scripts/update-screenshot-baselines.sh`);
  }
}

for (const size of SIZES) {
  for (const theme of THEMES) {
    test(`the workspace at ${size.width}×${size.height}, ${theme} theme: one toolbar row, nothing outside the window, as the baseline`, async ({ page }, testInfo) => {
      await page.setViewportSize(size);
      await openApp(page, theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.screenshot({ path: testInfo.outputPath('workspace.png') });
      await expectFits(page);
      const name = `workspace-${size.width}x${size.height}-${theme}.png`;
      requireBaseline(testInfo, name);
      await page.mouse.move(0, size.height - 1); // no hover state in the picture
      await expect(page).toHaveScreenshot(name, {
        // The graph's layout and the KG's temp path differ from run to run; the rest must not.
        mask: [page.getByTestId('graph-canvas'), page.getByTestId('kg-path')],
        maxDiffPixelRatio: 0.01,
        threshold: 0.25,
        animations: 'disabled',
        caret: 'hide',
      });
      // The Reason dock takes a wider column: the toolbar still fits in what is left.
      await page.getByTestId('tab-reason').click();
      await expect(page.getByTestId('reason-panel')).toBeVisible();
      await expectFits(page);
    });
  }
}

test('a 1,000,000-triple KG\'s counters and a long Freebase predicate fit (at 1280×800)', async ({ page }) => {
  await page.setViewportSize(SIZES[0]);
  // kg.stats answers as for a big KG: the same stats with large counts and a long predicate name.
  await page.routeWebSocket(/\/api\/ws/, (ws) => {
    const server = ws.connectToServer();
    const statsCalls = new Set<number>();
    ws.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { id: number; call?: string };
      if (msg.call === 'kg.stats') statsCalls.add(msg.id);
      server.send(m);
    });
    server.onMessage((m) => {
      const msg = JSON.parse(String(m)) as { id: number; result?: KgStats };
      if (!statsCalls.has(msg.id) || !msg.result) return ws.send(m);
      const stats = msg.result;
      Object.assign(stats, { triples: 1_000_000, entities: 14_541, predicates: 10_237 });
      stats.predicateCounts = [{ name: LONG_PREDICATE, label: LONG_PREDICATE, count: 612_345 }, ...stats.predicateCounts];
      ws.send(JSON.stringify(msg));
    });
  });
  await openApp(page);
  await expect(page.getByTestId('stat-triples')).toHaveText('1,000,000');
  await expectFits(page);
  // The predicate selector keeps its width; the long name is shortened in it (in the row or in the » menu) and in the
  // filter, whole in a tooltip.
  const select = page.getByTestId('expand-predicate');
  expect(await select.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { maxWidth: string } }).getComputedStyle(el).maxWidth)).toBe('150px');
  await expect(select.locator('option').nth(1)).toHaveText('person › places_lived › location');
  await expect(select.locator('option').nth(1)).toHaveAttribute('title', LONG_PREDICATE);
  if (!(await select.isVisible())) {
    await page.getByTestId('toolbar-more').click();
    const inMenu = page.locator('.menu-select', { hasText: 'Expand along' }).getByTestId('toolbar-more-select');
    expect((await inMenu.boundingBox())!.width).toBeLessThanOrEqual(172);
    await expect(inMenu.locator('option').nth(1)).toHaveText('person › places_lived › location');
    await expect(inMenu.locator('option').nth(1)).toHaveAttribute('title', LONG_PREDICATE);
    await page.getByTestId('toolbar-more').click();
  }
  await clickTool(page, 'filter-toggle');
  const row = page.locator('label', { has: page.locator(`[data-testid="filter-predicate"][value="${LONG_PREDICATE}"]`) });
  await expect(row).toHaveAttribute('title', LONG_PREDICATE);
  const panel = (await page.getByTestId('side-panel').boundingBox())!;
  const rowBox = (await row.boundingBox())!;
  expect(rowBox.x + rowBox.width).toBeLessThanOrEqual(panel.x + panel.width);
});

/**
 * Surfaces drawn in a light colour: every element on screen (at least 14 px each way; not the graph's canvas, charts or
 * colour swatches) whose own background is mostly opaque with a relative luminance over 0.4. Run in the page.
 */
const LIGHT_SURFACES = `(() => {
  const luminance = (css) => {
    const m = css.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    if (a < 0.5) return null;
    const lin = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const found = new Set();
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width < 14 || box.height < 14 || el.tagName === 'CANVAS' || el.closest('svg')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const l = luminance(style.backgroundColor);
    if (l !== null && l > 0.4) {
      const classes = [...el.classList].filter((c) => !c.startsWith('svelte-')).join('.');
      found.add(el.tagName.toLowerCase() + (classes ? '.' + classes : '') + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + ' ' + style.backgroundColor);
    }
  }
  return [...found];
})()`;

/** The relative luminance of an element's own background (0 black … 1 white). */
function backgroundLuminance(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((el) => {
    const css = (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor;
    const [r, g, b] = css.match(/[\d.]+/g)!.map(Number);
    const lin = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  });
}

test('the dark theme reaches every view: the Reason dock\'s tabs are dark, no view shows a light surface', async ({ page }) => {
  await openApp(page, 'light');
  // The measure itself: in the light theme the dock's tabs are light.
  expect(await backgroundLuminance(page, 'reason-tabs')).toBeGreaterThan(0.6);
  expect(await backgroundLuminance(page, 'tab-inspector')).toBeGreaterThan(0.6);
  await clickTool(page, 'theme-toggle');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await backgroundLuminance(page, 'reason-tabs'), 'the Reason dock\'s tab strip is light in the dark theme').toBeLessThan(0.05);
  expect(await backgroundLuminance(page, 'tab-inspector'), 'the Reason dock\'s active tab is light in the dark theme').toBeLessThan(0.05);

  const light: string[] = [];
  const look = async (view: string): Promise<void> => {
    await page.waitForTimeout(150);
    for (const surface of (await page.evaluate(LIGHT_SURFACES)) as string[]) light.push(`${view}: ${surface}`);
  };
  await look('workspace');
  await page.getByTestId('tab-reason').click();
  expect(await backgroundLuminance(page, 'tab-reason')).toBeLessThan(0.05);
  await page.getByTestId('ask-input').fill('Where was Einstein born?');
  await page.getByTestId('ask-submit').click();
  await expect(page.getByTestId('answer-card').first()).toBeVisible({ timeout: 20_000 });
  await look('Reason › Ask (an answer)');
  for (const tool of ['relate', 'findings', 'query', 'timeline']) {
    await page.getByTestId(`reason-tab-${tool}`).click();
    await look(`Reason › ${tool}`);
  }
  await page.getByTestId('reason-tab-query').click();
  await page.getByTestId('query-preset').first().click();
  await look('Reason › Query (a result)');
  await page.getByTestId('query-mode-sparql').click();
  await look('Reason › Query › SPARQL');
  await page.getByTestId('tab-inspector').click();
  for (const panel of ['filter-toggle', 'paths-toggle', 'gnn-toggle', 'train-toggle', 'rules-toggle', 'help-toggle']) {
    await clickTool(page, panel);
    await expect(page.getByTestId('side-panel')).toBeVisible();
    await look(`panel ${panel}`);
  }
  await clickTool(page, 'schema-toggle');
  await expect(page.getByTestId('schema-view')).toBeVisible();
  await look('schema view');
  if (await page.getByTestId('toolbar-more').count()) {
    await page.getByTestId('toolbar-more').click();
    await look('» menu');
    await page.getByTestId('toolbar-more').click();
  }
  await page.getByTestId('open-button').click();
  await look('Open… menu');
  expect(light, 'light surfaces in the dark theme').toEqual([]);
});

interface GraphHook {
  nodes(): string[];
  viewportPosition(key: string): { x: number; y: number } | null;
}
const nodesShown = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as { __relataGraph: GraphHook }).__relataGraph.nodes());

async function doubleClickNode(page: Page, key: string): Promise<void> {
  const pos = await page.evaluate((k) => (globalThis as unknown as { __relataGraph: GraphHook }).__relataGraph.viewportPosition(k), key);
  const box = (await page.getByTestId('graph-canvas').boundingBox())!;
  await page.mouse.dblclick(box.x + pos!.x, box.y + pos!.y);
}

test('double-clicks drill from the communities into one, then into a neighbourhood; the breadcrumbs lead back', async ({ page }) => {
  await openApp(page);
  const crumbs = page.getByTestId('crumb');
  await expect(crumbs).toHaveText(['Overview']);
  await clickTool(page, 'communities-toggle');
  await expect.poll(async () => (await nodesShown(page)).every((k) => k.startsWith('community:'))).toBe(true);
  await expect(crumbs).toHaveText(['Overview', 'Communities']);
  const supers = await nodesShown(page);
  await page.waitForTimeout(300);

  // A double-click on a super-node opens the community: its members.
  await expect(async () => {
    await doubleClickNode(page, supers[0]);
    await expect(crumbs).toHaveCount(3, { timeout: 1500 });
  }).toPass({ timeout: 15_000 });
  await expect(crumbs.nth(2)).toContainText('Community of');
  await expect.poll(async () => (await nodesShown(page)).some((k) => k.startsWith('community:'))).toBe(false);
  const members = await nodesShown(page);
  expect(members.length).toBeGreaterThan(1);

  // A double-click on a member opens its neighbourhood.
  await page.waitForTimeout(300);
  await expect(async () => {
    await doubleClickNode(page, members[0]);
    await expect(crumbs).toHaveCount(4, { timeout: 1500 });
  }).toPass({ timeout: 15_000 });
  await expect(crumbs.nth(3)).toContainText('Neighbourhood of');
  await expect(page.getByTestId('inspector-label')).toBeVisible();

  // Back to the community, then to the communities, then to the overview.
  await crumbs.nth(2).click();
  await expect(crumbs).toHaveCount(3);
  await expect.poll(async () => (await nodesShown(page)).sort()).toEqual([...members].sort());
  await crumbs.nth(1).click();
  await expect(crumbs).toHaveCount(2);
  await expect.poll(async () => (await nodesShown(page)).sort()).toEqual([...supers].sort());
  await expect(page.getByTestId('communities-toggle')).toHaveClass(/\bon\b/);
  await crumbs.nth(0).click();
  await expect(crumbs).toHaveText(['Overview']);
  await expect.poll(async () => (await nodesShown(page)).some((k) => k.startsWith('community:'))).toBe(false);
});

import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { generateTriples } from '../import/generate-triples.ts';
import { syntheticSlice } from './synthetic-slice.ts';

/**
 * Graph view benchmark, in one chromium run:
 *  1. time to first frame and JS heap of Relata's graph view component vs a bare Sigma page, on the same 5k, 50k
 *     and 200k-edge graphs with the same positions (target: Relata ≤ 1.3× bare Sigma);
 *  2. a generated 1,000,000-triple KG: `relata import`, then `relata serve` and the app opened in chromium until
 *     the first overview is drawn (target < 3 s).
 * Usage: nice -n 10 node --import tsx bench/graph-view/run.ts [--sizes 5000,50000,200000] [--triples 1000000] [--repeats 3]
 */
const ROOT = resolve(import.meta.dirname, '../..');
const WORK = join(ROOT, '.bench-tmp/graph-view');
const SITE = join(WORK, 'site');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '5000,50000,200000').split(',').map(Number);
const TRIPLES = Number(arg('triples', '1000000'));
const REPEATS = Number(arg('repeats', '3'));

interface Report {
  firstFrameMs: number;
  heapBytes: number;
  nodes: number;
  edges: number;
}

function serveStatic(dir: string): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const path = join(dir, decodeURIComponent(new URL(req.url!, 'http://x').pathname));
    if (!path.startsWith(dir) || !existsSync(path) || statSync(path).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    const type = path.endsWith('.html') ? 'text/html' : path.endsWith('.js') ? 'text/javascript' : path.endsWith('.css') ? 'text/css' : 'application/json';
    res.writeHead(200, { 'content-type': type });
    createReadStream(path).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() })));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measurePage(browser: Browser, url: string): Promise<Report> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as { __bench?: unknown }).__bench, null, { timeout: 300_000, polling: 100 });
  const report = (await page.evaluate(() => (globalThis as unknown as { __bench: unknown }).__bench)) as Report;
  await context.close();
  return report;
}

async function viewBench(browser: Browser): Promise<string[]> {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(import.meta.dirname, 'vite.config.ts')], { stdio: 'inherit' });
  for (const size of SIZES) writeFileSync(join(SITE, `data-${size}.json`), JSON.stringify(syntheticSlice(size)));
  const server = await serveStatic(SITE);
  const rows: string[] = [];
  try {
    for (const size of SIZES) {
      const runs: Record<'bare' | 'relata', Report[]> = { bare: [], relata: [] };
      for (let r = 0; r < REPEATS; r++) {
        // Alternate the order so that neither page always runs on a warmer machine.
        for (const page of r % 2 === 0 ? (['bare', 'relata'] as const) : (['relata', 'bare'] as const)) {
          runs[page].push(await measurePage(browser, `${server.url}/${page}.html?size=${size}`));
        }
      }
      const bare = { ms: median(runs.bare.map((x) => x.firstFrameMs)), heap: median(runs.bare.map((x) => x.heapBytes)) };
      const relata = { ms: median(runs.relata.map((x) => x.firstFrameMs)), heap: median(runs.relata.map((x) => x.heapBytes)) };
      const mb = (b: number): string => (b / 2 ** 20).toFixed(1);
      const row = `| ${size.toLocaleString('en-US')} | ${runs.relata[0].nodes.toLocaleString('en-US')} | ${bare.ms.toFixed(0)} | ${relata.ms.toFixed(0)} | ${(relata.ms / bare.ms).toFixed(2)}× | ${mb(bare.heap)} | ${mb(relata.heap)} | ${(relata.heap / bare.heap).toFixed(2)}× |`;
      console.error(row);
      rows.push(row);
    }
  } finally {
    server.close();
  }
  return rows;
}

async function bigKgBench(browser: Browser): Promise<string[]> {
  const nt = join(WORK, `kg-${TRIPLES}.nt`);
  const kg = join(WORK, `kg-${TRIPLES}.sqlite`);
  if (!existsSync(kg)) {
    await generateTriples(TRIPLES, nt, join(WORK, `kg-${TRIPLES}.tsv`));
    const t = performance.now();
    execFileSync(process.execPath, [join(ROOT, 'bin/relata.mjs'), 'import', nt, '--db', kg], { stdio: ['ignore', 'ignore', 'inherit'] });
    console.error(`import of ${TRIPLES} triples: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    rmSync(nt);
    rmSync(join(WORK, `kg-${TRIPLES}.tsv`));
  }
  const rows: string[] = [];
  const port = 47990 + Math.floor(Math.random() * 9);
  const server = spawn(process.execPath, [join(ROOT, 'bin/relata.mjs'), 'serve', '--db', kg, '--port', String(port), '--token', 'bench'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RELATA_HOME: WORK },
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.stdout!.on('data', (d: Buffer) => d.toString().includes('serving') && ok());
      server.once('exit', () => fail(new Error('relata serve exited')));
    });
    for (let r = 0; r < REPEATS; r++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const t = performance.now();
      await page.goto(`http://127.0.0.1:${port}/?token=bench`);
      await page.waitForFunction(
        () => Number((globalThis as unknown as { __relataGraph?: { nodes(): string[] } }).__relataGraph?.nodes().length ?? 0) > 0,
        null,
        { timeout: 120_000, polling: 20 },
      );
      const seconds = (performance.now() - t) / 1000;
      const nodes = await page.getByTestId('graph-canvas').getAttribute('data-nodes');
      console.error(`open ${TRIPLES} triples to first overview: ${seconds.toFixed(2)} s (${nodes} nodes drawn)`);
      rows.push(`| ${r + 1} | ${seconds.toFixed(2)} | ${nodes} |`);
      await context.close();
    }
  } finally {
    server.kill('SIGTERM');
  }
  return rows;
}

mkdirSync(WORK, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--js-flags=--expose-gc', '--enable-precise-memory-info', '--ignore-gpu-blocklist'],
});
try {
  const view = SIZES.length && SIZES[0] > 0 ? await viewBench(browser) : [];
  const big = TRIPLES > 0 ? await bigKgBench(browser) : [];
  console.log(JSON.stringify({ view, big }));
} finally {
  await browser.close();
}

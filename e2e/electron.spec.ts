import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { freshDemoKg, ROOT } from './support/fixture-kg.ts';

/**
 * The desktop face: the built app (out/main, out/preload, out/renderer) in Electron, talking to the service over IPC.
 * Electron downloads its binary lazily on first `require('electron')`; this test only looks for it (path.txt and the
 * file it names, or ELECTRON_OVERRIDE_DIST_PATH) and never triggers the download.
 */
function electronBinary(): string | null {
  const pkg = join(ROOT, 'node_modules/electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const binary = override ? join(override, relative ?? 'electron') : relative ? join(pkg, 'dist', relative) : null;
  return binary && existsSync(binary) ? binary : null;
}

const binary = electronBinary();

test('the Electron app opens a KG and shows its stats, graph and inspector over IPC', async () => {
  test.skip(!binary, 'Electron binary not installed (node_modules/electron/path.txt or dist missing; run `npx install-electron` where online)');
  const { dir, kg } = freshDemoKg('relata-electron-');
  const app = await electron.launch({
    executablePath: binary!,
    args: [ROOT, kg, '--no-sandbox'],
    env: { ...process.env, RELATA_HOME: dir, RELATA_NODE: process.execPath } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByTestId('kg-name')).toHaveText('demo');
    const shown = Number((await page.getByTestId('stat-entities').innerText()).replace(/,/g, ''));
    expect(shown).toBeGreaterThan(50);
    expect(await page.evaluate(() => typeof (globalThis as unknown as { relata?: unknown }).relata)).toBe('object');
    expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');
    await page.getByTestId('search-input').fill('Einstein');
    await page.getByTestId('search-result').first().click();
    await expect(page.getByTestId('inspector-label')).toHaveText('Albert Einstein');
    await expect(page.getByTestId('graph-canvas')).not.toHaveAttribute('data-nodes', '0');
    await page.screenshot({ path: join(ROOT, 'e2e/artifacts/electron.png') });
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

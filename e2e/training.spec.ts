import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Locator } from '@playwright/test';
import type { CallName, CallResult } from '../src-main/contract/api.ts';
import { E2E_TOKEN } from '../playwright.config.ts';
import { ROOT } from './support/fixture-kg.ts';
import { clickTool } from './support/toolbar.ts';

/**
 * KG embeddings trained from the UI on the demo KG: settings with defaults, Start, the live loss curve and
 * validation-MRR points, Pause/Resume, Cancel (the best parameters so far are stored), a run that finishes with test
 * metrics, the stored models listed, and the run recorded as a session step.
 */
test.describe.configure({ mode: 'serial' });

const ARTIFACTS = join(ROOT, 'e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

async function api<N extends CallName>(request: APIRequestContext, name: N, input: unknown): Promise<CallResult<N>> {
  const res = await request.post(`/api/call/${name}`, { headers: { 'x-relata-token': E2E_TOKEN }, data: input });
  const body = (await res.json()) as { result?: CallResult<N>; error?: { message: string } };
  if (!res.ok()) throw new Error(`${name}: ${body.error?.message ?? res.status()}`);
  return body.result as CallResult<N>;
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const count = async (l: Locator, attr: string): Promise<number> => Number(await l.getAttribute(attr));

test('train on the demo KG: live curve, pause and resume, cancel, finish, models listed', async ({ page, request }) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await clickTool(page, 'train-toggle');
  await expect(page.getByTestId('training-panel')).toBeVisible();
  await expect(page.getByTestId('training-model')).toHaveValue('complex');
  await expect(page.getByTestId('training-epochs')).toHaveValue('100'); // the model's default, prefilled

  // A long run (the demo KG trains thousands of epochs a second; validated every 50, no early stopping for 50,000)
  // to watch, pause and cancel.
  await page.getByTestId('training-epochs').fill('100000');
  await page.getByTestId('training-dim').fill('32');
  await page.getByTestId('training-advanced').locator('summary').click();
  await page.getByTestId('training-eval-every').fill('50');
  await page.getByTestId('training-patience').fill('1000');
  await page.getByTestId('training-name').fill('demo-cancelled');
  await page.getByTestId('training-start').click();

  const curve = page.getByTestId('training-curve');
  const status = page.getByTestId('training-status');
  await expect.poll(() => count(curve, 'data-points'), { timeout: 30_000 }).toBeGreaterThan(5);
  await expect.poll(() => count(curve, 'data-mrr-points')).toBeGreaterThan(1);
  await expect(page.getByTestId('training-mrr-point').first()).toBeVisible();
  const before = await count(curve, 'data-points');
  await expect.poll(() => count(curve, 'data-points')).toBeGreaterThan(before); // the curve grows live
  await expect(status).toContainText('ETA');

  // The UI stays responsive while training: search answers.
  await page.getByTestId('search-input').fill('Einstein');
  await expect(page.getByTestId('search-result').first()).toBeVisible();

  await page.getByTestId('training-pause').click();
  await expect(status).toHaveAttribute('data-state', 'paused');
  await expect(page.getByTestId('training-pause')).toHaveText('Resume');
  // Epochs the worker finished before it saw Pause may still be on their way; then the count stands still
  // (under load that can take a while), so wait until the count stands still for 700 ms.
  let atPause = -1;
  await expect
    .poll(async () => {
      const a = await count(status, 'data-epoch');
      await page.waitForTimeout(700);
      atPause = await count(status, 'data-epoch');
      return atPause - a;
    }, { timeout: 20_000 })
    .toBe(0);
  await page.screenshot({ path: join(ARTIFACTS, 'training-paused.png') });

  await page.getByTestId('training-pause').click();
  await expect(status).toHaveAttribute('data-state', 'running');
  await expect.poll(() => count(status, 'data-epoch')).toBeGreaterThan(atPause + 2);

  await page.getByTestId('training-cancel').click();
  const metrics = page.getByTestId('training-metrics');
  await expect(metrics).toHaveAttribute('data-stopped-by', 'cancelled', { timeout: 30_000 });
  await expect(metrics).toContainText('Hits@10');
  await expect(page.getByTestId('training-model-row').filter({ hasText: 'demo-cancelled' })).toBeVisible();
  await expect(page.getByTestId('training-start')).toBeEnabled();

  // A short run that ends by itself, with test metrics.
  await page.getByTestId('training-epochs').fill('30');
  await page.getByTestId('training-eval-every').fill('5');
  await page.getByTestId('training-name').fill('demo-finished');
  // Trained without the type triples (as embeddings meant to be features of a type classifier would be).
  await page.getByTestId('training-exclude').selectOption(RDF_TYPE);
  await page.getByTestId('training-start').click();
  await expect(metrics).toHaveAttribute('data-stopped-by', /epochs|early-stopping/, { timeout: 60_000 });
  const mrr = Number(await metrics.getAttribute('data-mrr'));
  expect(mrr).toBeGreaterThan(0);
  expect(mrr).toBeLessThanOrEqual(1);
  await expect(page.getByTestId('training-model-row').filter({ hasText: 'demo-finished' })).toBeVisible();
  await page.screenshot({ path: join(ARTIFACTS, 'training-finished.png') });

  // Stored with the KG, and each run is a step of the open reasoning session.
  const models = await api(request, 'model.list', {});
  expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(['demo-cancelled', 'demo-finished']));
  expect(models.find((m) => m.name === 'demo-cancelled')!.metrics).toMatchObject({ stopped_by: 'cancelled' });
  expect(models.find((m) => m.name === 'demo-finished')!.metrics).toMatchObject({ excluded_predicates: [RDF_TYPE] });
  expect(models.find((m) => m.name === 'demo-cancelled')!.metrics!.excluded_predicates).toBeUndefined();
  const sessions = await api(request, 'session.list', {});
  const session = await api(request, 'session.get', { id: sessions.at(-1)!.id });
  // (Other specs may have trained in the same session: only this test's two runs are looked at, in order.)
  const mine = (t: string) => t.includes("'demo-cancelled'") || t.includes("'demo-finished'");
  expect(session.timeline.filter((s) => s.kind === 'model.train').map((s) => s.title).filter(mine)).toEqual([
    "Train complex embedding model 'demo-cancelled'",
    "Train complex embedding model 'demo-finished'",
  ]);
  await page.getByTestId('tab-reason').click();
  await page.getByTestId('reason-tab-timeline').click();
  await expect(page.getByTestId('reason-panel')).toContainText("Train complex embedding model 'demo-finished'");
});

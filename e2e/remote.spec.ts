import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config.ts';
import { ROOT } from './support/fixture-kg.ts';
import { startVirtuoso, type Virtuoso } from '../test-support/virtuoso.ts';

/**
 * A SPARQL endpoint opened from the Open dialog: the served demo KG is published into a private Virtuoso, then the
 * remote browser searches it, inspects an entity, expands a neighbour and pulls a neighbourhood back ("work on this
 * locally"; the triples are the demo's own, so the served KG stays as it was).
 */
test.describe.configure({ mode: 'serial' });

let virtuoso: Virtuoso;

test.beforeAll(async ({ request }) => {
  test.setTimeout(120_000);
  virtuoso = await startVirtuoso();
  const res = await request.post('/api/call/sparql.publish', {
    headers: { 'x-relata-token': E2E_TOKEN },
    data: { endpoint: virtuoso.sparqlAuth, graph: 'http://example.org/e2e-demo', user: 'dba', password: 'dba' },
  });
  expect(res.ok(), await res.text()).toBe(true);
});

test.afterAll(async () => {
  await virtuoso?.stop();
});

test('opens an endpoint URL as a read-only KG: search, inspect, expand, work locally', async ({ page }) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await page.getByTestId('open-button').click();
  await page.getByTestId('kg-path-input').fill(virtuoso.sparql);
  await page.getByTestId('kg-path-submit').click();
  await expect(page.getByTestId('remote-browser')).toBeVisible();
  await expect(page.getByTestId('remote-endpoint')).toHaveText(virtuoso.sparql);
  await expect(page.getByTestId('remote-stats')).toContainText('triples');
  await expect(page.getByTestId('remote-hub')).toHaveCount(20);
  // the demo KG is still the open local KG
  await expect(page.getByTestId('kg-name')).toHaveText('demo');

  await page.getByTestId('remote-search-input').fill('influenza');
  await page.getByTestId('remote-search-submit').click();
  await expect(page.getByTestId('remote-result').first()).toContainText('Influenza');
  await page.getByTestId('remote-result').first().click();
  await expect(page.getByTestId('remote-focus')).toHaveText('Influenza');
  const fever = page.getByTestId('remote-neighbour').filter({ hasText: 'Fever' });
  await expect(fever).toContainText('presents');
  await fever.click();
  await expect(page.getByTestId('remote-focus')).toHaveText('Fever');
  await expect(page.getByTestId('remote-neighbour').filter({ hasText: 'Influenza' })).toBeVisible();

  await page.screenshot({ path: join(ROOT, 'e2e/artifacts/remote-browser.png') });
  await page.getByTestId('remote-pull').click();
  await expect(page.getByTestId('remote-pulled')).toContainText('pulled into the open KG');
  await page.getByTestId('remote-close').click();
  await expect(page.getByTestId('remote-browser')).toHaveCount(0);
});

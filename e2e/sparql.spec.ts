import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { CallName, CallResult } from '../src-main/contract/api.ts';
import { E2E_TOKEN } from '../playwright.config.ts';
import { startVirtuoso, type Virtuoso } from '../test-support/virtuoso.ts';

/**
 * The Query view's SPARQL mode on the served demo KG: a SELECT whose IRI opens the entity in the graph view, a syntax
 * error shown at its line and column, an ASK, a CONSTRUCT drawn as a graph, each a session step; then "Expand from
 * endpoint" pulls a neighbourhood the local KG lost back from a private Virtuoso holding the demo, marked as pulled.
 */
test.describe.configure({ mode: 'serial' });

async function api<N extends CallName>(request: APIRequestContext, name: N, input: unknown): Promise<CallResult<N>> {
  const res = await request.post(`/api/call/${name}`, { headers: { 'x-relata-token': E2E_TOKEN }, data: input as object });
  expect(res.ok(), `${name}: HTTP ${res.status()} ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: CallResult<N> }).result;
}

let page: Page;
/** The SPARQL editor and its result (the timeline holds the same result cards). */
const view = (): Locator => page.getByTestId('sparql-view');

async function sparql(query: string): Promise<void> {
  await page.getByTestId('tab-reason').click();
  await page.getByTestId('reason-tab-query').click();
  await page.getByTestId('query-mode-sparql').click();
  await view().getByTestId('sparql-input').fill(query);
  await view().getByTestId('sparql-submit').click();
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
});

test.afterAll(async () => {
  await page?.close();
});

test('SELECT: a results table whose IRIs open the entity in the graph view; the run is a session step', async () => {
  await sparql('SELECT ?person ?name WHERE {\n  ?person a rel:Person ; rdfs:label ?name .\n}\nORDER BY ?name');
  const result = view().getByTestId('sparql-result');
  await expect(result).toHaveAttribute('data-form', 'select');
  await expect(view().getByTestId('sparql-row').filter({ hasText: 'Nikola Tesla' })).toHaveCount(1);
  const count = Number(await result.getAttribute('data-count'));
  expect(count).toBeGreaterThan(3);
  await expect(view().getByTestId('sparql-row')).toHaveCount(count);

  await view().getByTestId('sparql-row').filter({ hasText: 'Albert Einstein' }).getByTestId('sparql-iri').click();
  await expect(page.getByTestId('inspector-label')).toHaveText('Albert Einstein');
  await expect(page.getByTestId('crumb').last()).toHaveText('Neighbourhood of Albert Einstein');

  await page.getByTestId('tab-reason').click();
  await page.getByTestId('reason-tab-timeline').click();
  const step = page.locator('[data-testid="timeline-step"][data-kind="sparql.query"]').last();
  await step.getByRole('button').first().click(); // unfold it
  await expect(step.getByTestId('step-sparql-query')).toContainText('rel:Person');
  await expect(step.getByTestId('sparql-row').filter({ hasText: 'Nikola Tesla' })).toHaveCount(1);
});

test('a syntax error is shown at its line and column, and the position is marked', async () => {
  // "rdfs label" (the colon forgotten): the engine stops where the prefixed name should have gone on.
  const text = 'SELECT ?s WHERE {\n  ?s ?p ?o .\n  ?s rdfs label ?name .\n}';
  await sparql(text);
  const error = view().getByTestId('sparql-error');
  await expect(error).toContainText('line 3, column 11');
  await expect(error).toHaveAttribute('data-line', '3');
  await expect(error).toHaveAttribute('data-column', '11');
  await expect(view().getByTestId('sparql-error-mark')).toContainText('?s rdfs label ?name .');
  const selected = await view().getByTestId('sparql-input').evaluate((el) => (el as unknown as { selectionStart: number }).selectionStart);
  expect(selected).toBe(text.indexOf('label ?name'));
  await expect(view().getByTestId('sparql-result')).toHaveCount(1); // the last good result stays
});

test('ASK answers true or false', async () => {
  await sparql('ASK { rel:flu relp:presents rel:fever }');
  await expect(view().getByTestId('sparql-ask')).toHaveText('true');
  await sparql('ASK { rel:fever relp:presents rel:flu }');
  await expect(view().getByTestId('sparql-ask')).toHaveText('false');
});

test('CONSTRUCT is drawn as a graph with its triple list; the CSV download is the standard document', async () => {
  await sparql('CONSTRUCT { rel:flu ?p ?o } WHERE { rel:flu ?p ?o FILTER(isIRI(?o)) }');
  await expect(view().getByTestId('sparql-result')).toHaveAttribute('data-form', 'construct');
  const graph = view().getByTestId('sparql-graph');
  await expect(graph).toBeVisible();
  expect(Number(await graph.getAttribute('data-nodes'))).toBeGreaterThan(3);
  await expect(graph.locator('canvas').first()).toBeVisible();
  await expect(view().getByTestId('sparql-triple').filter({ hasText: 'fever' })).toHaveCount(1);

  await sparql('SELECT ?symptom WHERE { rel:flu relp:presents ?symptom } ORDER BY ?symptom');
  const download = page.waitForEvent('download');
  await view().getByTestId('sparql-download-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('sparql-results.csv');
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
  expect(text.split(/\r?\n/)[0]).toBe('symptom');
  expect(text).toContain('https://relata.local/kg/e/fever');
});

test('Cancel stops a long query (the engine runs in a worker) and the view stays usable', async () => {
  await sparql('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }');
  await expect(view().getByTestId('sparql-running')).toBeVisible();
  await view().getByTestId('sparql-cancel').click();
  await expect(view().getByTestId('sparql-cancelled')).toBeVisible({ timeout: 5000 });
  await sparql('ASK { rel:flu relp:presents rel:fever }');
  await expect(view().getByTestId('sparql-ask')).toHaveText('true');
});

test.describe('Expand from endpoint', () => {
  let virtuoso: Virtuoso;

  test.beforeAll(async ({ request }) => {
    test.setTimeout(120_000);
    virtuoso = await startVirtuoso();
    await api(request, 'sparql.publish', { endpoint: virtuoso.sparqlAuth, graph: 'http://example.org/e2e-sparql', user: 'dba', password: 'dba' });
  });

  test.afterAll(async () => {
    await virtuoso?.stop();
  });

  test('pulls a neighbourhood the local KG lost back from the endpoint, marked as pulled', async ({ request }) => {
    await api(request, 'entity.delete', { key: 'fever' });
    expect(await api(request, 'entity.get', { key: 'fever' })).toBeNull();

    await sparql('SELECT ?d WHERE { ?d rdfs:label "Influenza" }');
    await view().getByTestId('sparql-iri').first().click();
    await expect(page.getByTestId('inspector-label')).toHaveText('Influenza');
    // No endpoint configured: nothing to fetch from until the user sets one.
    await expect(page.getByTestId('expand-endpoint')).toHaveCount(0);
    await page.getByTestId('endpoint-change').click();
    await page.getByTestId('endpoint-url').fill(virtuoso.sparql);
    await page.getByTestId('endpoint-save').click();
    await page.getByTestId('expand-endpoint').click();

    await expect(page.getByTestId('graph-pulled')).toBeVisible({ timeout: 30_000 });
    expect(Number(await page.getByTestId('graph-pulled').getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('edit-note')).toContainText(`from ${virtuoso.sparql}`);

    const fever = await api(request, 'entity.get', { key: 'fever' });
    expect(fever?.label).toBe('Fever');
    const pulledEdge = fever!.incoming.find((t) => t.subject.key === 'flu');
    expect(pulledEdge?.provenance?.source ?? '').toContain(virtuoso.sparql);
  });
});

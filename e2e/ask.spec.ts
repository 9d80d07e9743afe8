import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { CallName, CallResult } from '../src-main/contract/api.ts';
import { E2E_TOKEN } from '../playwright.config.ts';

/**
 * The Ask view on the served demo KG: a kinship question answered by the rules, findings → causes, a two-hop chain,
 * a count and a question it does not understand — each checked for its answer list, its reading, its cited facts,
 * and the reading opened in the Query view and run there (the same answers come back); the API agrees with the UI.
 */
test.describe.configure({ mode: 'serial' });

async function api<N extends CallName>(request: APIRequestContext, name: N, input: unknown): Promise<CallResult<N>> {
  const res = await request.post(`/api/call/${name}`, { headers: { 'x-relata-token': E2E_TOKEN }, data: input as object });
  expect(res.ok(), `${name}: HTTP ${res.status()}`).toBe(true);
  return ((await res.json()) as { result: CallResult<N> }).result;
}

let page: Page;
const card = (): Locator => page.getByTestId('ask-view').getByTestId('answer-card');

async function ask(question: string): Promise<Locator> {
  await page.getByTestId('reason-tab-ask').click();
  await page.getByTestId('ask-input').fill(question);
  await page.getByTestId('ask-submit').click();
  // Each test first checks the answer text it expects (retried until the new answer is shown).
  return card();
}

/** Opens the answer's reading in the Query view, runs it, and waits for a row showing `answer`. */
async function openAndRun(expectedQuery: string, answer: RegExp): Promise<void> {
  await card().getByTestId('answer-open-query').click();
  await expect(page.getByTestId('query-input')).toHaveValue(expectedQuery);
  await page.getByTestId('query-submit').click();
  await expect(page.getByTestId('query-row').filter({ hasText: answer }).first()).toBeVisible();
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await page.getByTestId('tab-reason').click();
  await expect(page.getByTestId('reason-panel')).toBeVisible();
  await page.getByTestId('session-new').click();
  await page.getByTestId('session-name').fill('Ask view');
  await page.getByTestId('session-name-submit').click();
  await expect(page.getByTestId('session-current')).toContainText('0 steps');
});
test.afterAll(async () => {
  await page.close();
});

test("Who is Charlie's aunt? — Alice, from the kinship rules, cited, and the reading runs in the Query view", async ({ request }) => {
  const c = await ask("Who is Charlie's aunt?");
  await expect(c.getByTestId('answer-text')).toHaveText('Alice.');
  await expect(c.getByTestId('answer-list').getByTestId('answer-entity')).toHaveCount(1);
  await expect(c.getByTestId('answer-entity').first()).toHaveAttribute('data-key', 'alice');
  await expect(c.getByTestId('answer-reading')).toContainText('?- aunt(charlie, X).');
  // The derived fact and the stored triples its proof rests on.
  await expect(c.getByTestId('cited-facts')).toBeVisible();
  expect(await c.getByTestId('cited-facts').locator('[data-fact-id]').count()).toBeGreaterThanOrEqual(2);
  await openAndRun('aunt(charlie, X)', /alice/i);
  const viaApi = await api(request, 'qa.ask', { question: "Who is Charlie's aunt?" });
  expect(viaApi.answers.map((a) => a.key)).toEqual(['alice']);
  expect(viaApi.query).toEqual({ text: 'aunt(charlie, X)', packs: ['kinship'] });
});

test('What could cause fever and cough? — Influenza first, with evidence; the Query view lists the causes linked to both', async ({ request }) => {
  const c = await ask('What could cause fever and cough?');
  await expect(c.getByTestId('answer-text')).toContainText('Most likely Influenza');
  await expect(c.getByTestId('answer-entity').first()).toHaveAttribute('data-key', 'flu');
  await expect(c.getByTestId('answer-reading')).toContainText('rank_causes([fever, cough], presents)');
  // The ranking is not a Datalog query: a note says what the query leaves out.
  await expect(c.getByTestId('answer-query-note')).toContainText('naive Bayes');
  expect(await c.getByTestId('cited-facts').locator('[data-fact-id]').count()).toBeGreaterThanOrEqual(2);
  await openAndRun('presents(X, fever), presents(X, cough)', /flu|influenza/i);
  const viaApi = await api(request, 'qa.ask', { question: 'What could cause fever and cough?' });
  expect(viaApi.answers[0].key).toBe('flu');
});

test('a two-hop question: In which country was Einstein born? — born_in then located_in, both facts cited', async () => {
  const c = await ask('In which country was Einstein born?');
  await expect(c.getByTestId('answer-text')).toHaveText('Germany.');
  await expect(c.getByTestId('answer-entity').first()).toHaveAttribute('data-key', 'germany');
  await expect(c.getByTestId('answer-reading')).toContainText('born_in(albert_einstein, X1), located_in(X1, X)');
  await expect(c.getByTestId('cited-facts').locator('[data-fact-id]')).toHaveCount(2);
  await openAndRun('born_in(albert_einstein, X1), located_in(X1, X)', /germany/i);
});

test('How many children does Alice have? — the count as a value, the counted entities listed', async () => {
  const c = await ask('How many children does Alice have?');
  await expect(c.getByTestId('answer-value')).toHaveText('1');
  await expect(c.getByTestId('answer-counted-entity')).toHaveCount(1);
  await expect(c.getByTestId('answer-counted-entity').first()).toHaveAttribute('data-key', 'hannah');
});

test('a question it does not understand says so and offers readings that open in the Query view', async () => {
  const c = await ask("What is Charlie's favourite colour?");
  await expect(c.getByTestId('answer-text')).toContainText('did not understand');
  await expect(c.getByTestId('answer-open-query')).toHaveCount(0);
  const first = c.getByTestId('answer-suggestion').first();
  await expect(first).toBeVisible();
  const text = ((await first.textContent()) ?? '').replace(/\?$/, '');
  expect(text).toMatch(/^[a-z_]+\(charlie, X\)|^[a-z_]+\(X, charlie\)/);
  await first.click();
  await expect(page.getByTestId('query-input')).toHaveValue(text);
});

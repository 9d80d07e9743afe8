import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Download, type Locator, type Page } from '@playwright/test';
import type { CallName, CallResult } from '../src-main/contract/api.ts';
import { E2E_TOKEN } from '../playwright.config.ts';
import { ROOT } from './support/fixture-kg.ts';

/**
 * A whole reasoning session in the browser face, on the served demo KG: create a session, ask the seed's questions
 * (a look-up and a kinship question answered by rules), relate two people, rank causes of findings, rate an answer
 * with a correction, re-run the session after a KG edit, export the report and the preference pairs — checking
 * each recorded step and the feedback through the HTTP API. Then an answer phrased by an (OpenAI-compatible) LLM
 * that streams in and has an unsupported statement flagged.
 */
test.describe.configure({ mode: 'serial' });

const ARTIFACTS = join(ROOT, 'e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const SESSION_NAME = 'Einstein, family and flu';

async function api<N extends CallName>(request: APIRequestContext, name: N, input: unknown): Promise<CallResult<N>> {
  const res = await request.post(`/api/call/${name}`, { headers: { 'x-relata-token': E2E_TOKEN }, data: input as object });
  expect(res.ok(), `${name}: HTTP ${res.status()}`).toBe(true);
  return ((await res.json()) as { result: CallResult<N> }).result;
}

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: join(ARTIFACTS, `reasoning-${name}.png`) });

async function openReason(page: Page): Promise<void> {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await page.getByTestId('tab-reason').click();
  await expect(page.getByTestId('reason-panel')).toBeVisible();
}

async function pick(page: Page, testid: string, text: string, label: string): Promise<void> {
  await page.getByTestId(testid).fill(text);
  await page.getByTestId(`${testid}-result`).filter({ hasText: label }).first().click();
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

let page: Page;
/** The answer the Ask tab shows (the timeline renders recorded answers with the same card). */
const askCard = (): Locator => page.getByTestId('ask-view').getByTestId('answer-card');
let sessionId: number;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});
test.afterAll(async () => {
  await page.close();
});

test('creates a named session in the Reason panel', async ({ request }) => {
  await openReason(page);
  await page.getByTestId('session-new').click();
  await page.getByTestId('session-name').fill(SESSION_NAME);
  await page.getByTestId('session-name-submit').click();
  await expect(page.getByTestId('session-select').locator('option:checked')).toContainText(SESSION_NAME);
  await expect(page.getByTestId('session-current')).toContainText('0 steps');
  const listed = (await api(request, 'session.list', {})).find((s) => s.name === SESSION_NAME);
  expect(listed).toBeDefined();
  expect(listed!.steps).toBe(0);
  sessionId = listed!.id;
});

test('asks where Einstein was born: Ulm, Germany, with numbered steps and cited facts', async () => {
  await page.getByTestId('ask-input').fill('Where was Einstein born?');
  await page.getByTestId('ask-submit').click();
  const card = askCard();
  await expect(card.getByTestId('answer-text')).toHaveText('Ulm, Germany.');
  await expect(card.getByTestId('answer-steps').locator('li')).toHaveCount(3);
  await expect(card.getByTestId('mention').first()).toContainText('Albert Einstein');
  const cited = card.getByTestId('cited-facts').getByTestId('fact');
  await expect(cited).toHaveCount(2);
  await expect(cited.first()).toContainText('born in');
  await expect(cited.first()).toContainText('Ulm');
  await expect(cited.nth(1)).toContainText('located in');
  await expect(cited.nth(1)).toContainText('Germany');
  await expect(cited.first()).toContainText('demo-kg.ttl:');
  await shot(page, 'ask-einstein');

  // Rate it down with a correction: stored as feedback, and a preference pair (correction chosen over the answer).
  await card.getByTestId('answer-feedback-down').click();
  await card.getByTestId('answer-feedback-correction').fill('Ulm, in the Kingdom of Württemberg (German Empire).');
  await card.getByTestId('answer-feedback-send').click();
  await expect(card.getByTestId('answer-feedback-saved')).toContainText('Correction saved');
  await shot(page, 'ask-rated');

  // A cited fact's entity opens in the inspector.
  await cited.first().getByTestId('fact-entity').filter({ hasText: 'Ulm' }).click();
  await expect(page.getByTestId('inspector-label')).toHaveText('Ulm');
  await page.getByTestId('tab-reason').click();
  await expect(askCard().getByTestId('answer-text')).toHaveText('Ulm, Germany.');
});

test("asks Alice's relation to Charlie: aunt, derived by the kinship rules, with its proof", async () => {
  await page.getByTestId('ask-input').fill("What is Alice's relation to Charlie?");
  await page.getByTestId('ask-submit').click();
  const card = askCard();
  await expect(card.getByTestId('answer-text')).toHaveText("Alice is Charlie's aunt.");
  const derived = card.getByTestId('cited-facts').locator('[data-kind="derived"]');
  await expect(derived).toHaveCount(1);
  await expect(derived.getByTestId('fact-kind')).toHaveText('derived by rules');
  await derived.getByTestId('fact-why').click();
  const proof = derived.getByTestId('proof-tree');
  await expect(proof).toContainText('aunt(charlie, alice)');
  await expect(proof).toContainText('aunt(X, A) :- pibling(X, A), gender(A, female).');
  // The proof bottoms out in the three stored triples the answer cites.
  await expect(proof.getByTestId('proof-leaf')).toHaveCount(3);
  await expect(proof.getByTestId('proof-leaf').filter({ hasText: 'sister(bob, alice)' })).toContainText('demo-kg.ttl:');
  await card.getByTestId('answer-feedback-up').click();
  await expect(card.getByTestId('answer-feedback-saved')).toContainText('Rated helpful');
  await shot(page, 'ask-aunt-proof');
});

test('relates Charlie and Alice: Alice is Charlie’s aunt, with the proof and the connecting path', async () => {
  await page.getByTestId('reason-tab-relate').click();
  await pick(page, 'relate-a', 'charlie', 'Charlie');
  await pick(page, 'relate-b', 'alice', 'Alice');
  await page.getByTestId('relate-submit').click();
  const aunt = page.locator('[data-testid="relation"][data-relation="aunt"]');
  await expect(aunt.getByTestId('relation-text')).toHaveText('Alice is Charlie’s aunt');
  await expect(aunt.getByTestId('proof-tree')).toContainText('pibling(charlie, alice)');
  const path = page.getByTestId('relate-path');
  await expect(path).toHaveCount(1);
  await expect(path).toContainText('Charlie');
  await expect(path).toContainText('father');
  await expect(path).toContainText('sister');
  await aunt.getByTestId('relation-feedback-up').click();
  await expect(aunt.getByTestId('relation-feedback-saved')).toBeVisible();
  await shot(page, 'relate');
});

test('explains fever + cough: Influenza first, with matched, missing and scores', async () => {
  await page.getByTestId('reason-tab-findings').click();
  await pick(page, 'findings-picker', 'fever', 'Fever');
  await pick(page, 'findings-picker', 'cough', 'Cough');
  await expect(page.getByTestId('finding-chip')).toHaveCount(2);
  await expect(page.getByTestId('findings-relation')).toHaveValue('presents');
  await page.getByTestId('findings-submit').click();
  const first = page.getByTestId('candidate').first();
  await expect(first.getByTestId('candidate-label')).toHaveText('Influenza');
  await expect(first.getByTestId('candidate-matched')).toContainText('Fever');
  await expect(first.getByTestId('candidate-matched')).toContainText('Cough');
  await expect(first.getByTestId('candidate-missing')).toContainText('Fatigue');
  const scores = await page.getByTestId('candidate-score').allInnerTexts();
  const values = scores.map((s) => Number(s.replace('−', '-')));
  expect(values.length).toBeGreaterThan(2);
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThanOrEqual(values[i - 1]);
  await first.getByTestId('candidate-feedback-up').click();
  await expect(first.getByTestId('candidate-feedback-saved')).toBeVisible();
  await shot(page, 'findings');
});

test('the timeline holds every step; the API has the steps and the feedback', async ({ request }) => {
  await page.getByTestId('reason-tab-timeline').click();
  await page.getByTestId('note-input').fill('Flu fits best; check the patient for fatigue.');
  await page.getByTestId('note-add').click();
  const steps = page.getByTestId('timeline-step');
  await expect(steps).toHaveCount(5);
  await expect(steps.nth(0)).toContainText('Where was Einstein born?');
  await expect(steps.nth(4)).toContainText('check the patient for fatigue');
  await steps.nth(2).getByRole('button').first().click();
  await expect(steps.nth(2).getByTestId('relation').first()).toContainText('aunt');
  // A recorded answer shows the feedback it was given.
  await steps.nth(0).getByRole('button').first().click();
  await expect(steps.nth(0).getByTestId('answer-feedback-saved')).toContainText('Correction saved');

  const session = await api(request, 'session.get', { id: sessionId });
  expect(session.timeline.map((s) => s.kind)).toEqual(['qa.ask', 'qa.ask', 'reason.relate', 'findings.explain', 'note']);
  expect((session.timeline[0].output as { answer: string }).answer).toBe('Ulm, Germany.');
  expect((session.timeline[1].output as { answer: string }).answer).toBe("Alice is Charlie's aunt.");
  expect(session.timeline.every((s) => s.durationMs !== null && s.durationMs >= 0)).toBe(true);

  const feedback = await api(request, 'feedback.list', { sessionId });
  const corrected = feedback.find((f) => f.targetKind === 'answer' && f.correction);
  expect(corrected).toMatchObject({ stepId: session.timeline[0].id, rating: -1, correction: 'Ulm, in the Kingdom of Württemberg (German Empire).' });
  expect(corrected!.target).toMatchObject({ question: 'Where was Einstein born?', answer: 'Ulm, Germany.' });
  expect(feedback.find((f) => f.targetKind === 'answer' && f.rating === 1)?.stepId).toBe(session.timeline[1].id);
  expect(feedback.find((f) => f.targetKind === 'derived')?.target).toMatchObject({ subject: 'charlie', predicate: 'aunt', object: 'alice' });
  expect(feedback.find((f) => f.targetKind === 'ranking')?.target).toMatchObject({ candidate: 'flu', rank: 1 });
  await shot(page, 'timeline');
});

test('re-runs the session after a KG edit and shows which step changed', async ({ request }) => {
  for (const i of [0, 2]) await page.getByTestId('timeline-step').nth(i).getByRole('button').first().click(); // fold the opened steps
  await expect(page.getByTestId('timeline-step-body')).toHaveCount(0);
  await page.getByTestId('session-rerun').click();
  await expect(page.getByTestId('reason-notice')).toContainText('nothing changed');
  await expect(page.getByTestId('rerun-status')).toHaveText(['same', 'same', 'same', 'same']);

  // A new disease that presents cough changes the ranking, and only the ranking.
  await api(request, 'entity.create', { key: 'whooping_cough', label: 'Whooping cough', type: 'Disease' });
  await api(request, 'triple.add', { subject: 'whooping_cough', predicate: 'presents', object: { key: 'cough' }, confidence: 0.95 });
  await page.getByTestId('session-rerun').click();
  await expect(page.getByTestId('reason-notice')).toContainText('1 changed');
  await expect(page.getByTestId('rerun-status')).toHaveText(['same', 'same', 'same', 'changed']);
  await expect(page.getByTestId('rerun-change')).toHaveText(/new: Whooping cough/);
  await page.getByTestId('rerun-change').getByRole('button', { name: 'show now' }).click();
  await expect(page.getByTestId('timeline-step').nth(3).getByTestId('candidate').filter({ hasText: 'Whooping cough' })).toHaveCount(1);
  await shot(page, 'rerun');
});

test('exports the session report (HTML and Markdown) and the preference pairs as downloads', async ({ request }) => {
  const html = await downloaded(page, () => page.getByTestId('export-html').click());
  expect(html.name).toBe('einstein-family-and-flu.html');
  expect(html.text).toContain(`<h1>${SESSION_NAME}</h1>`);
  expect(html.text).toContain('Ulm, Germany.');
  expect(html.text).toContain('aunt');
  const md = await downloaded(page, () => page.getByTestId('export-md').click());
  expect(md.name).toBe('einstein-family-and-flu.md');
  expect(md.text).toContain(`# ${SESSION_NAME}`);
  expect(md.text).toContain('Influenza');

  const pairs = await downloaded(page, () => page.getByTestId('export-pairs').click());
  expect(pairs.name).toBe('relata-preference-pairs.jsonl');
  const lines = pairs.text.trim().split('\n').map((l) => JSON.parse(l) as { prompt: string; chosen: string; rejected: string });
  expect(lines).toContainEqual({ prompt: 'Where was Einstein born?', chosen: 'Ulm, in the Kingdom of Württemberg (German Empire).', rejected: 'Ulm, Germany.' });
  expect(lines).toEqual(await api(request, 'feedback.pairs', {}));
});

test('renames, duplicates and deletes sessions', async ({ request }) => {
  await page.getByTestId('session-rename').click();
  await page.getByTestId('session-name').fill(`${SESSION_NAME} (reviewed)`);
  await page.getByTestId('session-name-submit').click();
  await expect(page.getByTestId('session-select').locator('option:checked')).toContainText('(reviewed)');
  expect((await api(request, 'session.get', { id: sessionId })).name).toBe(`${SESSION_NAME} (reviewed)`);

  await page.getByTestId('session-duplicate').click();
  await expect(page.getByTestId('reason-notice')).toContainText('Duplicated');
  const sessions = await api(request, 'session.list', {});
  const copy = sessions.find((s) => s.id !== sessionId && s.name.includes(SESSION_NAME));
  expect(copy?.steps).toBe(5);
  await expect(page.getByTestId('timeline-step')).toHaveCount(5);

  await page.getByTestId('session-delete').click();
  await page.getByTestId('session-delete-confirm').click();
  await expect(page.getByTestId('session-current')).toContainText('No session open');
  expect((await api(request, 'session.list', {})).map((s) => s.id)).not.toContain(copy!.id);
  await page.getByTestId('session-select').selectOption(String(sessionId));
  await expect(page.getByTestId('timeline-step')).toHaveCount(5);
});

test('runs a corporate query: every company’s ultimate controlling owner, with proofs, recorded as a step', async ({ request }) => {
  await page.getByTestId('reason-tab-query').click();
  await page.getByTestId('query-preset').filter({ hasText: 'Ultimate controlling owners' }).click();
  const rows = page.getByTestId('query-row');
  const expected = (await api(request, 'reason.query', { query: 'ultimate_owner(Company, Owner)', packs: ['ownership'] })).count;
  expect(expected).toBeGreaterThan(0);
  await expect(rows).toHaveCount(expected);
  await expect(rows.first()).toContainText('Apex Holdings');
  await rows.first().getByRole('button', { name: 'Why?' }).click();
  await expect(page.getByTestId('query-result').getByTestId('proof-tree')).toContainText('ultimate_owner(');
  await shot(page, 'query-ownership');
  const last = (await api(request, 'session.get', { id: sessionId })).timeline.at(-1)!;
  expect(last).toMatchObject({ kind: 'reason.query', title: 'Ultimate controlling owners' });
});

/** An OpenAI-compatible endpoint that streams a scripted reply slowly, so the answer visibly arrives piece by piece. */
async function slowLlm(reply: string): Promise<{ url: string; server: Server; prompts: string[] }> {
  const prompts: string[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    prompts.push(body);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const piece of reply.match(/.{1,8}/gs) ?? []) {
      res.write(`data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'fake', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
      await new Promise((r) => setTimeout(r, 60));
    }
    res.end('data: [DONE]\n\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server, prompts };
}

test('with an LLM configured the answer streams in, cites checked facts and flags an unsupported statement', async ({ request }) => {
  const graph = await api(request, 'qa.ask', { question: 'Where was Einstein born?' });
  const [bornIn, locatedIn] = graph.citations;
  const llm = await slowLlm(
    `1. Albert Einstein was born in Ulm [${bornIn}].\n2. Ulm is located in Germany [${locatedIn}].\n3. Einstein was born on a Tuesday [F99999].\nAnswer: Einstein was born in Ulm, Germany [${bornIn}][${locatedIn}].`,
  );
  try {
    await page.getByTestId('reason-tab-ask').click();
    await page.getByTestId('llm-settings').locator('summary').click();
    await page.getByTestId('llm-enabled').check();
    await page.getByTestId('llm-url').fill(llm.url);
    await page.getByTestId('llm-model').fill('fake-7b');
    await page.getByTestId('llm-key').fill('sk-typed-per-use');
    await page.getByTestId('ask-input').fill('Where was Einstein born?');
    await page.getByTestId('ask-submit').click();
    await expect(page.getByTestId('ask-stream')).toContainText('Albert Einstein');
    await shot(page, 'llm-streaming');
    const card = askCard();
    await expect(card.getByTestId('answer-text')).toContainText('Ulm, Germany', { timeout: 20_000 });
    await expect(card.getByTestId('answer-flags')).toContainText('Tuesday');
    await expect(card.getByTestId('cited-facts').getByTestId('fact').first()).toContainText('born in');
    await shot(page, 'llm-answer');
    expect(llm.prompts.at(-1)).toContain(`[${bornIn}]`);

    // The key was used for the call only: the recorded step and the browser's storage do not hold it.
    const session = await api(request, 'session.get', { id: sessionId });
    const step = session.timeline.at(-1)!;
    expect(step.kind).toBe('qa.ask');
    expect((step.output as { mode: string }).mode).toBe('llm');
    expect(JSON.stringify(step.input)).not.toContain('sk-typed-per-use');
    expect(await page.evaluate(() => JSON.stringify({ ...(globalThis as unknown as { localStorage: Record<string, string> }).localStorage }))).not.toContain('sk-typed-per-use');

    // An endpoint that does not answer: one clear message, and the session keeps exactly the steps it had.
    await page.getByTestId('llm-url').fill('http://127.0.0.1:9/v1');
    await page.getByTestId('ask-submit').click();
    await expect(page.getByTestId('reason-error')).toContainText('cannot reach the language model at http://127.0.0.1:9/v1');
    expect((await api(request, 'session.get', { id: sessionId })).timeline).toHaveLength(session.timeline.length);
    await expect(askCard().getByTestId('answer-text')).toContainText('Ulm, Germany');
  } finally {
    await new Promise((r) => llm.server.close(r));
  }
});

test('an ambiguous mention shows its alternatives, and picking one asks again about that entity', async ({ request }) => {
  // A second "Alice", born in Ulm: the question's "Alice" could now mean either.
  await api(request, 'entity.create', { key: 'alice_smith', label: 'Alice', type: 'Person' });
  await api(request, 'triple.add', { subject: 'alice_smith', predicate: 'born_in', object: { key: 'ulm' } });
  await page.getByTestId('llm-enabled').uncheck();
  await page.getByTestId('ask-input').fill('Where was Alice born?');
  await page.getByTestId('ask-submit').click();
  const card = askCard();
  await expect(card.getByTestId('mention-alternatives')).toContainText('alice_smith');
  await expect(card.getByTestId('answer-text')).toContainText('No answer in the KG');
  await shot(page, 'ambiguous');
  await card.getByTestId('mention-alternative').filter({ hasText: 'alice_smith' }).click();
  await expect(page.getByTestId('ask-input')).toHaveValue('Where was alice_smith born?');
  await expect(card.getByTestId('answer-text')).toHaveText('Ulm, Germany.');
  await expect(card.getByTestId('mention-alternatives')).toHaveCount(0);
});

test('a model prediction is cited only as a clearly marked prediction, and can be rejected', async ({ request }) => {
  // What `relata train` writes back: a triple whose source is a model, with the model's confidence.
  const { path } = await api(request, 'kg.info', {});
  const db = new Database(path);
  try {
    const id = (key: string): number => (db.prepare('SELECT id FROM entities WHERE key = ?').get(key) as { id: number }).id;
    const field = (db.prepare("SELECT id FROM predicates WHERE key = 'field'").get() as { id: number }).id;
    const source = db.prepare("INSERT INTO sources(kind, name, detail, created_at) VALUES ('model', 'transe-e2e', '{}', ?)").run(new Date().toISOString()).lastInsertRowid;
    db.prepare('INSERT INTO triples(s, p, o, confidence, derived, source_id) VALUES (?, ?, ?, 0.64, 1, ?)').run(id('albert_einstein'), field, id('electrical_engineering'), source);
  } finally {
    db.close();
  }
  await page.getByTestId('ask-input').fill("What is Einstein's field?");
  await page.getByTestId('ask-submit').click();
  const card = askCard();
  await expect(card.getByTestId('answer-text')).toContainText('Physics');
  const predicted = card.getByTestId('cited-facts').locator('[data-kind="predicted"]');
  await expect(predicted).toHaveCount(1);
  await expect(predicted.getByTestId('fact-kind')).toHaveText('model prediction');
  await expect(predicted).toContainText('Electrical engineering');
  await expect(predicted).toContainText('0.64');
  await expect(card.getByTestId('cited-facts').locator('[data-kind="stored"]')).toContainText('Physics');
  await predicted.getByTestId('fact-feedback-down').click();
  await predicted.getByTestId('fact-feedback-send').click();
  await expect(predicted.getByTestId('fact-feedback-saved')).toContainText('Rated wrong');
  await shot(page, 'prediction');
  const feedback = await api(request, 'feedback.list', { sessionId });
  expect(feedback.at(-1)).toMatchObject({ targetKind: 'prediction', rating: -1, target: { subject: 'albert_einstein', predicate: 'field', object: 'electrical_engineering' } });
});

test('a model prediction can also be accepted: it becomes a stored fact with provenance "user"', async ({ request }) => {
  await page.getByTestId('ask-input').fill("What is Einstein's field?");
  await page.getByTestId('ask-submit').click();
  const predicted = askCard().getByTestId('cited-facts').locator('[data-kind="predicted"]');
  await expect(predicted).toHaveCount(1);
  await predicted.getByTestId('fact-accept').click();
  await expect(predicted.getByTestId('fact-accepted')).toHaveText('Accepted as a fact');
  const einstein = await api(request, 'entity.get', { key: 'albert_einstein' });
  const accepted = einstein!.outgoing.find((t) => t.predicate.key === 'field' && t.object.kind === 'entity' && t.object.key === 'electrical_engineering');
  expect(accepted).toMatchObject({ derived: false, confidence: 1, provenance: { kind: 'user' } });
  const history = await api(request, 'edit.history', {});
  expect(history[0]).toMatchObject({ kind: 'accept-fact', undone: false });
});

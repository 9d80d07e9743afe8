import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { CallName, CallResult } from '../src-main/contract/api.ts';
import { E2E_TOKEN } from '../playwright.config.ts';
import { ROOT } from './support/fixture-kg.ts';
import { clickTool } from './support/toolbar.ts';

/**
 * The Rules panel on the demo KG: learn rules under a time budget (progress, Cancel keeps what was found), sort and
 * filter the table, a rule's example grounding lit up in the graph, accept one into the rule set "learned" and
 * reject another (both leave the list; the set and the rejected rules are listed), Undo / Redo of a review, the
 * rejected rule never proposed again, and the accepted set used as a rule pack by the Query view. Then a rule set's
 * predictions: each triple with its score and the rules that fired, a rule's grounding lit up in the graph, accept /
 * reject (feedback of the session step, Undo), and a rule taken out of its set without rejecting it (Undo / Redo).
 */
test.describe.configure({ mode: 'serial' });

const ARTIFACTS = join(ROOT, 'e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

interface GraphHook {
  nodes(): string[];
  highlighted(): { nodes: string[]; edges: string[] } | null;
}

async function api<N extends CallName>(request: APIRequestContext, name: N, input: unknown): Promise<CallResult<N>> {
  const res = await request.post(`/api/call/${name}`, { headers: { 'x-relata-token': E2E_TOKEN }, data: input });
  const body = (await res.json()) as { result?: CallResult<N>; error?: { message: string } };
  if (!res.ok()) throw new Error(`${name}: ${body.error?.message ?? res.status()}`);
  return body.result as CallResult<N>;
}

const graph = <T>(page: Page, fn: (g: GraphHook) => T): Promise<T> =>
  page.evaluate((source) => new Function('g', `return (${source})(g)`)((globalThis as unknown as { __relataGraph: GraphHook }).__relataGraph), fn.toString()) as Promise<T>;

const numbers = async (rows: Locator, attr: string, n = 12): Promise<number[]> => {
  const count = Math.min(n, await rows.count());
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Number(await rows.nth(i).getAttribute(attr)));
  return out;
};

const nonIncreasing = (xs: number[]): boolean => xs.every((x, i) => i === 0 || xs[i - 1] >= x);

test('learn rules on the demo KG, review them, undo a review, query with the accepted set', async ({ page, request }) => {
  test.setTimeout(180_000);
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await expect(page.getByTestId('graph-canvas')).not.toHaveAttribute('data-nodes', '0');

  await clickTool(page, 'rules-toggle');
  const panel = page.getByTestId('rules-panel');
  await expect(panel).toBeVisible();
  await expect(page.getByTestId('rules-seconds')).toHaveValue(''); // automatic
  await expect(page.getByTestId('rules-max-length')).toHaveValue('3');
  await expect(page.getByTestId('rules-constants')).toBeChecked();
  await expect(page.getByTestId('rules-sets')).toContainText('No rule set yet');

  // A long budget, cancelled once the learner reports progress: the rules found so far are kept.
  await page.getByTestId('rules-seconds').fill('120');
  await page.getByTestId('rules-learn').click();
  const progress = page.getByTestId('rules-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/learning rules \(.* found\)/, { timeout: 30_000 });
  await page.getByTestId('rules-cancel').click();
  const summary = page.getByTestId('rules-summary');
  await expect(summary).toHaveAttribute('data-cancelled', 'true', { timeout: 30_000 });
  await expect(progress).toBeHidden();
  await expect(page.getByTestId('rules-learn')).toBeEnabled();

  // A short run that ends by itself.
  await page.getByTestId('rules-seconds').fill('3');
  await page.getByTestId('rules-learn').click();
  await expect(summary).toHaveAttribute('data-cancelled', 'false', { timeout: 60_000 });
  const rows = page.getByTestId('rules-row');
  await expect(rows.first()).toBeVisible();
  expect(Number(await summary.getAttribute('data-rules'))).toBeGreaterThan(10);
  await expect(rows.first().getByTestId('rules-rule-text')).toContainText(':-');

  // Sorted by confidence by default; by support on a click.
  expect(nonIncreasing(await numbers(rows, 'data-confidence'))).toBe(true);
  await page.getByTestId('rules-sort-support').click();
  await expect(page.getByTestId('rules-table')).toHaveAttribute('data-sort', 'support');
  expect(nonIncreasing(await numbers(rows, 'data-support'))).toBe(true);
  await page.getByTestId('rules-sort-confidence').click();

  // Filtered by head predicate.
  await page.getByTestId('rules-head-filter').selectOption('presents');
  await expect(rows.first()).toHaveAttribute('data-head', 'presents');
  const heads = await rows.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-head')))]);
  expect(heads).toEqual(['presents']);

  // The rule to accept predicts facts the KG lacks (confidence below 1); the next one is rejected.
  const candidates = await rows.evaluateAll((els) => els.map((e) => ({ rule: e.getAttribute('data-rule')!, confidence: Number(e.getAttribute('data-confidence')) })));
  const accepted = candidates.find((c) => c.confidence < 1)!.rule;
  const rejected = candidates.find((c) => c.rule !== accepted)!.rule;
  expect(accepted).toBeTruthy();
  const rowOf = (rule: string): Locator => page.locator(`[data-testid="rules-row"][data-rule="${rule.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`);
  await expect(rowOf(accepted)).toHaveCount(1);

  // Clicking the rule lights up its first example grounding in the graph.
  await rowOf(accepted).getByTestId('rules-rule-text').click();
  const grounding = rowOf(accepted).getByTestId('rules-grounding');
  await expect(grounding).toBeVisible();
  await expect(grounding).toContainText('Example 1 of');
  const keys = (await grounding.getAttribute('data-keys'))!.split(' ');
  expect(keys.length).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => (await graph(page, (g) => g.highlighted()))?.nodes.sort()).toEqual([...keys].sort());
  await expect.poll(async () => (await graph(page, (g) => g.highlighted()))?.edges.length ?? 0).toBeGreaterThan(0);
  await expect.poll(async () => { const shown = await graph(page, (g) => g.nodes()); return keys.every((k) => shown.includes(k)); }).toBe(true);
  await page.screenshot({ path: join(ARTIFACTS, 'rules-grounding.png') });

  // "View in graph" closes the panel over the graph and keeps the grounding lit; reopened, the panel is as it was.
  await rowOf(accepted).getByTestId('rules-reveal').click();
  await expect(panel).toBeHidden();
  await page.waitForTimeout(500); // the camera's flight
  expect((await graph(page, (g) => g.highlighted()))?.nodes.sort()).toEqual([...keys].sort());
  await page.screenshot({ path: join(ARTIFACTS, 'rules-grounding-graph.png') });
  await clickTool(page, 'rules-toggle');
  await expect(rowOf(accepted)).toHaveClass(/selected/);
  await expect(page.getByTestId('rules-head-filter')).toHaveValue('presents');

  // Accept into the default set "learned": the rule leaves the list and is listed under the set.
  await expect(page.getByTestId('rules-set-name')).toHaveValue('learned');
  await rowOf(accepted).getByTestId('rules-accept').click();
  await expect(rowOf(accepted)).toHaveCount(0);
  const set = page.locator('[data-testid="rules-set"][data-name="learned"]');
  await expect(set).toBeVisible();
  await expect(set.getByTestId('rules-set-rule')).toHaveCount(1);
  await expect(set.getByTestId('rules-set-rule')).toHaveAttribute('data-rule', accepted);
  expect((await api(request, 'reason.packs', {}))).toContain('learned');

  // Reject another: it leaves the list and is remembered.
  await rowOf(rejected).getByTestId('rules-reject').click();
  await expect(rowOf(rejected)).toHaveCount(0);
  await expect(page.getByTestId('rules-rejected')).toHaveAttribute('data-count', '1');
  let sets = await api(request, 'rules.sets', {});
  expect(sets.sets).toEqual([expect.objectContaining({ name: 'learned', rules: [expect.objectContaining({ rule: accepted, head: 'presents' })] })]);
  expect(sets.rejected).toEqual([rejected]);
  await page.screenshot({ path: join(ARTIFACTS, 'rules-reviewed.png') });

  // Undo reverts the rejection (the rule is proposed again); Redo rejects it again. The accepted rule stays.
  await clickTool(page, 'undo-button');
  await expect(rowOf(rejected)).toHaveCount(1);
  await expect(page.getByTestId('rules-rejected')).toHaveCount(0);
  await expect(set.getByTestId('rules-set-rule')).toHaveCount(1);
  expect((await api(request, 'rules.sets', {})).rejected).toEqual([]);
  await clickTool(page, 'redo-button');
  await expect(rowOf(rejected)).toHaveCount(0);
  await expect(page.getByTestId('rules-rejected')).toHaveAttribute('data-count', '1');
  sets = await api(request, 'rules.sets', {});
  expect(sets.rejected).toEqual([rejected]);
  expect(sets.sets[0].rules.map((r) => r.rule)).toEqual([accepted]);

  // A rejected rule is never proposed again; the reviewed ones are not proposed as open rules.
  const again = await api(request, 'rules.learn', { seconds: 2, limit: 10_000 });
  expect(again.top.length).toBeGreaterThan(0);
  expect(again.top.map((r) => r.rule)).not.toContain(rejected);

  // Learning was a step of the reasoning session.
  const sessions = await api(request, 'session.list', {});
  const session = await api(request, 'session.get', { id: sessions.at(-1)!.id });
  expect(session.timeline.filter((s) => s.kind === 'rules.learn').length).toBeGreaterThanOrEqual(2);

  // The accepted set as a rule pack in the Query view (the Reason panel reads the pack list when it opens).
  const expected = await api(request, 'reason.query', { query: 'presents(X, Y)', packs: ['learned'] });
  const asserted = (await api(request, 'kg.stats', {})).predicateCounts.find((p) => p.name === 'presents')!.count;
  expect(expected.count).toBeGreaterThan(asserted); // the accepted rule predicts facts the KG lacks
  await page.reload();
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await page.getByTestId('tab-reason').click();
  await page.getByTestId('reason-tab-query').click();
  const packs = page.getByTestId('query-packs');
  await expect(packs).toContainText('learned');
  await packs.getByLabel('kinship').uncheck();
  await packs.getByLabel('learned').check();
  await page.getByTestId('query-input').fill('presents(X, Y)');
  await page.getByTestId('query-submit').click();
  const result = page.getByTestId('query-result');
  await expect(result).toContainText(`${expected.count} answers`);
  await expect(result).toContainText(`${expected.stats.derived} facts derived`);
  expect(expected.stats.derived).toBeGreaterThan(0);
  await page.screenshot({ path: join(ARTIFACTS, 'rules-query.png') });

  // The panel lists the stored set after a reload too.
  await clickTool(page, 'rules-toggle');
  await expect(page.locator('[data-testid="rules-set"][data-name="learned"]').getByTestId('rules-set-rule')).toHaveAttribute('data-rule', accepted);
});

test('predict links with a rule set: the rules and groundings behind each triple, accept / reject, remove a rule from its set', async ({ page, request }) => {
  test.setTimeout(120_000);
  const mother = 'mother(X, Y) :- father(X, A), wife(A, Y).';
  const wife = 'wife(X, Y) :- husband(Y, X).';
  await api(request, 'rules.review', { rule: mother, accept: true, ruleSet: 'parents', stats: { confidence: 0.8, support: 2 } });
  await api(request, 'rules.review', { rule: wife, accept: true, ruleSet: 'parents', stats: { confidence: 0.9, support: 1 } });
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await expect(page.getByTestId('graph-canvas')).not.toHaveAttribute('data-nodes', '0');
  await clickTool(page, 'rules-toggle');

  // Predict with the set: Bob's mother (his father Frank's wife, Grace) and Ethan's wife (Alice's husband is Ethan).
  await page.getByTestId('rules-predict-set').selectOption('parents');
  await page.getByTestId('rules-predict').click();
  const rows = page.getByTestId('rules-prediction');
  await expect(page.getByTestId('rules-predictions-summary')).toHaveAttribute('data-count', '2');
  const triples = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-subject'), e.getAttribute('data-predicate'), e.getAttribute('data-object')]));
  expect(triples.sort()).toEqual([['bob', 'mother', 'grace'], ['ethan', 'wife', 'alice']]);
  const bob = page.locator('[data-testid="rules-prediction"][data-subject="bob"]');
  await expect(bob).toContainText('Bob mother Grace');
  expect(Number(await bob.getAttribute('data-score'))).toBeGreaterThan(0);
  await expect(bob.getByTestId('rules-prediction-rule')).toHaveAttribute('data-rule', mother);

  // The run is a step of the reasoning session.
  const sessions = await api(request, 'session.list', {});
  const session = await api(request, 'session.get', { id: sessions.at(-1)!.id });
  const step = session.timeline.at(-1)!;
  expect(step.kind).toBe('rules.predict');
  expect(step.title).toBe('Predict links with the rule set parents');

  // The rule's grounding lit up in the graph: Bob, his father Frank, Frank's wife Grace, and the two stored facts.
  await bob.getByTestId('rules-prediction-rule').click();
  const grounding = bob.getByTestId('rules-prediction-grounding');
  await expect(grounding).toBeVisible();
  await expect(grounding).toHaveAttribute('data-keys', 'bob frank grace');
  await expect(grounding).toContainText('⇒ mother(bob, grace)');
  await expect.poll(async () => (await graph(page, (g) => g.highlighted()))?.nodes.sort()).toEqual(['bob', 'frank', 'grace']);
  await expect.poll(async () => (await graph(page, (g) => g.highlighted()))?.edges.length ?? 0).toBe(2);
  await page.screenshot({ path: join(ARTIFACTS, 'rules-predictions.png') });

  // Accept: the triple is stored (provenance rules:parents) and leaves the list; the review is the step's feedback.
  await bob.getByTestId('rules-prediction-accept').click();
  await expect(bob).toHaveCount(0);
  await expect(page.getByTestId('rules-predictions-summary')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('rules-prediction-notice')).toContainText('Accepted “Bob mother Grace” as a fact (provenance rules:parents)');
  const asked = await api(request, 'reason.query', { query: '?- mother(bob, M).', rules: 'noop(x) :- noop(x).' });
  expect(asked.answers.map((a) => a.bindings.M)).toEqual(['grace']);
  const feedback = await api(request, 'feedback.list', { sessionId: session.id });
  expect(feedback.at(-1)).toMatchObject({ targetKind: 'prediction', rating: 1, stepId: step.id, target: { subject: 'bob', predicate: 'mother', model: 'rules:parents' } });
  // Undo takes the triple out again: the prediction comes back.
  await clickTool(page, 'undo-button');
  await expect(bob).toHaveCount(1);
  expect((await api(request, 'reason.query', { query: '?- mother(bob, M).', rules: 'noop(x) :- noop(x).' })).answers).toEqual([]);

  // Reject the other: it leaves and is never proposed again (the same store embedding predictions' rejections use).
  const ethan = page.locator('[data-testid="rules-prediction"][data-subject="ethan"]');
  await ethan.getByTestId('rules-prediction-reject').click();
  await expect(ethan).toHaveCount(0);
  expect((await api(request, 'rules.predict', { ruleSet: 'parents' })).predictions.map((p) => p.subject)).toEqual(['bob']);
  expect((await api(request, 'feedback.list', { sessionId: session.id })).at(-1)).toMatchObject({ rating: -1, target: { subject: 'ethan', object: { key: 'alice' } } });

  // Take the mother rule out of the set without rejecting it: the set keeps the other, its predictions follow.
  const set = page.locator('[data-testid="rules-set"][data-name="parents"]');
  const motherRow = set.locator(`[data-testid="rules-set-rule"][data-rule="${mother}"]`);
  await motherRow.getByTestId('rules-set-remove').click();
  await expect(motherRow).toHaveCount(0);
  await expect(set).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('rules-set-notice')).toContainText('not rejected');
  let sets = await api(request, 'rules.sets', {});
  expect(sets.sets.find((s) => s.name === 'parents')!.rules.map((r) => r.rule)).toEqual([wife]);
  expect(sets.rejected).not.toContain(mother);
  await expect(page.getByTestId('rules-predictions-summary')).toHaveAttribute('data-count', '0');
  // Undo puts it back (and Bob's mother is predicted again); Redo takes it out again.
  await clickTool(page, 'undo-button');
  await expect(motherRow).toHaveCount(1);
  await expect(bob).toHaveCount(1);
  await clickTool(page, 'redo-button');
  await expect(motherRow).toHaveCount(0);
  sets = await api(request, 'rules.sets', {});
  expect(sets.sets.find((s) => s.name === 'parents')!.rules.map((r) => r.rule)).toEqual([wife]);
  await page.screenshot({ path: join(ARTIFACTS, 'rules-set-removed.png') });
});

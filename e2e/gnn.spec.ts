import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { CallName, CallResult } from '../src-main/contract/api.ts';
import { E2E_TOKEN } from '../playwright.config.ts';
import { ROOT } from './support/fixture-kg.ts';
import { clickTool } from './support/toolbar.ts';

/**
 * The GNN in the graph view on the demo KG: classify entities by type (accuracy, confusion matrix), colour the graph
 * by predicted class, explain one entity's prediction (its top edges highlighted), and the same calls over HTTP.
 */
test.describe.configure({ mode: 'serial' });

const ARTIFACTS = join(ROOT, 'e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

interface GraphHook {
  nodes(): string[];
  colour(key: string): string | null;
  highlighted(): { nodes: string[]; edges: string[] } | null;
}

async function api<N extends CallName>(request: APIRequestContext, name: N, input: unknown): Promise<CallResult<N>> {
  const res = await request.post(`/api/call/${name}`, { headers: { 'x-relata-token': E2E_TOKEN }, data: input });
  const body = (await res.json()) as { result?: CallResult<N>; error?: { message: string } };
  if (!res.ok()) throw new Error(`${name}: ${body.error?.message ?? res.status()}`);
  return body.result as CallResult<N>;
}

const hook = <T>(page: Page, fn: (g: GraphHook, arg: string) => T, arg = ''): Promise<T> =>
  page.evaluate(
    ([source, a]) => new Function('g', 'a', `return (${source})(g, a)`)((globalThis as unknown as { __relataGraph: GraphHook }).__relataGraph, a),
    [fn.toString(), arg] as const,
  ) as Promise<T>;

async function colours(page: Page): Promise<Map<string, string | null>> {
  const entries = await hook(page, (g) => g.nodes().map((k) => [k, g.colour(k)] as const));
  return new Map(entries);
}

test('classify the demo KG, colour by predicted class, explain an entity', async ({ page, request }) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await expect(page.getByTestId('graph-canvas')).not.toHaveAttribute('data-nodes', '0');

  await clickTool(page, 'gnn-toggle');
  await page.getByTestId('gnn-classify').click();
  const accuracy = page.getByTestId('gnn-accuracy');
  await expect(accuracy).toContainText('Test accuracy');
  const test_ = Number(await accuracy.getAttribute('data-test-accuracy'));
  const majority = Number(await accuracy.getAttribute('data-majority'));
  expect(test_).toBeGreaterThan(majority);
  await expect(page.getByTestId('gnn-confusion').locator('tbody tr')).not.toHaveCount(0);

  const before = await colours(page);
  await page.getByTestId('gnn-colour').check();
  await expect
    .poll(async () => {
      const after = await colours(page);
      return [...after].filter(([k, c]) => c !== null && before.get(k) !== c).length;
    })
    .toBeGreaterThan(before.size / 2);
  await page.screenshot({ path: join(ARTIFACTS, 'gnn-classify-colour.png') });

  await page.getByTestId('search-input').fill('Einstein');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('inspector-label')).toHaveText('Albert Einstein');
  await page.getByTestId('gnn-explain').click();
  await expect(page.getByTestId('gnn-explain-edge').first()).toBeVisible();
  const predicted = (await page.getByTestId('gnn-explained-class').textContent())!.trim();
  await expect
    .poll(async () => {
      const h = await hook(page, (g) => g.highlighted());
      return h ? h.nodes.includes('albert_einstein') && h.edges.length > 0 : false;
    })
    .toBe(true);
  const highlighted = (await hook(page, (g) => g.highlighted()))!;
  const topTriple = await page.getByTestId('gnn-explain-edge').first().getAttribute('data-triple');
  expect(highlighted.edges).toContain(topTriple);
  await page.screenshot({ path: join(ARTIFACTS, 'gnn-explain.png') });

  // Closing the panel keeps the colouring; reopening shows the same results.
  await clickTool(page, 'gnn-toggle');
  await expect(page.getByTestId('gnn-panel')).toHaveCount(0);
  expect(await hook(page, (g, k) => g.colour(k), 'albert_einstein')).not.toBe(before.get('albert_einstein'));
  await clickTool(page, 'gnn-toggle');
  await expect(page.getByTestId('gnn-accuracy')).toBeVisible();
  await expect(page.getByTestId('gnn-colour')).toBeChecked();
  await expect(page.getByTestId('gnn-explained-class')).toHaveText(predicted);

  // The same over HTTP: the classify result and the explanation the UI showed.
  const r = await api(request, 'gnn.classify', { target: 'type' });
  const entities = (await api(request, 'kg.stats', {})) as { entities: number };
  expect(r.predictions.length).toBe(entities.entities);
  expect(r.testAccuracy).toBeGreaterThan(r.majorityAccuracy);
  expect(r.confusion.flat().reduce((a, b) => a + b, 0)).toBe(r.split.test);
  const einstein = r.predictions.find((p) => p.key === 'albert_einstein')!;
  expect(einstein.predicted).toBe(predicted);
  const e = await api(request, 'gnn.explain', { key: 'albert_einstein' });
  expect(String(e.edges[0].tripleId)).toBe(topTriple);
  expect(e.edges[0].importance).toBeGreaterThan(0);
  const denied = await request.post('/api/call/gnn.classify', { data: { target: 'type' } });
  expect(denied.status()).toBe(401);
});

test('accept a predicted class into the KG (provenance: model), then undo it', async ({ page, request }) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await expect(page.getByTestId('graph-canvas')).not.toHaveAttribute('data-nodes', '0');
  await clickTool(page, 'gnn-toggle');
  await page.getByTestId('gnn-model').selectOption('rgcn');
  await page.getByTestId('gnn-classify').click();
  await expect(page.getByTestId('gnn-accuracy')).toContainText('R-GCN');

  const row = page.getByTestId('gnn-review-row').first();
  await expect(row).toBeVisible();
  const key = (await row.getAttribute('data-key'))!;
  const cls = (await row.getAttribute('data-class'))!;
  const typeFact = async () => {
    const e = (await api(request, 'entity.get', { key }))!;
    return e.outgoing.find((t) => t.predicate.key.endsWith('#type') && t.object.kind === 'entity' && t.object.key === cls) ?? null;
  };
  expect(await typeFact()).toBeNull();

  await row.getByTestId('gnn-accept').click();
  await expect(page.locator(`[data-testid="gnn-review-row"][data-key="${key}"][data-class="${cls}"]`)).toHaveCount(0);
  await expect.poll(async () => (await typeFact())?.provenance?.kind ?? null).toBe('model');
  const fact = (await typeFact())!;
  expect(fact.provenance!.source).toContain('rgcn');
  expect(fact.confidence).toBeGreaterThan(0);
  expect(fact.confidence).toBeLessThanOrEqual(1);
  await page.screenshot({ path: join(ARTIFACTS, 'gnn-accept.png') });

  await expect(page.getByTestId('undo-button')).toBeEnabled();
  await clickTool(page, 'undo-button');
  await expect.poll(typeFact).toBeNull();
});

test('stored embeddings in use: clusters coloured on the graph, similar entities, question-answering context, the training step card', async ({ page, request }) => {
  await api(request, 'gnn.classify', { target: 'type' }); // stores the GCN hidden layer as 'gcn:type'
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await expect(page.getByTestId('graph-canvas')).not.toHaveAttribute('data-nodes', '0');

  // Cluster the GNN embeddings; the graph is coloured by cluster.
  await clickTool(page, 'gnn-toggle');
  await expect(page.getByTestId('gnn-cluster-source').locator('option[value="gnn:gcn:type"]')).toHaveCount(1);
  await page.getByTestId('gnn-cluster-source').selectOption('gnn:gcn:type');
  await page.getByTestId('gnn-cluster-k').fill('6');
  await page.getByTestId('gnn-cluster').click();
  const quality = page.getByTestId('gnn-cluster-quality');
  await expect(quality).toHaveAttribute('data-k', '6');
  expect(Number(await quality.getAttribute('data-purity'))).toBeGreaterThan(Number(await quality.getAttribute('data-random-purity')));
  await expect(page.getByTestId('gnn-cluster-row')).toHaveCount(6);
  await expect(page.getByTestId('gnn-cluster-colour')).toBeChecked();
  const clusters = await api(request, 'embeddings.cluster', { source: { kind: 'gnn', name: 'gcn:type' }, k: 6 });
  await expect
    .poll(async () => {
      const byCluster = new Map<number, Set<string | null>>();
      for (const [key, colour] of await colours(page)) {
        const c = clusters.assignment![key];
        if (c !== undefined) byCluster.set(c, (byCluster.get(c) ?? new Set()).add(colour));
      }
      const one = [...byCluster.values()].every((s) => s.size === 1);
      const distinct = new Set([...byCluster.values()].map((s) => [...s][0])).size;
      return one && distinct === byCluster.size && byCluster.size >= 3;
    })
    .toBe(true);
  await page.screenshot({ path: join(ARTIFACTS, 'gnn-clusters.png') });

  // Similar entities in the Inspector, from the GNN embeddings; a click selects one.
  await page.getByTestId('search-input').fill('Influenza');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('inspector-label')).toHaveText('Influenza');
  await page.getByTestId('inspector-similar').locator('summary').click();
  await page.getByTestId('inspector-similar-source').selectOption('gnn:gcn:type');
  const rows = page.getByTestId('inspector-similar-row');
  await expect(rows).toHaveCount(8);
  const influenza = (await api(request, 'entity.search', { text: 'Influenza' }))[0].key;
  const expected = (await api(request, 'gnn.similar', { entity: influenza, name: 'gcn:type', top: 9 })).neighbours.filter((n) => n.entity !== influenza).slice(0, 8);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(expected.map((n) => n.entity));
  await page.screenshot({ path: join(ARTIFACTS, 'inspector-similar.png') });
  await rows.first().getByRole('button').click();
  await expect(page.getByTestId('inspector-label')).toHaveText(expected[0].label);

  // A model trained from the Train panel (a step of the new session) gives question answering its context.
  await page.getByTestId('tab-reason').click();
  await page.getByTestId('session-new').click();
  await page.getByTestId('session-name').fill('Embeddings in use');
  await page.getByTestId('session-name-submit').click();
  await clickTool(page, 'train-toggle');
  await page.getByTestId('training-epochs').fill('60');
  await page.getByTestId('training-dim').fill('32');
  await page.getByTestId('training-name').fill('demo-e2e');
  await page.getByTestId('training-start').click();
  await expect(page.getByTestId('training-metrics')).toHaveAttribute('data-stopped-by', /epochs|early-stopping/, { timeout: 60_000 });
  await page.getByTestId('tab-reason').click();
  await expect(page.getByTestId('ask-embedding').locator('option[value="model:demo-e2e"]')).toHaveCount(1);
  await page.getByTestId('ask-embedding').selectOption('model:demo-e2e');
  await page.getByTestId('ask-input').fill('Which diseases are similar to influenza?');
  await page.getByTestId('ask-submit').click();
  const card = page.getByTestId('ask-view').getByTestId('answer-card');
  await expect(card.getByTestId('answer-text')).toContainText("Nearest by embedding similarity in model 'demo-e2e'");
  await expect(card.getByTestId('answer-text')).toContainText('not stored facts');
  await expect(card.getByTestId('answer-similar-row')).toHaveCount(5);
  await expect(card.getByTestId('cited-facts')).toHaveCount(0); // learned similarity is never shown as a fact
  await page.screenshot({ path: join(ARTIFACTS, 'qa-similar-context.png') });

  await page.getByTestId('reason-tab-timeline').click();
  const trainStep = page.getByTestId('timeline-step').filter({ hasText: "Train complex embedding model 'demo-e2e'" });
  await trainStep.getByRole('button').first().click();
  const stepCard = trainStep.getByTestId('step-train');
  await expect(stepCard.getByTestId('step-train-name')).toHaveText('demo-e2e');
  const mrr = Number(await stepCard.getByTestId('step-train-mrr').textContent());
  expect(mrr).toBeGreaterThan(0);
  await expect(stepCard.getByTestId('step-train-hits10')).toHaveText(/^\d+\.\d%$/);
  await expect(stepCard.getByTestId('step-train-stopped')).toHaveText(/epoch limit|early stopping/);
  await expect(trainStep.locator('pre.raw')).toHaveCount(0);
  await page.screenshot({ path: join(ARTIFACTS, 'step-train-card.png') });
});

test('choose the features: groups, text, and a stored embedding (one that saw the types is refused)', async ({ page, request }) => {
  await api(request, 'gnn.classify', { target: 'type' }); // stores 'gcn:type', usable as features of a type classifier
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await clickTool(page, 'gnn-toggle');
  await expect(page.getByTestId('gnn-feature-types')).toBeDisabled(); // the type is the target
  await page.getByTestId('gnn-feature-neighbour-labels').uncheck();
  await page.getByTestId('gnn-feature-text').check();
  await page.getByTestId('gnn-classify').click();
  const used = page.getByTestId('gnn-features-used');
  await expect(used).toHaveAttribute('data-features', 'predicates,degree,text');
  await expect(used).toContainText(/text \d+/);

  await page.getByTestId('gnn-feature-embedding').check();
  await page.getByTestId('gnn-feature-source').selectOption('gnn:gcn:type');
  await page.getByTestId('gnn-classify').click();
  await expect(used).toHaveAttribute('data-features', 'predicates,degree,text,embedding:gnn:gcn:type');
  await expect(used).toContainText(`embedding:gnn:gcn:type 32`);
  expect(Number(await page.getByTestId('gnn-accuracy').getAttribute('data-test-accuracy'))).toBeGreaterThan(0);

  // The model trained in the previous test learned the type triples: as features of a type classifier it is refused.
  await page.getByTestId('gnn-feature-source').selectOption('model:demo-e2e');
  await page.getByTestId('gnn-classify').click();
  await expect(page.getByTestId('gnn-error')).toContainText('the target of this classification');
  await page.screenshot({ path: join(ARTIFACTS, 'gnn-features.png') });
});

import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { CallName, CallResult } from '../src-main/contract/api.ts';
import { E2E_TOKEN } from '../playwright.config.ts';
import { clickTool } from './support/toolbar.ts';

/**
 * The Schema view on the demo KG: one click shows the types as nodes (as many as `schema.get` has), a type lists its
 * entities (searchable), a link lists example triples, which go into the graph (lit up), and one opens its
 * neighbourhood.
 */
interface SchemaHook {
  nodes(): string[];
  edges(): string[][];
}

async function api<N extends CallName>(request: APIRequestContext, name: N, input: unknown): Promise<CallResult<N>> {
  const res = await request.post(`/api/call/${name}`, { headers: { 'x-relata-token': E2E_TOKEN }, data: input });
  const body = (await res.json()) as { result?: CallResult<N>; error?: { message: string } };
  if (!res.ok()) throw new Error(`${name}: ${body.error?.message ?? res.status()}`);
  return body.result as CallResult<N>;
}

const schemaNodes = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as { __relataSchema: SchemaHook }).__relataSchema.nodes());
const shownNodes = (page: Page): Promise<string[]> => page.evaluate(() => (globalThis as unknown as { __relataGraph: { nodes(): string[] } }).__relataGraph.nodes());
const schemaEdges = (page: Page): Promise<string[][]> => page.evaluate(() => (globalThis as unknown as { __relataSchema: SchemaHook }).__relataSchema.edges());

test('the schema view shows the demo KG\'s types and links; a type lists its entities, a link its triples', async ({ page, request }, testInfo) => {
  // Other specs share this server's KG and may have added entities: the expected counts come from the API.
  const schema = await api(request, 'schema.get', {});
  expect(schema.types.length).toBeGreaterThanOrEqual(11);
  const persons = schema.types.find((t) => t.type === 'Person')!.count;
  const presents = schema.links.find((l) => l.from_type === 'Disease' && l.predicate === 'presents' && l.to_type === 'Symptom')!.count;
  const presentsLink = new RegExp(`presents.*${presents}`);

  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page.getByTestId('kg-name')).toHaveText('demo');
  await clickTool(page, 'schema-toggle');
  await expect(page.getByTestId('schema-view')).toBeVisible();
  await expect.poll(async () => (await schemaNodes(page)).sort()).toEqual(schema.types.map((t) => t.type).sort());
  await expect(page.getByTestId('schema-canvas')).toHaveAttribute('data-nodes', String(schema.types.length));
  const edges = await schemaEdges(page);
  expect(edges).toContainEqual(['Disease', 'Symptom']);
  await expect(page.getByTestId('schema-summary')).toContainText(`${schema.types.length} types`);
  await page.screenshot({ path: testInfo.outputPath('schema-demo.png') });

  // A type: its entities, paged and searchable.
  await page.getByTestId('schema-type').filter({ hasText: 'Person' }).click();
  await expect(page.getByTestId('schema-entity')).toHaveCount(persons);
  await page.getByTestId('schema-entity-search').fill('einst');
  await expect(page.getByTestId('schema-entity')).toHaveCount(1);
  await expect(page.getByTestId('schema-entity')).toHaveText('Albert Einstein');

  // Back to the types; Disease, then its "presents" link: example triples; one opens in the graph.
  await page.getByTestId('schema-back').click();
  await page.getByTestId('schema-type').filter({ hasText: 'Disease' }).click();
  await page.getByRole('button', { name: presentsLink }).first().click();
  await expect(page.getByTestId('schema-example')).toHaveCount(20);
  const examples = await api(request, 'schema.triples', { from_type: 'Disease', predicate: 'presents', to_type: 'Symptom', limit: 20 });

  // All of them into the graph: their entities in the view, the triples lit up.
  await page.getByTestId('schema-show-examples').click();
  await expect(page.getByTestId('schema-view')).toHaveCount(0);
  const keys = [...new Set(examples.flatMap((t) => [t.subject.key, t.object.key]))];
  await expect.poll(async () => {
    const shown = await shownNodes(page);
    return keys.every((k) => shown.includes(k));
  }).toBe(true);
  const lit = (): Promise<string[] | null> =>
    page.evaluate(() => (globalThis as unknown as { __relataGraph: { highlighted(): { edges: string[] } | null } }).__relataGraph.highlighted()?.edges.sort() ?? null);
  await expect.poll(lit).toEqual(examples.map((t) => String(t.id)).sort());

  // One example opens its subject's neighbourhood.
  await clickTool(page, 'schema-toggle');
  await page.getByTestId('schema-type').filter({ hasText: 'Disease' }).click();
  await page.getByRole('button', { name: presentsLink }).first().click();
  await page.getByTestId('schema-example').first().click();
  await expect(page.getByTestId('schema-view')).toHaveCount(0);
  await expect(page.getByTestId('graph-mode')).toContainText('Neighbourhood of');
});

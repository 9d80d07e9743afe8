import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSlice } from '../../../src-main/contract/types';
import { RelataService } from '../../../src-main/core/api/handlers';
import { demoFiles } from '../../../src-main/core/demo';
import type { CommunityOverview } from '../../../src-main/contract/community-types';
import { communityView, communityViewOf } from './communities';

let service: RelataService;
let overview: GraphSlice;

beforeAll(async () => {
  service = new RelataService(':memory:', true);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  overview = (await service.call('graph.overview', { limit: 2000 })) as GraphSlice;
});
afterAll(() => service.close());

describe('communityView of the demo overview', () => {
  it('groups every entity into exactly one community, far fewer than the entities', () => {
    const { slice, members } = communityView(overview);
    const all = [...members.values()].flat();
    expect(all.length).toBe(overview.nodes.length);
    expect(new Set(all).size).toBe(overview.nodes.length);
    expect(slice.nodes.length).toBeLessThan(overview.nodes.length / 3);
    for (const n of slice.nodes) expect(n.degree).toBe(members.get(n.key)!.length);
  });

  it('keeps the demo topics apart: the family and the medical part are not in one community', () => {
    const { members } = communityView(overview);
    const idOf = new Map(overview.nodes.map((n) => [n.key, n.id]));
    const communityOf = (key: string): string => [...members].find(([, ids]) => ids.includes(idOf.get(key)!))![0];
    expect(communityOf('alice')).not.toBe(communityOf('flu'));
    expect(communityOf('albert_einstein')).not.toBe(communityOf('flu'));
  });
});

describe('communityViewOf the whole KG (graph.overview, mode communities)', () => {
  it('draws one super-node per community, sized by its members, and one edge per linked pair', async () => {
    const kg = (await service.call('graph.overview', { mode: 'communities' })) as CommunityOverview;
    const { slice, members } = communityViewOf(kg, overview.totalEntities);
    expect(slice.nodes).toHaveLength(kg.communities.length);
    expect(slice.edges).toHaveLength(kg.links.length);
    for (const n of slice.nodes) expect(n.degree).toBe(members.get(n.key)!.length);
    expect([...members.values()].flat().length).toBe(kg.entities);
    const ids = new Set(slice.nodes.map((n) => n.id));
    for (const e of slice.edges) expect(ids.has(e.source) && ids.has(e.target)).toBe(true);
    expect(slice.edges[0].label).toMatch(new RegExp(`^${kg.links[0].weight} relations?$`));
  });
});

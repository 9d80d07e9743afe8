import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSlice } from '../../../src-main/contract/types';
import { RelataService } from '../../../src-main/core/api/handlers';
import { demoFiles } from '../../../src-main/core/demo';
import { communityView } from './communities';

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

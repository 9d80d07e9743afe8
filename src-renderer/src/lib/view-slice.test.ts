import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphSlice } from '../../../src-main/contract/types';
import { RelataService } from '../../../src-main/core/api/handlers';
import { demoFiles } from '../../../src-main/core/demo';
import { capSlice, collapsibleNeighbours, dropNodes, mergeSlices } from './view-slice';

/** Growing, shrinking and bounding the view's slice, on neighbourhoods of the real demo KG. */
let service: RelataService;
let einstein: GraphSlice;

beforeAll(async () => {
  service = new RelataService(':memory:', true);
  await service.call('kg.import', { files: demoFiles().map((path) => ({ path })) });
  einstein = await service.call('graph.neighbourhood', { key: 'albert_einstein', hops: 1 });
});
afterAll(() => service.close());

describe('view slices', () => {
  it('expanding a neighbour one hop equals the union of the two neighbourhoods', async () => {
    const ulmSide = einstein.nodes.find((n) => n.key !== 'albert_einstein')!;
    const around = await service.call('graph.neighbourhood', { key: ulmSide.key, hops: 1 });
    const merged = mergeSlices(einstein, around);
    const keys = new Set([...einstein.nodes, ...around.nodes].map((n) => n.key));
    expect(new Set(merged.nodes.map((n) => n.key))).toEqual(keys);
    expect(new Set(merged.edges.map((e) => e.id))).toEqual(new Set([...einstein.edges, ...around.edges].map((e) => e.id)));
    // Merging again changes nothing.
    expect(mergeSlices(merged, around).nodes.length).toBe(merged.nodes.length);
  });

  it('collapsing a node hides exactly the neighbours that hang on it alone', () => {
    const gone = collapsibleNeighbours(einstein, 'albert_einstein', new Set());
    expect(gone.size).toBeGreaterThan(0);
    const rest = dropNodes(einstein, gone);
    expect(rest.nodes.some((n) => n.key === 'albert_einstein')).toBe(true);
    for (const e of rest.edges) {
      expect(rest.nodes.some((n) => n.id === e.source)).toBe(true);
      expect(rest.nodes.some((n) => n.id === e.target)).toBe(true);
    }
    const pinned = [...gone][0];
    expect(collapsibleNeighbours(einstein, 'albert_einstein', new Set([pinned])).has(pinned)).toBe(false);
  });

  it('caps a slice to the bound, keeping the pinned entities and the best-connected ones', async () => {
    const overview = (await service.call('graph.overview', { limit: 2000 })) as GraphSlice;
    const { slice, dropped } = capSlice(overview, 10, new Set(['alice']));
    expect(slice.nodes).toHaveLength(10);
    expect(dropped).toBe(overview.nodes.length - 10);
    expect(slice.truncated).toBe(true);
    expect(slice.nodes.some((n) => n.key === 'alice')).toBe(true);
    const minKept = Math.min(...slice.nodes.filter((n) => n.key !== 'alice').map((n) => n.degree));
    const ids = new Set(slice.nodes.map((n) => n.id));
    expect(Math.max(...overview.nodes.filter((n) => !ids.has(n.id)).map((n) => n.degree))).toBeLessThanOrEqual(minKept);
    expect(capSlice(overview, 5000, new Set()).dropped).toBe(0);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { KgStore } from './kg-store.js';
import { importFiles } from '../import/import-files.js';
import { demoFiles } from '../demo.js';
import { neighbourhoodSlice, overviewSlice, relationsAmong } from './graph-slices.js';
import { loadPositions, savePositions } from './positions.js';
import { duplicateCandidates, jaroWinkler } from '../edit/duplicate-candidates.js';
import { KgEditor } from '../edit/kg-editor.js';

let store: KgStore;
beforeAll(async () => {
  store = KgStore.open(':memory:');
  await importFiles(store, demoFiles().map((path) => ({ path })));
});

describe('graph slices with filters', () => {
  it('filters by predicate, type and confidence', () => {
    const flu = neighbourhoodSlice(store, 'flu', 1, 100, { predicates: ['presents'] });
    expect(flu.edges.every((e) => e.predicate === 'presents')).toBe(true);
    expect(flu.nodes).toHaveLength(8);
    const confident = neighbourhoodSlice(store, 'flu', 1, 100, { predicates: ['presents'], minConfidence: 0.75 });
    expect(confident.nodes.map((n) => n.key).sort()).toEqual(['cough', 'fatigue', 'fever', 'flu']);
    const drugs = neighbourhoodSlice(store, 'flu', 1, 100, { types: ['Drug'] });
    expect(drugs.nodes.map((n) => n.key).sort()).toEqual(['flu', 'oseltamivir']);
    const overview = overviewSlice(store, 50, { types: ['Disease'] });
    expect(overview.nodes.every((n) => n.type === 'Disease')).toBe(true);
    expect(overview.nodes).toHaveLength(6);
  });

  it('filters derived from asserted triples, and shows the relations among given nodes', async () => {
    const ids = neighbourhoodSlice(store, 'bob', 1, 100).nodes.map((n) => n.id);
    const among = relationsAmong(store, ids);
    expect(among.edges.length).toBeGreaterThan(3);
    expect(relationsAmong(store, ids, { derived: 'derived' }).edges).toEqual([]);
    expect(relationsAmong(store, ids, { sources: ['user'] }).edges).toEqual([]);
    expect(relationsAmong(store, ids, { sources: ['file'] }).edges).toHaveLength(among.edges.length);
  });
});

describe('positions', () => {
  it('are saved with the KG and read back', () => {
    expect(savePositions(store, [{ key: 'flu', x: 1.5, y: -2 }, { key: 'nope', x: 0, y: 0 }])).toBe(1);
    savePositions(store, [{ key: 'flu', x: 3, y: 4 }]);
    expect(loadPositions(store, ['flu', 'nope'])).toEqual([{ key: 'flu', x: 3, y: 4 }]);
  });
});

describe('likely duplicates', () => {
  it('jaroWinkler matches the published reference values', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.813, 3);
  });

  it('suggests entities of one type with alike labels', async () => {
    await new KgEditor(store).createEntity({ key: 'influenza_a', label: 'Influenza ', type: 'Disease' });
    await new KgEditor(store).createEntity({ key: 'a_einstein', label: 'Albert Einstien', type: 'Person' });
    const pairs = duplicateCandidates(store).map((d) => [d.a.key, d.b.key].sort().join(' ~ '));
    expect(pairs).toContain('flu ~ influenza_a');
    expect(pairs).toContain('a_einstein ~ albert_einstein');
    expect(pairs.some((p) => p.includes('fever'))).toBe(false);
  });
});

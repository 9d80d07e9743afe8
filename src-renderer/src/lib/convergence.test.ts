import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import circular from 'graphology-layout/circular';
import { describe, expect, it } from 'vitest';
import { newConvergence, relativeDisplacement, sample } from './convergence';

const positions = (g: Graph): Float64Array => Float64Array.from(g.mapNodes((_n, a) => [a.x as number, a.y as number]).flat());

describe('layout convergence', () => {
  it('measures displacement relative to the picture', () => {
    const a = new Float64Array([0, 0, 10, 0]);
    const b = new Float64Array([1, 0, 11, 0]);
    expect(relativeDisplacement(a, b)).toBeCloseTo(1 / 10, 6);
  });

  it('says a ForceAtlas2 run on a 300-node tree has converged before 3000 iterations, with progress rising to 1', () => {
    const g = new Graph();
    for (let i = 0; i < 300; i++) g.addNode(String(i));
    for (let i = 1; i < 300; i++) g.addEdge(String(i), String(Math.floor((i - 1) / 3)));
    circular.assign(g);
    const settings = forceAtlas2.inferSettings(g);
    const state = newConvergence();
    let done = false;
    let iterations = 0;
    const progress: number[] = [];
    while (!done && iterations < 3000) {
      forceAtlas2.assign(g, { iterations: 20, settings });
      iterations += 20;
      const s = sample(state, positions(g), 0.0015);
      done = s.done;
      progress.push(s.progress);
    }
    expect(done).toBe(true);
    expect(progress.at(-1)).toBe(1);
    expect(Math.max(...progress.slice(0, 3))).toBeLessThan(1);
  });
});

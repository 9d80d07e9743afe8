/**
 * Following a rule body's path through the graph: the set of entities reached from a start entity by a
 * sequence of directed relations. The frontier is capped, so a path through a hub costs bounded work.
 */
import type { TripleGraph } from './triple-graph.js';

export const DEFAULT_FRONTIER_CAP = 20_000;

/**
 * Entities reached from `start` along `path` (distinct, unordered). No grounding passes through `start` again
 * (AnyBURL's object identity, for the start variable): X → A → X → Y would otherwise make every neighbour of X an
 * answer of a length-3 rule.
 */
export function followPath(graph: TripleGraph, start: number, path: readonly number[], cap = DEFAULT_FRONTIER_CAP): number[] {
  let frontier: number[] = [start];
  for (let i = 0; i < path.length; i++) {
    const d = path[i];
    if (i === 0) {
      frontier = Array.from(graph.neighbours(start, d)).filter((y) => y !== start);
      continue;
    }
    const next: number[] = [];
    const mark = graph.nextMark();
    const marks = graph.marks;
    marks[start] = mark;
    const { offsets, targets } = graph.csr(d);
    outer: for (let f = 0; f < frontier.length; f++) {
      const e = frontier[f];
      for (let k = offsets[e], end = offsets[e + 1]; k < end; k++) {
        const y = targets[k];
        if (marks[y] === mark) continue;
        marks[y] = mark;
        next.push(y);
        if (next.length >= cap) break outer;
      }
    }
    frontier = next;
    if (frontier.length === 0) break;
  }
  return frontier;
}

/** The same path read from its end back to its start. */
export function reversePath(graph: TripleGraph, path: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = path.length - 1; i >= 0; i--) out.push(graph.inverse(path[i]));
  return out;
}

/** Does the path lead from `start` to `end`? */
export function pathConnects(graph: TripleGraph, start: number, path: readonly number[], end: number): boolean {
  if (path.length === 1) return graph.hasEdge(start, path[0], end);
  const last = path.length - 1;
  const reached = followPath(graph, start, path.slice(0, last));
  for (const z of reached) if (graph.hasEdge(z, path[last], end)) return true;
  return false;
}

/** One grounding of the path from `start` to `end` (the entities along it), or null. */
export function groundPath(graph: TripleGraph, start: number, path: readonly number[], end: number | null): number[] | null {
  const walk = (e: number, i: number, acc: number[]): number[] | null => {
    if (i === path.length) return end === null || e === end ? acc : null;
    const ns = graph.neighbours(e, path[i]);
    const limit = Math.min(ns.length, 2000);
    for (let k = 0; k < limit; k++) {
      const found = walk(ns[k], i + 1, [...acc, ns[k]]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, 0, [start]);
}

/**
 * The straightforward implementation Relata's rule learner is measured against (PyClause and AnyBURL cannot be
 * installed here): the same anytime bottom-up sampling (a random training triple; cyclic paths of length 1–2 by
 * enumeration and 3 by random walks; constant and dangling rules from random edges; support and confidence on a
 * sample of the body's start entities), written the way one first writes it — triples as strings in a Set,
 * adjacency in a Map of string keys, frontiers as Sets. Used only by bench/rules/run-rules-bench.ts.
 */
import { Mulberry32 } from '../../src-main/core/random/mulberry32.js';
import type { KgDataset } from '../../src-main/core/embeddings/datasets/triple-datasets.js';

export interface ReferenceResult {
  rules: number;
  sampledTriples: number;
  candidatesChecked: number;
  seconds: number;
}

export function referenceLearn(dataset: KgDataset, seconds: number, seed = 1): ReferenceResult {
  const names = (i: number) => dataset.entities[i];
  const rel = (i: number) => dataset.relations[i];
  const known = new Set<string>();
  const adj = new Map<string, string[]>(); // `${entity}|${rel}|${dir}` -> neighbours
  const relsOf = new Map<string, Set<string>>(); // entity -> `${rel}|${dir}`
  const starts = new Map<string, Set<string>>(); // `${rel}|${dir}` -> entities
  const relSize = new Map<string, number>();
  const link = (a: string, r: string, dir: string, b: string) => {
    const k = `${a}|${r}|${dir}`;
    (adj.get(k) ?? adj.set(k, []).get(k)!).push(b);
    (relsOf.get(a) ?? relsOf.set(a, new Set()).get(a)!).add(`${r}|${dir}`);
    (starts.get(`${r}|${dir}`) ?? starts.set(`${r}|${dir}`, new Set()).get(`${r}|${dir}`)!).add(a);
  };
  const triples: Array<[string, string, string]> = [];
  for (let i = 0; i < dataset.train.heads.length; i++) {
    const h = names(dataset.train.heads[i]), r = rel(dataset.train.relations[i]), t = names(dataset.train.tails[i]);
    const key = `${h}\t${r}\t${t}`;
    if (known.has(key)) continue;
    known.add(key);
    triples.push([h, r, t]);
    relSize.set(r, (relSize.get(r) ?? 0) + 1);
    link(h, r, 'f', t);
    link(t, r, 'b', h);
  }
  const rng = new Mulberry32(seed);
  const random = (): number => rng.next();
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const edge = (a: string, d: string, b: string) => {
    const [r, dir] = d.split('|');
    return dir === 'f' ? known.has(`${a}\t${r}\t${b}`) : known.has(`${b}\t${r}\t${a}`);
  };
  const follow = (start: string, path: string[]): Set<string> => {
    let frontier = new Set([start]);
    for (const d of path) {
      const next = new Set<string>();
      for (const e of frontier) for (const y of adj.get(`${e}|${d}`) ?? []) next.add(y);
      frontier = next;
    }
    return frontier;
  };
  const seen = new Set<string>();
  let rules = 0, sampled = 0, checked = 0;
  const MAX_STARTS = 1000, MAX_GROUNDINGS = 20_000;
  const consider = (head: string, path: string[], constant: string | null, end: string | null, side: 'tail' | 'head' | 'none') => {
    const key = `${head}|${side}|${constant}|${path.join(',')}|${end}`;
    if (seen.has(key)) return;
    seen.add(key);
    checked++;
    let support = 0, body = 0;
    if (side === 'none') {
      const all = [...(starts.get(path[0]) ?? [])];
      const sample = all.length > MAX_STARTS ? Array.from({ length: MAX_STARTS }, () => pick(all)) : all;
      for (const x of sample) {
        for (const y of follow(x, path)) {
          if (y === x) continue;
          body++;
          if (known.has(`${x}\t${head}\t${y}`)) support++;
        }
        if (body >= MAX_GROUNDINGS) break;
      }
    } else {
      const inverse = path.map((d) => d.replace(/\|(f|b)$/, (_, x) => (x === 'f' ? '|b' : '|f'))).reverse();
      const vs = end === null ? [...(starts.get(path[0]) ?? [])].slice(0, MAX_GROUNDINGS) : [...follow(end, inverse)];
      for (const v of vs) {
        if (v === constant) continue;
        body++;
        if (known.has(side === 'tail' ? `${v}\t${head}\t${constant}` : `${constant}\t${head}\t${v}`)) support++;
      }
    }
    if (support >= 2 && support / Math.max(body, 1) >= 0.0001) rules++;
  };
  const neighbour = (e: string): [string, string] | null => {
    const ds = [...(relsOf.get(e) ?? [])];
    if (ds.length === 0) return null;
    const d = pick(ds);
    return [d, pick(adj.get(`${e}|${d}`)!)];
  };
  const t0 = performance.now();
  while ((performance.now() - t0) / 1000 < seconds) {
    const [h, r, t] = pick(triples);
    sampled++;
    if (h === t) continue;
    const hRels = [...(relsOf.get(h) ?? [])];
    for (const d of hRels) if (d !== `${r}|f` && edge(h, d, t)) consider(r, [d], null, null, 'none');
    for (const d1 of hRels) {
      const zs = adj.get(`${h}|${d1}`)!;
      const step = zs.length > 64 ? zs.length / 64 : 1;
      for (let k = 0; k < zs.length; k += step) {
        const z = zs[Math.floor(k)];
        if (z === t || z === h) continue;
        for (const d2 of relsOf.get(z) ?? []) if (edge(z, d2, t)) consider(r, [d1, d2], null, null, 'none');
      }
    }
    for (let w = 0; w < 12; w++) {
      const s1 = neighbour(h);
      if (!s1 || s1[1] === t || s1[1] === h) continue;
      const s2 = neighbour(s1[1]);
      if (!s2 || s2[1] === h || s2[1] === t || s2[1] === s1[1]) continue;
      for (const d3 of relsOf.get(s2[1]) ?? []) if (edge(s2[1], d3, t)) consider(r, [s1[0], s2[0], d3], null, null, 'none');
    }
    for (let c = 0; c < 8; c++) {
      const a = neighbour(h);
      if (a && !(a[0] === `${r}|f` && a[1] === t)) {
        consider(r, [a[0]], t, a[1], 'tail');
        consider(r, [a[0]], t, null, 'tail');
      }
      const b = neighbour(t);
      if (b && !(b[0] === `${r}|b` && b[1] === h)) {
        consider(r, [b[0]], h, b[1], 'head');
        consider(r, [b[0]], h, null, 'head');
      }
    }
  }
  return { rules, sampledTriples: sampled, candidatesChecked: checked, seconds: (performance.now() - t0) / 1000 };
}

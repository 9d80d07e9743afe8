/**
 * Forward chaining over one small KG with composition rules r(X,Z) :- p(X,Y), q(Y,Z). (and r(X,Y) :- p(X,Y).,
 * either atom possibly inverted), best-first by confidence: a derived fact's confidence is the product of its
 * premises' and its rule's, and each ordered pair of entities keeps the relation derived with the highest
 * confidence (Dijkstra's order, so the first relation settled on a pair is its best). Chains of any length
 * compose, and when two rules compete for a pair the more confident one wins.
 */

export interface CompositionRule {
  /** Index in the rule list (for proofs). */
  id: number;
  head: number;
  /** Directed relations: one (length-1 rule) or two. */
  body: number[];
  confidence: number;
}

export interface ChainFact {
  from: number;
  to: number;
  relation: number;
  confidence: number;
  /** The rule that derived it, or null for a given fact. */
  rule: CompositionRule | null;
  premises: ChainFact[];
}

/** Compiled rules: by one directed relation (length 1) and by a pair (length 2). */
export interface CompositionTable {
  numRelations: number;
  single: Map<number, CompositionRule[]>;
  pairs: Map<number, CompositionRule[]>;
  /** Length-3 rules by their three directed relations. */
  triples: Map<number, CompositionRule[]>;
}

export function compileCompositions(rules: readonly CompositionRule[], numRelations: number): CompositionTable {
  const D = 2 * numRelations;
  const single = new Map<number, CompositionRule[]>();
  const pairs = new Map<number, CompositionRule[]>();
  const triples = new Map<number, CompositionRule[]>();
  for (const r of rules) {
    if (r.body.length === 1) push(single, r.body[0], r);
    else if (r.body.length === 2) push(pairs, r.body[0] * D + r.body[1], r);
    else if (r.body.length === 3) push(triples, (r.body[0] * D + r.body[1]) * D + r.body[2], r);
  }
  for (const l of [...single.values(), ...pairs.values(), ...triples.values()]) l.sort((a, b) => b.confidence - a.confidence);
  return { numRelations, single, pairs, triples };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** A max-heap of candidate facts by confidence. */
class FactHeap {
  private readonly items: ChainFact[] = [];
  get size(): number {
    return this.items.length;
  }
  push(f: ChainFact): void {
    const a = this.items;
    a.push(f);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].confidence >= a[i].confidence) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): ChainFact {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && a[l].confidence > a[m].confidence) m = l;
        if (r < a.length && a[r].confidence > a[m].confidence) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}

export interface ChainOptions {
  /** Stop as soon as this ordered pair is settled. */
  stopAt?: [number, number];
  /** Most facts settled (a bound for large inputs). */
  maxFacts?: number;
}

/** Settled facts by ordered pair key from * n + to. */
export function chainFacts(numEntities: number, given: Array<[number, number, number]>, table: CompositionTable, options: ChainOptions = {}): Map<number, ChainFact> {
  const R = table.numRelations;
  const D = 2 * R;
  const n = numEntities;
  const settled = new Map<number, ChainFact>();
  // Directed views of settled facts: out[a] = [(b, d, fact)], a -d-> b.
  const out: Array<Array<[number, number, ChainFact]>> = Array.from({ length: n }, () => []);
  const into: Array<Array<[number, number, ChainFact]>> = Array.from({ length: n }, () => []);
  const heap = new FactHeap();
  for (const [a, r, b] of given) if (a !== b) heap.push({ from: a, to: b, relation: r, confidence: 1, rule: null, premises: [] });
  const stopKey = options.stopAt ? options.stopAt[0] * n + options.stopAt[1] : -1;
  const maxFacts = options.maxFacts ?? 100_000;
  const derive = (from: number, to: number, rules: CompositionRule[] | undefined, base: number, premises: ChainFact[]): void => {
    if (!rules || from === to || settled.has(from * n + to)) return;
    for (const rule of rules) heap.push({ from, to, relation: rule.head, confidence: base * rule.confidence, rule, premises });
  };
  while (heap.size > 0 && settled.size < maxFacts) {
    const f = heap.pop();
    const key = f.from * n + f.to;
    if (settled.has(key)) continue;
    settled.set(key, f);
    if (key === stopKey) break;
    // Views of f: a -r-> b and b -(r+R)-> a.
    const views: Array<[number, number, number]> = [
      [f.from, f.relation, f.to],
      [f.to, f.relation + R, f.from],
    ];
    for (const [a, d, b] of views) {
      out[a].push([b, d, f]);
      into[b].push([a, d, f]);
      derive(a, b, table.single.get(d), f.confidence, [f]);
      // f as the first atom: a -d-> b -d2-> c.
      for (const [c, d2, g] of out[b]) if (g !== f) derive(a, c, table.pairs.get(d * D + d2), f.confidence * g.confidence, [f, g]);
      // f as the second atom: z -d0-> a -d-> b.
      for (const [z, d0, g] of into[a]) if (g !== f) derive(z, b, table.pairs.get(d0 * D + d), g.confidence * f.confidence, [g, f]);
      if (table.triples.size === 0) continue;
      // Length 3, f first, middle or last: a -d-> b -d2-> c -d3-> e, z -d0-> a -d-> b -d2-> c, y -dy-> z -d0-> a -d-> b.
      for (const [c, d2, g] of out[b]) {
        if (g === f || c === a) continue;
        for (const [e, d3, h] of out[c]) if (h !== f && h !== g && e !== a && e !== b) derive(a, e, table.triples.get((d * D + d2) * D + d3), f.confidence * g.confidence * h.confidence, [f, g, h]);
      }
      for (const [z, d0, g] of into[a]) {
        if (g === f || z === b) continue;
        for (const [c, d2, h] of out[b]) if (h !== f && h !== g && c !== z && c !== a) derive(z, c, table.triples.get((d0 * D + d) * D + d2), g.confidence * f.confidence * h.confidence, [g, f, h]);
        for (const [y, dy, h] of into[z]) if (h !== f && h !== g && y !== a && y !== b) derive(y, b, table.triples.get((dy * D + d0) * D + d), h.confidence * g.confidence * f.confidence, [h, g, f]);
      }
    }
  }
  return settled;
}

/** The derivation of a fact as steps, premises first (given facts are not listed). */
export function proofSteps(f: ChainFact, describe: (f: ChainFact) => string): string[] {
  const steps: string[] = [];
  const seen = new Set<ChainFact>();
  const visit = (x: ChainFact): void => {
    if (seen.has(x) || x.rule === null) return;
    seen.add(x);
    for (const p of x.premises) visit(p);
    steps.push(describe(x));
  };
  visit(f);
  return steps;
}

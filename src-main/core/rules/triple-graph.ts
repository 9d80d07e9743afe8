/**
 * The training triples as an adjacency index over directed relations, the structure every rule-learning step
 * walks. A directed relation d < R is relation d read forward (d(X, Y): X → Y); d ≥ R is relation d − R read
 * backward (X → Y when r(Y, X)). `neighbours(e, d)` lists the Y reached from e by d (CSR, sorted), and
 * `hasEdge(x, d, y)` a binary search in it.
 */
import type { TripleIds } from '../embeddings/datasets/triple-datasets.js';

export class TripleGraph {
  readonly numEntities: number;
  readonly numRelations: number;
  /** Per directed relation d: CSR offsets over entities (length E + 1) and the targets. */
  private readonly offsets: Int32Array[] = [];
  private readonly targets: Int32Array[] = [];
  /** Per directed relation: the entities with at least one d-edge (the rule body's possible starts). */
  readonly sources: Int32Array[] = [];
  /** Per entity: the directed relations it has edges of (for sampling walks). */
  private readonly entityRelations: Int32Array[];
  /** Triples per relation (forward). */
  readonly relationSize: Int32Array;
  readonly triples: TripleIds;

  constructor(triples: TripleIds, numEntities: number, numRelations: number) {
    this.numEntities = numEntities;
    this.numRelations = numRelations;
    this.triples = triples;
    const n = triples.heads.length;
    const D = 2 * numRelations;
    this.marks = new Int32Array(numEntities);
    const known = new Set<number>();
    const counts: Int32Array[] = Array.from({ length: D }, () => new Int32Array(numEntities + 1));
    this.relationSize = new Int32Array(numRelations);
    for (let i = 0; i < n; i++) {
      const h = triples.heads[i], r = triples.relations[i], t = triples.tails[i];
      const key = (h * numRelations + r) * numEntities + t;
      if (known.has(key)) continue;
      known.add(key);
      this.relationSize[r]++;
      counts[r][h + 1]++;
      counts[r + numRelations][t + 1]++;
    }
    for (let d = 0; d < D; d++) {
      const c = counts[d];
      for (let e = 0; e < numEntities; e++) c[e + 1] += c[e];
      this.offsets.push(c);
      this.targets.push(new Int32Array(c[numEntities]));
    }
    const fill = this.offsets.map((o) => o.slice(0, numEntities));
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const h = triples.heads[i], r = triples.relations[i], t = triples.tails[i];
      const key = (h * numRelations + r) * numEntities + t;
      if (seen.has(key)) continue;
      seen.add(key);
      this.targets[r][fill[r][h]++] = t;
      this.targets[r + numRelations][fill[r + numRelations][t]++] = h;
    }
    const perEntity: number[][] = Array.from({ length: numEntities }, () => []);
    for (let d = 0; d < D; d++) {
      const o = this.offsets[d];
      const src: number[] = [];
      for (let e = 0; e < numEntities; e++) {
        if (o[e + 1] > o[e]) {
          src.push(e);
          perEntity[e].push(d);
          this.targets[d].subarray(o[e], o[e + 1]).sort();
        }
      }
      this.sources.push(Int32Array.from(src));
    }
    this.entityRelations = perEntity.map((l) => Int32Array.from(l));
  }

  get numDirected(): number {
    return 2 * this.numRelations;
  }

  neighbours(entity: number, d: number): Int32Array {
    const o = this.offsets[d];
    return this.targets[d].subarray(o[entity], o[entity + 1]);
  }

  /** CSR arrays of directed relation d, for hot loops that must not allocate: targets[offsets[e] .. offsets[e + 1]). */
  csr(d: number): { offsets: Int32Array; targets: Int32Array } {
    return { offsets: this.offsets[d], targets: this.targets[d] };
  }

  degree(entity: number, d: number): number {
    const o = this.offsets[d];
    return o[entity + 1] - o[entity];
  }

  relationsOf(entity: number): Int32Array {
    return this.entityRelations[entity];
  }

  /** Binary search in h's sorted r-neighbours (faster than hashing keys above 2³¹). */
  has(h: number, r: number, t: number): boolean {
    const o = this.offsets[r];
    let lo = o[h], hi = o[h + 1] - 1;
    const a = this.targets[r];
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = a[mid];
      if (v === t) return true;
      if (v < t) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Per-entity marks for set operations without allocation: `nextMark()` starts a new set. */
  readonly marks: Int32Array;
  private mark = 0;
  nextMark(): number {
    if (++this.mark === 0x7fffffff) {
      this.marks.fill(0);
      this.mark = 1;
    }
    return this.mark;
  }

  /** x → y by directed relation d. */
  hasEdge(x: number, d: number, y: number): boolean {
    return d < this.numRelations ? this.has(x, d, y) : this.has(y, d - this.numRelations, x);
  }

  /** The reverse of a directed relation. */
  inverse(d: number): number {
    return d < this.numRelations ? d + this.numRelations : d - this.numRelations;
  }
}

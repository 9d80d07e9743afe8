/**
 * Synthetic family trees for tests and benchmarks: founders marry, couples have children,
 * children marry newcomers, for a number of generations. Facts can be written in the kinship pack's
 * base vocabulary (parent, spouse, gender) or in a random mix of its relations (father, son, wife, ...).
 */

import { Mulberry32 } from '../src-main/core/random/mulberry32.js';

export interface Family {
  people: string[];
  gender: Map<string, 'male' | 'female'>;
  /** [child, parent] */
  parents: Array<[string, string]>;
  /** [a, b], each couple once */
  spouses: Array<[string, string]>;
  generationOf: Map<string, number>;
}

export type Fact = [subject: string, predicate: string, object: string];

/** About `target` people over `generations` generations (each couple has 0-4 children, 2.2 on average). */
export function generateFamily(target: number, generations: number, seed = 1): Family {
  const rng = new Mulberry32(seed);
  const rnd = (): number => rng.next();
  const people: string[] = [];
  const gender = new Map<string, 'male' | 'female'>();
  const generationOf = new Map<string, number>();
  const parents: Array<[string, string]> = [];
  const spouses: Array<[string, string]> = [];
  const person = (g: number, sex?: 'male' | 'female'): string => {
    const id = `p${people.length}`;
    people.push(id);
    gender.set(id, sex ?? (rnd() < 0.5 ? 'male' : 'female'));
    generationOf.set(id, g);
    return id;
  };
  // Growth per generation ~2.2 children per couple; pick the founder count so the total lands near target.
  let weight = 2;
  for (let g = 1, c = 1; g < generations; g++) {
    const children = 2.2 * c;
    c = g < generations - 1 ? 0.9 * children : 0;
    weight += children + c;
  }
  let couples: Array<[string, string]> = [];
  const founders = Math.max(1, Math.round(target / weight));
  for (let i = 0; i < founders; i++) {
    const a = person(0, 'male');
    const b = person(0, 'female');
    spouses.push([a, b]);
    couples.push([a, b]);
  }
  for (let g = 1; g < generations; g++) {
    const next: Array<[string, string]> = [];
    for (const [a, b] of couples) {
      const r = rnd();
      const n = r < 0.1 ? 0 : r < 0.25 ? 1 : r < 0.6 ? 2 : r < 0.85 ? 3 : 4;
      for (let k = 0; k < n; k++) {
        const c = person(g);
        parents.push([c, a], [c, b]);
        if (g < generations - 1 && rnd() < 0.9) {
          const partner = person(g, gender.get(c) === 'male' ? 'female' : 'male');
          spouses.push([c, partner]);
          next.push([c, partner]);
        }
      }
    }
    couples = next;
  }
  return { people, gender, parents, spouses, generationOf };
}

/** The family in the pack's base vocabulary: parent(child, parent), spouse(a, b), gender(x, male|female). */
export function baseFacts(f: Family): Fact[] {
  return [
    ...f.parents.map(([c, p]): Fact => [c, 'parent', p]),
    ...f.spouses.map(([a, b]): Fact => [a, 'spouse', b]),
    ...f.people.map((x): Fact => [x, 'gender', f.gender.get(x)!]),
  ];
}

/**
 * The same family in a random mix of the kinship vocabulary: each parent link as father/mother/parent
 * or the inverse son/daughter/child, each couple as husband/wife/spouse either way round, and gender
 * stated for only some people (the rest must be inferred from the relations that name them).
 */
export function mixedFacts(f: Family, seed = 2): Fact[] {
  const rng = new Mulberry32(seed);
  const rnd = (): number => rng.next();
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: Fact[] = [];
  for (const [c, p] of f.parents) {
    const forward = rnd() < 0.5;
    if (forward) out.push([c, pick([f.gender.get(p) === 'male' ? 'father' : 'mother', 'parent']), p]);
    else out.push([p, pick([f.gender.get(c) === 'male' ? 'son' : 'daughter', 'child']), c]);
  }
  for (const [a, b] of f.spouses) {
    const [x, y] = rnd() < 0.5 ? [a, b] : [b, a];
    out.push([x, pick([f.gender.get(y) === 'male' ? 'husband' : 'wife', 'spouse']), y]);
  }
  for (const x of f.people) if (rnd() < 0.3) out.push([x, 'gender', f.gender.get(x)!]);
  return out;
}

/**
 * Gold kinship answers for the question benches, worked out from a generated family tree itself (never from the
 * answerer): parents, children, spouses and genders give every other relation. Aunts and uncles are the parents'
 * siblings and those siblings' spouses; cousins are the children of the parents' siblings.
 */

import type { Family } from '../../test-support/family-generator.js';

/** The relations `relativesOf` knows: the gender-neutral ones and their gendered forms. */
export const NEUTRAL_KIN = ['parent', 'child', 'sibling', 'spouse', 'grandparent', 'grandchild', 'pibling', 'nibling', 'cousin'] as const;

/** Each gendered kinship word as its neutral relation and the gender it keeps. */
export const GENDERED_KIN: Record<string, [(typeof NEUTRAL_KIN)[number], 'male' | 'female']> = {
  father: ['parent', 'male'], mother: ['parent', 'female'], son: ['child', 'male'], daughter: ['child', 'female'],
  brother: ['sibling', 'male'], sister: ['sibling', 'female'], husband: ['spouse', 'male'], wife: ['spouse', 'female'],
  grandfather: ['grandparent', 'male'], grandmother: ['grandparent', 'female'], grandson: ['grandchild', 'male'],
  granddaughter: ['grandchild', 'female'], uncle: ['pibling', 'male'], aunt: ['pibling', 'female'], nephew: ['nibling', 'male'], niece: ['nibling', 'female'],
};

/** `relativesOf(f)(x, rel)`: the people who are x's `rel` (a neutral relation or a gendered word) in family f. */
export function relativesOf(f: Family): (x: string, rel: string) => string[] {
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  const spouses = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string): void => void (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  for (const [c, p] of f.parents) {
    push(parents, c, p);
    push(children, p, c);
  }
  for (const [a, b] of f.spouses) {
    push(spouses, a, b);
    push(spouses, b, a);
  }
  const uniq = (xs: string[]): string[] => [...new Set(xs)];
  const par = (x: string): string[] => parents.get(x) ?? [];
  const chi = (x: string): string[] => children.get(x) ?? [];
  const sib = (x: string): string[] => uniq(par(x).flatMap(chi)).filter((y) => y !== x);
  const blood = (x: string): string[] => uniq(par(x).flatMap(sib));
  const pib = (x: string): string[] => uniq([...blood(x), ...blood(x).flatMap((b) => spouses.get(b) ?? [])]);
  const nib = (x: string): string[] => f.people.filter((y) => pib(y).includes(x));
  const base: Record<(typeof NEUTRAL_KIN)[number], (x: string) => string[]> = {
    parent: par,
    child: chi,
    sibling: sib,
    spouse: (x) => spouses.get(x) ?? [],
    grandparent: (x) => uniq(par(x).flatMap(par)),
    grandchild: (x) => uniq(chi(x).flatMap(chi)),
    pibling: pib,
    nibling: nib,
    cousin: (x) => uniq(blood(x).flatMap(chi)),
  };
  return (x, rel) => {
    const g = GENDERED_KIN[rel];
    if (g) return base[g[0]](x).filter((y) => f.gender.get(y) === g[1]);
    const walk = base[rel as (typeof NEUTRAL_KIN)[number]];
    if (!walk) throw new Error(`family-gold: no kinship relation '${rel}'`);
    return walk(x);
  };
}

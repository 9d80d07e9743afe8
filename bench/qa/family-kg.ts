/**
 * A generated family as the KG the question benches ask about: each person named from a bench's own first and last
 * names (so each set's questions use names the others do not), the family's facts as given, and every person's
 * gender stated (as most KGs do; relations alone leave some unknowable).
 */

import { KgStore } from '../../src-main/core/store/kg-store.js';
import { TripleWriter } from '../../src-main/core/store/triple-writer.js';
import type { Fact, Family } from '../../test-support/family-generator.js';

export interface FamilyKg {
  store: KgStore;
  /** Each person's key → the name the questions use. */
  names: Map<string, string>;
}

export async function familyKg(f: Family, facts: Fact[], first: string[], last: string[]): Promise<FamilyKg> {
  const names = new Map(f.people.map((p, i) => [p, `${first[i % first.length]} ${last[Math.floor(i / first.length) % last.length]}`]));
  const store = KgStore.open(':memory:');
  await store.write(() => {
    const w = new TripleWriter(store, { kind: 'user', name: 'generated family' });
    const ent = (k: string): number => w.entity(k, names.get(k) ?? k);
    for (const [s, p, o] of facts) if (p !== 'gender') w.add(ent(s), w.predicate(p), ent(o));
    for (const x of f.people) w.add(ent(x), w.predicate('gender'), ent(f.gender.get(x)!));
    w.finish();
  });
  return { store, names };
}

// The store-dependent side of the type predicate: its spellings (contract/vocabulary.ts) resolved against one KG.
import { isTypePredicate, TYPE_LINK_KEYS, TYPE_PREDICATE_KEYS } from '../../contract/vocabulary.js';
import type { KgStore } from './kg-store.js';

/** The type links' keys as an SQL list for `key IN (…)` (constants, no quotes inside). */
export const TYPE_LINK_KEYS_SQL = TYPE_LINK_KEYS.map((k) => `'${k}'`).join(', ');

/**
 * Predicate keys to leave out of a training set, as the user named them: a type predicate (either spelling) stands
 * for every spelling this KG has, so "rdf:type" also leaves out the IRI form. Other keys are kept as given (an
 * unknown key is reported by the dataset loader).
 */
export function withTypePredicateSpellings(store: KgStore, keys: readonly string[]): string[] {
  const given = keys.map((k) => k.trim()).filter(Boolean);
  if (!given.some(isTypePredicate)) return [...new Set(given)];
  const present = TYPE_PREDICATE_KEYS.filter((k) => store.db.prepare('SELECT 1 FROM predicates WHERE key = ?').get(k));
  const types = present.length ? present : given.filter(isTypePredicate);
  return [...new Set([...given.filter((k) => !isTypePredicate(k)), ...types])];
}

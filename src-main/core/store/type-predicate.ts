import type { KgStore } from './kg-store.js';

/** rdf:type's IRI, the key RDF imports store the type predicate under. */
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The spellings a KG's type predicate may be stored under (RDF imports keep the IRI, CSV/TSV ones may say rdf:type). */
export const TYPE_PREDICATE_KEYS: readonly string[] = [RDF_TYPE, 'rdf:type'];

/**
 * Predicate keys to leave out of a training set, as the user named them: a type predicate (either spelling) stands
 * for every spelling this KG has, so "rdf:type" also leaves out the IRI form. Other keys are kept as given (an
 * unknown key is reported by the dataset loader).
 */
export function withTypePredicateSpellings(store: KgStore, keys: readonly string[]): string[] {
  const given = keys.map((k) => k.trim()).filter(Boolean);
  if (!given.some((k) => TYPE_PREDICATE_KEYS.includes(k))) return [...new Set(given)];
  const present = TYPE_PREDICATE_KEYS.filter((k) => store.db.prepare('SELECT 1 FROM predicates WHERE key = ?').get(k));
  const types = present.length ? present : given.filter((k) => TYPE_PREDICATE_KEYS.includes(k));
  return [...new Set([...given.filter((k) => !TYPE_PREDICATE_KEYS.includes(k)), ...types])];
}

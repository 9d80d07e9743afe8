// Vocabulary every layer shares: the spellings a KG's type predicate may be stored under. Plain constants, no imports,
// so the renderer, the faces and core all read them from here.

/** rdf:type's IRI, the key RDF imports store the type predicate under. */
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The spellings a KG's type predicate may be stored under: RDF imports keep the IRI, CSV/TSV ones may say `rdf:type`. */
export const TYPE_PREDICATE_KEYS: readonly string[] = [RDF_TYPE, 'rdf:type'];

/**
 * Links that paths and neighbourhoods do not walk unless asked (through a type, any two instances are two hops apart):
 * the type predicate's spellings and a bare `type`.
 */
export const TYPE_LINK_KEYS: readonly string[] = [...TYPE_PREDICATE_KEYS, 'type'];

/** Whether a predicate key is one of the type predicate's spellings. */
export function isTypePredicate(key: string): boolean {
  return TYPE_PREDICATE_KEYS.includes(key);
}

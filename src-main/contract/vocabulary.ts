// Vocabulary every layer shares: the type predicate's spellings and Relata's RDF namespace. Plain constants and functions, no imports,
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

/** The namespace Relata mints IRIs in when it exports plain (non-IRI) keys as RDF; imports decode it back. */
export const RELATA_NS = 'https://relata.local/kg/';
export const ENTITY_NS = `${RELATA_NS}e/`;
export const PREDICATE_NS = `${RELATA_NS}p/`;

export function isIri(key: string): boolean {
  return /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(key) && !key.startsWith('_:');
}

/** An entity key as RDF names it: an IRI key is itself, a plain key is minted in Relata's namespace. */
export function entityIri(key: string): string {
  if (isIri(key)) return key;
  return ENTITY_NS + encodeURIComponent(key);
}

export function predicateIri(key: string): string {
  if (isIri(key)) return key;
  return PREDICATE_NS + encodeURIComponent(key);
}

/** Inverse of entityIri/predicateIri: IRIs in Relata's namespace become plain keys again. */
export function keyFromIri(iri: string): string {
  for (const ns of [ENTITY_NS, PREDICATE_NS]) {
    if (iri.startsWith(ns)) {
      try {
        return decodeURIComponent(iri.slice(ns.length));
      } catch {
        return iri;
      }
    }
  }
  return iri;
}

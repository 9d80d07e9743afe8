import { isIri } from '../../contract/vocabulary.js';

// The RDF namespace and the key ↔ IRI mapping live in the contract, so the renderer links SPARQL results to entities the same way.
export { ENTITY_NS, PREDICATE_NS, RELATA_NS, entityIri, isIri, keyFromIri, predicateIri } from '../../contract/vocabulary.js';

/** A readable name for a key: the label-less fallback (an IRI's local name, else the key itself). */
export function displayName(key: string): string {
  if (!isIri(key)) return key;
  const cut = Math.max(key.lastIndexOf('#'), key.lastIndexOf('/'), key.lastIndexOf(':'));
  const local = cut >= 0 && cut < key.length - 1 ? key.slice(cut + 1) : key;
  try {
    return decodeURIComponent(local);
  } catch {
    return local;
  }
}

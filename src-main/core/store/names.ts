/** The namespace Relata mints IRIs in when it exports plain (non-IRI) keys as RDF; imports decode it back. */
export const RELATA_NS = 'https://relata.local/kg/';
export const ENTITY_NS = `${RELATA_NS}e/`;
export const PREDICATE_NS = `${RELATA_NS}p/`;

export function isIri(key: string): boolean {
  return /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(key) && !key.startsWith('_:');
}

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

/**
 * Short forms of long names for legends, selectors and canvas labels; the full name goes into a title (tooltip).
 * A predicate path reads by its end: a Freebase relation `/film/film/genre` is `film › genre`, a compound one
 * (`/people/person/places_lived./people/place_lived/location`) keeps each part's last step
 * (`person › places_lived › location`), an IRI its local name.
 */
export function shortPredicate(name: string, max = 28): string {
  let short = name;
  if (isIri(name)) {
    const cut = Math.max(name.lastIndexOf('#'), name.lastIndexOf('/'), name.lastIndexOf(':'));
    if (cut >= 0 && cut < name.length - 1) short = name.slice(cut + 1);
  } else if (isPath(name)) {
    const parts = name.split('.').map((p) => p.split('/').filter(Boolean));
    const steps = parts.flatMap((segments, i) => (i === 0 ? segments.slice(-2) : segments.slice(-1)));
    // Consecutive repeats (`/film/film/genre`) say nothing twice.
    short = steps.filter((s, i) => s !== steps[i - 1]).join(' › ');
  }
  return ellipsizeStart(short, max);
}

/**
 * A predicate's short name from its key and label: the key read as a path or IRI when it is one (a Freebase label
 * such as "film film genre" says less than `film › genre`), else the label.
 */
export function shortPredicateOf(name: string, label: string, max = 28): string {
  return shortPredicate(isIri(name) || isPath(name) || !label ? name : label, max);
}

const isIri = (name: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(name) || name.startsWith('urn:');
const isPath = (name: string): boolean => name.startsWith('/') && name.indexOf('/', 1) > 0;

/** Cut at the end: `Albert Einst…`. */
export function ellipsize(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** Cut at the start, keeping the most specific end of a path: `…places_lived › location`. */
export function ellipsizeStart(text: string, max: number): string {
  return text.length > max ? `…${text.slice(text.length - Math.max(1, max - 1))}` : text;
}

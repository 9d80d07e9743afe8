// A delimited file's header: the first row, or a commented first line, that names columns instead of holding data.
// The importer (delimited.ts) and the TSV triple reader (tsv-triples.ts) recognise it, and the triple columns in it,
// by the same names.

const HEADER_NAMES = new Set([
  'head', 'relation', 'tail', 'subject', 'predicate', 'object', 'source', 'target', 'from', 'to',
  'h', 'r', 't', 's', 'p', 'o', 'rel', 'edge', 'label', 'type', 'confidence', 'weight', 'start', 'end',
  'id', 'entity_id', 'entity', 'key', 'name', 'alias', 'aliases',
]);

/** The names a header may give each triple column (lower case). */
export const SUBJECT_COLUMNS = ['subject', 'head', 'source', 'from', 's', 'h'];
export const PREDICATE_COLUMNS = ['predicate', 'relation', 'rel', 'p', 'r'];
export const OBJECT_COLUMNS = ['object', 'tail', 'target', 'to', 'o', 't'];

/** A row is a header when at least two of its cells are column names we know. */
export function looksLikeHeader(row: string[]): boolean {
  return row.filter((cell) => HEADER_NAMES.has(cell.trim().toLowerCase())).length >= 2;
}

/**
 * The column names of a header written as a comment (`# head<TAB>relation<TAB>tail`, common in dataset dumps), or
 * null when `line` is not one. A name may carry a note in parentheses: `name  (WN18 text: "lemma, gloss")`.
 */
export function commentedHeader(line: string, delimiter: string): string[] | null {
  if (!line.startsWith('#')) return null;
  const cells = line.replace(/^#\s*/, '').replace(/\r$/, '').split(delimiter).map((c) => c.replace(/\s*\(.*\)\s*$/, '').trim());
  return looksLikeHeader(cells) ? cells : null;
}

/** The index of the first header cell named one of `names`, or null. */
export function columnNamed(header: string[], names: readonly string[]): number | null {
  const at = header.findIndex((h) => names.includes(h.trim().toLowerCase()));
  return at < 0 ? null : at;
}

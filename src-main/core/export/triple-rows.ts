import type { KgStore } from '../store/kg-store.js';

/** One stored triple with its terms spelled out, as every exporter reads it. */
export interface ExportRow {
  s: string;
  p: string;
  /** Entity key, or null when the object is a literal. */
  o: string | null;
  value: string | null;
  datatype: string;
  lang: string;
  confidence: number;
  props: string | null;
}

/** Streams every triple (asserted and derived) in id order without loading the KG into memory. */
export function* exportRows(store: KgStore, includeDerived = true): Generator<ExportRow> {
  const stmt = store.db.prepare(`
    SELECT se.key AS s, p.key AS p, oe.key AS o, l.value AS value, coalesce(l.datatype, '') AS datatype,
           coalesce(l.lang, '') AS lang, t.confidence, t.props
    FROM triples t
    JOIN entities se ON se.id = t.s
    JOIN predicates p ON p.id = t.p
    LEFT JOIN entities oe ON t.o > 0 AND oe.id = t.o
    LEFT JOIN literals l ON t.o < 0 AND l.id = -t.o
    ${includeDerived ? '' : 'WHERE t.derived = 0'}
    ORDER BY t.id`);
  yield* stmt.iterate() as Iterable<ExportRow>;
}

export function countTriples(store: KgStore): number {
  return store.db.prepare('SELECT count(*) FROM triples').pluck().get() as number;
}

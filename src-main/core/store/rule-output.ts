/**
 * A rule set's materialised output: the derived triples of its `rule` sources, removing them (and the sources left
 * empty) before a recomputation, and the rule and premises stored in each derived triple's props.
 */
import type { DatabaseHandle } from './kg-store.js';
import { prepared } from './statement-cache.js';

const idList = (ids: readonly number[]): string => ids.map((n) => Math.trunc(n)).join(',');

/** The derived triples of these sources, as (id, s, p, o). */
export function derivedTriplesOf(db: DatabaseHandle, sourceIds: readonly number[]): Array<{ id: number; s: number; p: number; o: number }> {
  if (!sourceIds.length) return [];
  return db.prepare(`SELECT id, s, p, o FROM triples WHERE derived = 1 AND source_id IN (${idList(sourceIds)})`).all() as Array<{ id: number; s: number; p: number; o: number }>;
}

/** Deletes the derived triples of these sources, then the sources no triple points to any more. */
export function deleteDerivedTriplesOf(db: DatabaseHandle, sourceIds: readonly number[]): void {
  if (!sourceIds.length) return;
  db.prepare(`DELETE FROM triples WHERE derived = 1 AND source_id IN (${idList(sourceIds)})`).run();
  db.prepare(`DELETE FROM sources WHERE id IN (${idList(sourceIds)}) AND NOT EXISTS (SELECT 1 FROM triples WHERE source_id = sources.id)`).run();
}

/** Sets a triple's props (JSON text). */
export function setTripleProps(db: DatabaseHandle, id: number, props: string): void {
  prepared(db, 'UPDATE triples SET props = ? WHERE id = ?').run(props, id);
}

/** Cheap fingerprints of a KG's contents, for caches of whole-KG views (the SPARQL dataset, a kept GNN classifier). */
import type { DatabaseHandle } from './kg-store.js';
import { prepared } from './statement-cache.js';

/**
 * SQLite's data_version (moves when another connection commits) and this connection's total_changes (moves with
 * every row it writes). Equal counters mean an unchanged KG.
 */
export function kgChangeCounter(db: DatabaseHandle): string {
  // Inside a write transaction the connection sees rows that may still be rolled back (which moves no counter
  // back): a one-off value, so that nothing loaded now is reused later.
  if (db.inTransaction) return `tx:${performance.now()}:${Math.random()}`;
  const version = db.pragma('data_version', { simple: true }) as number;
  const changes = prepared(db, 'SELECT total_changes()', true).get() as number;
  return `${version}:${changes}`;
}

/**
 * Entity and triple counts and highest ids, the latest change-log id and the total length of the type column: moves
 * with every import, edit and undo, also those of other connections, so a model kept in memory is retrained after one.
 */
export function kgContentFingerprint(db: DatabaseHandle): string {
  const row = prepared(
    db,
    `SELECT (SELECT count(*) FROM entities), (SELECT max(id) FROM entities), (SELECT count(*) FROM triples),
            (SELECT max(id) FROM triples), (SELECT max(id) FROM change_log), (SELECT total(length(type)) FROM entities)`,
  ).raw(true).get() as unknown[];
  return JSON.stringify(row);
}

/** A cheap fingerprint of an open KG's contents, for caches of whole-KG views (the SPARQL dataset). */
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

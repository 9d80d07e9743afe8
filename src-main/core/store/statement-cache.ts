/**
 * Prepared statements kept per connection: a store function prepares its SQL once per open KG and reuses it.
 * A cached statement's result mode (rows, or the first column plucked) is fixed when it is made, so two callers of
 * the same SQL never switch each other's mode. A statement being iterated cannot run again until its iteration ends.
 */
import type { Statement } from 'better-sqlite3';
import type { DatabaseHandle } from './kg-store.js';

const cache = new WeakMap<DatabaseHandle, Map<string, Statement>>();

/** The connection's prepared statement for `sql` (plucking the first column when `pluck`), prepared on first use. */
export function prepared(db: DatabaseHandle, sql: string, pluck = false): Statement {
  let statements = cache.get(db);
  if (!statements) cache.set(db, (statements = new Map()));
  const id = `${pluck ? 'pluck' : 'rows'}\n${sql}`;
  let statement = statements.get(id);
  if (!statement) {
    statement = db.prepare(sql);
    if (pluck) statement.pluck();
    statements.set(id, statement);
  }
  return statement;
}

import type { NodePosition } from '../../contract/types.js';
import type { KgStore } from './kg-store.js';

/** Saves layout positions with the KG (entities not in the KG are ignored). */
export function savePositions(store: KgStore, positions: NodePosition[]): number {
  const upsert = store.db.prepare(
    'INSERT INTO positions(entity_id, x, y) SELECT id, ?, ? FROM entities WHERE key = ? ON CONFLICT(entity_id) DO UPDATE SET x = excluded.x, y = excluded.y',
  );
  return store.db.transaction(() => positions.reduce((n, p) => n + upsert.run(p.x, p.y, p.key).changes, 0))();
}

export function loadPositions(store: KgStore, keys?: string[]): NodePosition[] {
  if (!keys) return store.db.prepare('SELECT e.key, p.x, p.y FROM positions p JOIN entities e ON e.id = p.entity_id').all() as NodePosition[];
  const get = store.db.prepare('SELECT e.key, p.x, p.y FROM positions p JOIN entities e ON e.id = p.entity_id WHERE e.key = ?');
  return keys.map((k) => get.get(k) as NodePosition | undefined).filter((p): p is NodePosition => !!p);
}

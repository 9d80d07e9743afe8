/** What the communities overview reads of a KG: its entity–entity triples, members' names and types, and its cache in kg_meta. */
import type { SliceFilter } from '../../contract/types.js';
import type { KgStore } from './kg-store.js';
import { kgContentFingerprint } from './change-counter.js';
import { tripleFilterSql } from './graph-slices.js';
import { displayName } from './names.js';
import { TYPE_LINK_KEYS_SQL } from './type-predicate.js';

export const COMMUNITIES_META_KEY = 'communities.v1';

/**
 * Calls `each(s, o, p)` for every triple between two entities that passes the filter (its predicates, confidence,
 * sources and derived; not its types), type links left out, in id order.
 */
export function forEachEntityTriple(store: KgStore, filter: SliceFilter, each: (s: number, o: number, p: number) => void): void {
  const where = tripleFilterSql(filter);
  const rows = store.db
    .prepare(
      `SELECT t.s, t.o, t.p FROM triples t
        WHERE t.o > 0 AND t.p NOT IN (SELECT id FROM predicates WHERE key IN (${TYPE_LINK_KEYS_SQL}))${where.sql}
        ORDER BY t.id`,
    )
    .raw(true)
    .iterate(...where.params) as IterableIterator<[number, number, number]>;
  for (const [s, o, p] of rows) each(s, o, p);
}

/** Key and readable label of each entity id asked for. */
export function entityNames(store: KgStore, ids: number[]): Map<number, { key: string; label: string }> {
  const get = store.db.prepare('SELECT key, label FROM entities WHERE id = ?');
  const out = new Map<number, { key: string; label: string }>();
  for (const id of ids) {
    const row = get.get(id) as { key: string; label: string | null } | undefined;
    if (row) out.set(id, { key: row.key, label: row.label ?? displayName(row.key) });
  }
  return out;
}

/** The type column of every typed entity. */
export function entityTypes(store: KgStore): Map<number, string> {
  const rows = store.db.prepare("SELECT id, type FROM entities WHERE type IS NOT NULL AND type <> ''").raw(true).all() as Array<[number, string]>;
  return new Map(rows);
}

/** Predicate keys by id. */
export function predicateKeys(store: KgStore): Map<number, string> {
  return new Map(store.db.prepare('SELECT id, key FROM predicates').raw(true).all() as Array<[number, string]>);
}

/** What a cached overview depends on: the KG's contents and the filter. */
export function communitiesCacheKey(store: KgStore, filter: SliceFilter): string {
  return `${kgContentFingerprint(store.db)}|${JSON.stringify(filter)}`;
}

/** The cached value stored under this key, or null. */
export function cachedCommunities<T>(store: KgStore, key: string): T | null {
  const stored = store.getMeta(COMMUNITIES_META_KEY);
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as { key: string; value: T };
    return parsed.key === key ? parsed.value : null;
  } catch {
    return null; // a damaged cache entry: compute afresh
  }
}

/** Best effort: a read-only file or another process writing just leaves the overview uncached. */
export function storeCommunities(store: KgStore, key: string, value: unknown): void {
  try {
    if (!store.db.readonly) store.setMeta(COMMUNITIES_META_KEY, JSON.stringify({ key, value }));
  } catch {
    // Another process is writing, or the file is read-only: answer without caching.
  }
}

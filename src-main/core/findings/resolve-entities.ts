import type { KgStore } from '../store/kg-store.js';
import { ftsPrefixQuery } from '../store/kg-queries.js';
import { displayName } from '../store/names.js';

export interface ResolvedMention {
  input: string;
  id: number;
  key: string;
  label: string;
  /** How the text was matched: exact key, exact label, alias, or full-text search. */
  via: 'key' | 'label' | 'alias' | 'search';
  /** Other entities the text could also mean (shown so the user can pick). */
  alternatives: Array<{ key: string; label: string }>;
}

interface Row {
  id: number;
  key: string;
  label: string | null;
}

/**
 * Resolves a user's name for an entity: an exact key, then an exact label or alias (case-insensitive), then the best
 * full-text match. `prefer` ranks entities that play a given role first (e.g. objects of `presents`).
 */
export function resolveEntity(store: KgStore, text: string, prefer?: (id: number) => boolean): ResolvedMention | null {
  const db = store.db;
  const t = text.trim();
  const pick = (rows: Row[], via: ResolvedMention['via']): ResolvedMention | null => {
    if (rows.length === 0) return null;
    const sorted = prefer ? [...rows].sort((a, b) => Number(prefer(b.id)) - Number(prefer(a.id))) : rows;
    const [best, ...rest] = sorted;
    return {
      input: text,
      id: best.id,
      key: best.key,
      label: best.label ?? displayName(best.key),
      via,
      alternatives: rest.slice(0, 5).map((r) => ({ key: r.key, label: r.label ?? displayName(r.key) })),
    };
  };
  const byKey = db.prepare('SELECT id, key, label FROM entities WHERE key = ?').all(t) as Row[];
  if (byKey.length) return pick(byKey, 'key');
  const byLabel = db.prepare('SELECT id, key, label FROM entities WHERE label = ? COLLATE NOCASE LIMIT 20').all(t) as Row[];
  if (byLabel.length) return pick(byLabel, 'label');
  const byAlias = db
    .prepare('SELECT e.id, e.key, e.label FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = ? COLLATE NOCASE LIMIT 20')
    .all(t) as Row[];
  if (byAlias.length) return pick(byAlias, 'alias');
  const underscored = db.prepare('SELECT id, key, label FROM entities WHERE key = ? COLLATE NOCASE LIMIT 20').all(t.replace(/\s+/g, '_')) as Row[];
  if (underscored.length) return pick(underscored, 'key');
  const query = ftsPrefixQuery(t);
  if (!query) return null;
  const bySearch = db
    .prepare('SELECT e.id, e.key, e.label FROM entity_fts f JOIN entities e ON e.id = f.rowid WHERE entity_fts MATCH ? ORDER BY bm25(entity_fts), length(e.label) LIMIT 20')
    .all(query) as Row[];
  return pick(bySearch, 'search');
}

import type { KgStore } from '../store/kg-store.js';
import { ftsPrefixQuery } from '../store/kg-queries.js';
import { displayName } from '../store/names.js';
import { isStopword } from './text-tokens.js';

export interface EntityMention {
  /** The words of the question that name the entity. */
  text: string;
  start: number;
  key: string;
  label: string;
  type: string | null;
  via: 'label' | 'alias' | 'key' | 'fuzzy';
  /** Other entities the same words could mean; the first candidate was chosen. */
  alternatives: Array<{ key: string; label: string }>;
}

interface Row {
  key: string;
  label: string | null;
  type: string | null;
}

const MAX_NGRAM = 5;

/**
 * Links the entities a question mentions: the longest runs of words that are an entity's label, alias or key
 * (case-insensitive), then full-text prefix matching for capitalised words left over. Ambiguity is reported.
 */
export function linkMentions(store: KgStore, question: string): EntityMention[] {
  const tokens = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\-.]*(?:'s)?/gu)].map((m) => ({
    text: m[0].replace(/'s$/, '').replace(/\.$/, ''),
    start: m.index!,
  }));
  const byLabel = store.db.prepare('SELECT key, label, type FROM entities WHERE label = ? COLLATE NOCASE LIMIT 6');
  const byAlias = store.db.prepare('SELECT e.key, e.label, e.type FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = ? COLLATE NOCASE LIMIT 6');
  const byKey = store.db.prepare('SELECT key, label, type FROM entities WHERE key = ? COLLATE NOCASE LIMIT 6');
  const used = new Array<boolean>(tokens.length).fill(false);
  const mentions: EntityMention[] = [];
  const mention = (rows: Row[], i: number, n: number, via: EntityMention['via']): EntityMention => ({
    text: tokens.slice(i, i + n).map((t) => t.text).join(' '),
    start: tokens[i].start,
    key: rows[0].key,
    label: rows[0].label ?? displayName(rows[0].key),
    type: rows[0].type,
    via,
    alternatives: rows.slice(1).map((r) => ({ key: r.key, label: r.label ?? displayName(r.key) })),
  });
  for (let n = MAX_NGRAM; n >= 1; n--) {
    for (let i = 0; i + n <= tokens.length; i++) {
      if (used.slice(i, i + n).some(Boolean)) continue;
      const span = tokens.slice(i, i + n).map((t) => t.text);
      if (span.every(isStopword)) continue;
      const phrase = span.join(' ');
      let rows = byLabel.all(phrase) as Row[];
      let via: EntityMention['via'] = 'label';
      if (!rows.length) [rows, via] = [byAlias.all(phrase) as Row[], 'alias'];
      if (!rows.length) [rows, via] = [byKey.all(span.join('_')) as Row[], 'key'];
      if (!rows.length) continue;
      mentions.push(mention(rows, i, n, via));
      for (let k = i; k < i + n; k++) used[k] = true;
    }
  }
  // Capitalised words not linked yet (names the KG spells differently): full-text prefix search.
  const fts = store.db.prepare(
    'SELECT e.key, e.label, e.type FROM entity_fts f JOIN entities e ON e.id = f.rowid WHERE entity_fts MATCH ? ORDER BY bm25(entity_fts) LIMIT 6',
  );
  tokens.forEach((t, i) => {
    if (used[i] || i === 0 || !/^\p{Lu}/u.test(t.text) || isStopword(t.text) || t.text.length < 3) return;
    const q = ftsPrefixQuery(t.text);
    const rows = q ? (fts.all(q) as Row[]) : [];
    if (rows.length) mentions.push(mention(rows, i, 1, 'fuzzy'));
  });
  return mentions.sort((a, b) => a.start - b.start);
}

import type { KgStore } from '../store/kg-store.js';
import { displayName, isIri } from '../store/names.js';
import { allAliases, allEntityRows, degreeOf, maxRowId, rowCount } from '../store/kg-lookup.js';
import { editDistance, fold, stemWord } from './lexicon.js';
import { isStopword } from './text-tokens.js';

export interface EntityMention {
  /** The words of the question that name the entity. */
  text: string;
  start: number;
  /** Offset just after the mention's last word in the question. */
  end: number;
  key: string;
  label: string;
  type: string | null;
  via: 'label' | 'alias' | 'key' | 'fuzzy';
  /** Other entities the same words could mean; the first candidate was chosen. */
  alternatives: Array<{ key: string; label: string }>;
}

interface Entry {
  id: number;
  key: string;
  label: string;
  type: string | null;
  via: 'label' | 'alias' | 'key';
}

interface NameIndex {
  stamp: string;
  /** Normalised name → entities it names. */
  names: Map<string, Entry[]>;
  /** Normalised word of a name → names containing it. */
  words: Map<string, Set<string>>;
}

const MAX_NGRAM = 10;
const PARTICLES = new Set('up down out off over under after before more most less least other others such only same than too very just also still even back away around again once here there now then new old big'.split(' '));
const indexes = new WeakMap<KgStore, NameIndex>();

/** A name as compared: accents folded, case and punctuation ignored, possessive dropped. */
export function normName(text: string): string {
  return fold(text)
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function stampOf(store: KgStore): string {
  const db = store.db;
  return `${maxRowId(db, 'entities')}:${rowCount(db, 'entities')}:${rowCount(db, 'aliases')}:${maxRowId(db, 'change_log')}`;
}

/** Every entity's label, aliases and key (readable form), normalised; built once per KG and kept until it changes. */
function nameIndex(store: KgStore): NameIndex {
  const stamp = stampOf(store);
  const hit = indexes.get(store);
  if (hit && hit.stamp === stamp) return hit;
  const names = new Map<string, Entry[]>();
  const words = new Map<string, Set<string>>();
  const add = (name: string, e: Entry): void => {
    const n = normName(name);
    if (!n) return;
    const list = names.get(n);
    if (!list) {
      names.set(n, [e]);
      for (const w of n.split(' ')) if (w.length >= 3) (words.get(w) ?? words.set(w, new Set()).get(w)!).add(n);
    } else if (!list.some((x) => x.id === e.id)) list.push(e);
  };
  const rows = allEntityRows(store.db);
  const byId = new Map<number, { key: string; label: string; type: string | null }>();
  for (const r of rows) {
    const label = r.label ?? displayName(r.key);
    byId.set(r.id, { key: r.key, label, type: r.type });
    if (r.label) add(r.label, { id: r.id, key: r.key, label, type: r.type, via: 'label' });
  }
  for (const a of allAliases(store.db)) {
    const e = byId.get(a.entity_id);
    if (e) add(a.alias, { id: a.entity_id, ...e, via: 'alias' });
  }
  for (const r of rows) {
    // Keys read as names too ("albert_einstein", an IRI's local name), when they are words rather than ids.
    const k = isIri(r.key) ? displayName(r.key) : r.key;
    if (/\p{L}/u.test(k) && !/^\/m\//.test(k)) add(k.replace(/[_-]+/g, ' '), { id: r.id, key: r.key, label: byId.get(r.id)!.label, type: r.type, via: 'key' });
  }
  const index = { stamp, names, words };
  indexes.set(store, index);
  return index;
}

/** Entities first by how much the KG says about them (the better-known reading of an ambiguous name). */
function byDegree(store: KgStore, entries: Entry[]): Entry[] {
  if (entries.length < 2) return entries;
  const via = { label: 0, alias: 1, key: 2 };
  return entries
    .map((e) => ({ e, d: degreeOf(store.db, e.id) }))
    .sort((a, b) => via[a.e.via] - via[b.e.via] || b.d - a.d)
    .map((x) => x.e);
}

/**
 * Links the entities a question mentions: the longest runs of words that are an entity's label, alias or key
 * (case, accents, punctuation and possessives ignored; a plural last word read as singular), then, for capitalised
 * words left over, a whole word of a name ("Nolan") or a name within a small typo ("Einstien"). Ambiguity is
 * reported: the entity the KG says most about comes first, the others are alternatives.
 */
export function linkMentions(store: KgStore, question: string): EntityMention[] {
  const index = nameIndex(store);
  const tokens = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}\-.&]*(?:['’]s)?/gu)].map((m) => ({
    text: m[0].replace(/['’]s$/, '').replace(/\.$/, ''),
    raw: m[0].replace(/['’]s$/, ''),
    start: m.index!,
  }));
  const used = new Array<boolean>(tokens.length).fill(false);
  const mentions: EntityMention[] = [];
  const mention = (rows: Entry[], i: number, n: number, via: EntityMention['via']): EntityMention => ({
    text: tokens.slice(i, i + n).map((t) => t.text).join(' '),
    start: tokens[i].start,
    end: tokens[i + n - 1].start + tokens[i + n - 1].raw.length,
    key: rows[0].key,
    label: rows[0].label,
    type: rows[0].type,
    via,
    alternatives: rows.slice(1, 6).map((r) => ({ key: r.key, label: r.label })),
  });
  const capital = (i: number): boolean => /^\p{Lu}/u.test(tokens[i].text) || /\p{N}/u.test(tokens[i].text);
  for (let n = MAX_NGRAM; n >= 1; n--) {
    for (let i = 0; i + n <= tokens.length; i++) {
      if (used.slice(i, i + n).some(Boolean)) continue;
      const span = tokens.slice(i, i + n);
      if (span.every((t) => isStopword(t.text))) continue;
      if (isStopword(span[0].text) && !capital(i)) continue;
      // A single lower-case word names an entity only when it is not a particle ("grow up" is not the film Up).
      if (n === 1 && !capital(i) && (span[0].text.length < 3 || PARTICLES.has(span[0].text.toLowerCase()))) continue;
      if (n === 1 && span[0].text.length < 2) continue;
      const phrase = span.map((t) => t.text).join(' ');
      let rows = index.names.get(normName(phrase)) ?? index.names.get(normName(span.map((t) => t.raw).join(' ')));
      if (!rows && (n > 1 || capital(i))) {
        // "the Smiths", "Beatles'": a plural last word, read as singular.
        const last = normName(span[n - 1].text);
        const singular = last.endsWith('ies') ? `${last.slice(0, -3)}y` : last.endsWith('s') && !last.endsWith('ss') ? last.slice(0, -1) : null;
        if (singular) rows = index.names.get(normName([...span.slice(0, -1).map((t) => t.text), singular].join(' ')));
      }
      if (!rows?.length) continue;
      // A lower-case single word that is also a word of the question's relation ("born", "film") names an entity only
      // when nothing else in the question does; it stays linked, and the answerer weighs it as a possible word.
      const sorted = byDegree(store, rows);
      mentions.push(mention(sorted, i, n, sorted[0].via));
      for (let k = i; k < i + n; k++) used[k] = true;
    }
  }
  // Capitalised words left over: a whole word of a name ("Nolan"), else a name within a small typo ("Einstien").
  for (let i = 0; i < tokens.length; i++) {
    if (used[i] || !capital(i) || isStopword(tokens[i].text) || tokens[i].text.length < 3) continue;
    let j = i;
    while (j + 1 < tokens.length && !used[j + 1] && capital(j + 1) && !isStopword(tokens[j + 1].text)) j++;
    const run = normName(tokens.slice(i, j + 1).map((t) => t.text).join(' '));
    const runWords = run.split(' ');
    const candidates = new Map<string, number>();
    for (const w of runWords) {
      if (w.length < 3) continue;
      for (const name of index.words.get(w) ?? []) candidates.set(name, (candidates.get(name) ?? 0) + 1);
    }
    let best: { name: string; score: number } | null = null;
    for (const [name, shared] of candidates) {
      const score = shared / Math.max(runWords.length, name.split(' ').length);
      if (!best || score > best.score) best = { name, score };
    }
    // A run with a word no name has, and no name within a typo of the whole run, names something the KG does not
    // know ("Zorblax Returns" is not "Batman Returns"); a partial word match ("Tom" of "Tom Cruse") may also lose
    // to a name within a typo of the whole run ("Tom Cruise").
    const partial = best !== null && best.score < 1 && runWords.length > 1;
    if ((!best || partial) && i > 0) {
      const whole = best;
      best = null;
      // Typos: names with a word within one or two edits of the run's words, every word of the run found in the name
      // (exactly or within a typo); a name within a typo of the whole run scores by the edit distance.
      const near = (w: string, word: string): boolean => {
        if (w === word) return true;
        const max = w.length >= 8 ? 2 : 1;
        return w.length >= 4 && Math.abs(word.length - w.length) <= max && (word[0] === w[0] || word[1] === w[1]) && editDistance(w, word, max) <= max;
      };
      for (const w of runWords) {
        if (w.length < 4) continue;
        for (const [word, names] of index.words) {
          if (word === w || !near(w, word)) continue;
          for (const name of names) {
            const nameWords = name.split(' ');
            const matched = runWords.filter((r) => nameWords.some((n) => near(r, n))).length;
            if (runWords.some((r) => r.length >= 3 && !nameWords.some((n) => near(r, n)))) continue;
            const bound = Math.max(2, Math.floor(run.length / 4));
            const d = editDistance(run, name, bound);
            // Past the bound the distance is only "more than bound": the run is then a typo of some of the name's words.
            const score = d <= bound ? 1 - d / Math.max(run.length, name.length) : 0.5 + (0.4 * matched) / Math.max(runWords.length, nameWords.length);
            if (score >= 0.7 && (!best || score > best.score)) best = { name, score };
          }
        }
      }
      if (!best && whole) {
        const unknown = runWords.some((w) => w.length >= 4 && !index.words.has(w) && !isStopword(w));
        if (unknown) {
          // The whole run names one unknown thing: none of its words is linked on its own either.
          i = j;
          continue;
        }
        best = whole;
      }
    }
    if (!best) continue;
    if (i === 0 && best.score < 1) continue;
    const rows = byDegree(store, index.names.get(best.name)!);
    mentions.push(mention(rows, i, j - i + 1, 'fuzzy'));
    for (let k = i; k <= j; k++) used[k] = true;
    i = j;
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/** The stem of a word, as the answerer compares words (re-exported for tests). */
export const stemOf = stemWord;

/**
 * Entities whose name has `word` (or its singular) as one of its words, shortest names first: the candidates for a
 * common noun used as a kind ("actors" → Actor, "comedies" → Comedy, Comedy-GB, Romantic comedy).
 */
export function entitiesNamedByWord(store: KgStore, word: string, limit = 40): Array<{ id: number; key: string; label: string; nameWords: number }> {
  const index = nameIndex(store);
  const w = normName(word);
  const forms = new Set([w, w.endsWith('ies') ? `${w.slice(0, -3)}y` : w, w.endsWith('es') && /(ch|sh|ss|x|z)es$/.test(w) ? w.slice(0, -2) : w, w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w]);
  const out = new Map<number, { id: number; key: string; label: string; nameWords: number }>();
  const names = [...forms].flatMap((f) => [...(index.words.get(f) ?? [])]).sort((a, b) => a.split(' ').length - b.split(' ').length);
  for (const name of names) {
    for (const e of index.names.get(name) ?? []) {
      const nameWords = name.split(' ').length;
      const had = out.get(e.id);
      if (!had || had.nameWords > nameWords) out.set(e.id, { id: e.id, key: e.key, label: e.label, nameWords });
    }
    if (out.size >= limit) break;
  }
  return [...out.values()].sort((a, b) => a.nameWords - b.nameWords).slice(0, limit);
}

/**
 * "Which disease presents the most symptoms?", "Who has the most grandchildren?": the entities with the most links of
 * the relation whose words best cover the question (a stored predicate or a rule pack's relation), counted per
 * subject ("X has/does the most …") or per object ("… by the most …", "X is … of the most"), restricted to the kind
 * the question asks for where entities carry types. Ties at the top are all answers; the runners-up are steps.
 */
import type { QaAnswer } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { displayName } from '../store/names.js';
import { entitiesByIds, entityIdsByKeys } from '../store/kg-lookup.js';
import { entityLinks } from '../store/relation-walks.js';
import { catalogOf, NAMING, term, wordMatch, type Rel } from './chain-answerer.js';
import type { GraphAnswer } from './graph-answerer.js';
import { contentWords } from './lexicon.js';
import { valueKey } from './rule-relations.js';

export const ASKS_FOR_MOST = /\b(?:which|what|who)\b[^?]*\b(?:the\s+)?(most|greatest\s+number\s+of|highest\s+number\s+of|largest\s+number\s+of|fewest|least)\b/i;

export function answerSuperlative(store: KgStore, question: string): GraphAnswer | null {
  const m = ASKS_FOR_MOST.exec(question);
  if (!m || /\bmost\s+(likely|probabl|common\s+cause)/i.test(question)) return null;
  const fewest = /^(fewest|least)$/i.test(m[1]);
  const kind = /\b(?:which|what)\s+([\p{L}-]+)/iu.exec(question)?.[1];
  const kindStem = kind ? contentWords(kind)[0] : undefined;
  const counted = new RegExp(`${m[1]}\\s+([\\p{L}-]+)`, 'iu').exec(question)?.[1];
  const countedStem = counted ? contentWords(counted)[0] : undefined;
  const words = contentWords(question.replace(m[0].slice(m[0].indexOf(m[1])), ' ')).filter((w) => !/^(most|number|greatest|highest|largest)$/.test(w));
  if (countedStem && !words.includes(countedStem)) words.push(countedStem);
  const cat = catalogOf(store);
  let best: { rel: Rel; score: number } | null = null;
  for (const rel of cat.all) {
    if (rel.kind === 'stored' && NAMING.test(rel.key)) continue;
    let score = 0;
    for (const w of words) score += wordMatch(w, rel.words);
    // A stored relation wins a tie: a pack's relation of the same words is often a summary of it (n_symptoms).
    if (score > 0 && (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) < 1e-9 && rel.kind === 'stored' && best.rel.kind === 'rule'))) best = { rel, score };
  }
  if (!best || best.score < 0.9) return null;
  const rel = best.rel;
  // Counted per subject unless the question puts the answer after the verb's object: "… by the most …", "… of the most …".
  let dir: 'f' | 'b' = /\b(by|of|from|in)\s+the\s+(most|fewest|least)\b/i.test(question) ? 'b' : 'f';
  const counts = new Map<string, number>();
  const add = (k: string, n: number): void => void counts.set(k, (counts.get(k) ?? 0) + n);
  const count = (d: 'f' | 'b'): void => {
    counts.clear();
    if (rel.kind === 'stored') {
      const links = entityLinks(store.db, rel.predId);
      const ids = new Map<number, Set<number>>();
      for (const l of links) {
        const [x, y] = d === 'f' ? [l.s, l.o] : [l.o, l.s];
        (ids.get(x) ?? ids.set(x, new Set()).get(x)!).add(y);
      }
      const rows = entitiesByIds(store.db, [...ids.keys()]);
      for (const [x, ys] of ids) {
        const row = rows.get(x);
        if (row) add(row.key, ys.size);
      }
    } else {
      const rr = rel.rule!;
      for (const [v, ys] of d === 'f' ? rr.forward : rr.backward) {
        const k = valueKey(rr.engine, v);
        if (k.literal) continue;
        // A numeric value (n_symptoms(flu, 12)) is the number itself; entities are counted.
        const nums = ys.map((y) => valueKey(rr.engine, y)).filter((y) => y.literal && /^-?\d+(\.\d+)?$/.test(y.key)).map((y) => Number(y.key));
        add(k.key, nums.length === ys.length && nums.length ? Math.max(...nums) : new Set(ys).size);
      }
    }
  };
  count(dir);
  if (!counts.size) return null;
  // Where entities carry types, the kind asked for ("which disease") picks the end, and only entities of that kind count.
  const rowsOf = (keys: string[]) => {
    const ids = entityIdsByKeys(store.db, keys);
    return new Map([...entitiesByIds(store.db, [...ids.values()])].map(([, e]) => [e.key, e]));
  };
  let rows = rowsOf([...counts.keys()]);
  const fitsKind = (k: string): boolean => {
    const t = rows.get(k)?.type;
    return !!t && !!kindStem && contentWords(displayName(t)).includes(kindStem);
  };
  if (cat.typed && kindStem && ![...counts.keys()].some(fitsKind)) {
    const other: 'f' | 'b' = dir === 'f' ? 'b' : 'f';
    const saved = new Map(counts);
    count(other);
    rows = rowsOf([...counts.keys()]);
    if ([...counts.keys()].some(fitsKind)) dir = other;
    else {
      counts.clear();
      for (const [k, n] of saved) counts.set(k, n);
      rows = rowsOf([...counts.keys()]);
    }
  }
  let ranked = [...counts].filter(([k]) => !cat.typed || !kindStem || ![...counts.keys()].some(fitsKind) || fitsKind(k));
  ranked.sort((a, b) => (fewest ? a[1] - b[1] : b[1] - a[1]) || a[0].localeCompare(b[0]));
  ranked = ranked.slice(0, 200);
  const top = ranked[0][1];
  const winners = ranked.filter(([, n]) => n === top);
  const label = (k: string): string => rows.get(k)?.label ?? displayName(k);
  const answers: QaAnswer[] = winners.map(([k]) => ({ key: k, label: label(k), score: top }));
  const atom = (x: string, y: string): string => (dir === 'f' ? `${term(rel.key)}(${x}, ${y})` : `${term(rel.key)}(${y}, ${x})`);
  const reading = `?- ${fewest ? 'fewest' : 'most'}(X, count(Y, ${atom('X', 'Y')})).`;
  const readable = rel.words.readable;
  return {
    answered: true,
    answer: `${winners.map(([k]) => label(k)).join(', ')}: ${top} ${counted ?? 'links'} (${readable}${dir === 'b' ? ', inverse' : ''}).`,
    steps: [
      `Read the question as the entities with the ${fewest ? 'fewest' : 'most'} ${readable}${dir === 'b' ? ' (inverse)' : ''} links, counted per ${dir === 'f' ? 'subject' : 'object'}${cat.typed && kindStem ? `, of the kind "${kind}"` : ''}: ${reading}`,
      `Counted: ${ranked.slice(0, 10).map(([k, n]) => `${label(k)} ${n}`).join(', ')}${ranked.length > 10 ? ', …' : ''}.`,
    ],
    facts: [],
    citations: [],
    answers,
    reading,
    query: { text: atom(term(winners[0][0]), 'Y'), packs: rel.rule ? [rel.rule.pack] : [] },
    queryNote: `The Query view lists the ${readable} links of ${label(winners[0][0])}; counting and ranking them is not a Datalog query.`,
  };
}

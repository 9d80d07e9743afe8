/**
 * Relation look-ups and multi-hop chains, read from the KG's own vocabulary without a language model.
 *
 * A question is read as an anchor entity (a linked mention) and a chain of one to three relations walked from it,
 * each relation a stored predicate or a relation a rule pack derives, in either direction. Chains are searched
 * hop by hop over the relations the anchor (then the entities reached) actually has: a chain scores by how many of
 * the question's words its relations' words (keys, labels, readable IRIs and Freebase paths, synonyms) and the
 * reached entities' types cover, less a cost per hop; every relation must cover a word of its own (or lead to the
 * type the question asks for). The direction the question's grammar implies ("Charlie's aunt", "did Nolan direct",
 * "who directed Inception") breaks ties. The result names the chain it ran as a Datalog-style query.
 */
import type { GraphAnswer } from './graph-answerer.js';
import type { QaAnswer, QaFact, QaMention } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { displayName } from '../store/names.js';
import { getTriple } from '../store/kg-queries.js';
import {
  entitiesByIds, entityIdByKey, entityIdsByKeys, entityKeysByIds, hasTypedEntities, literalsByValue, literalValuesByIds, predicateCount,
  predicateRows, sourceIdsOfKind,
} from '../store/kg-lookup.js';
import { linksBetween, placeLinkOf, predicatesAt, walkPredicate } from '../store/relation-walks.js';
import { contentWords, editDistance, isAgentNoun, relationWords, splitWords, stemWord, type RelationWords } from './lexicon.js';
import { entitiesNamedByWord } from './mention-linker.js';
import { factFromTriple } from './retrieve-facts.js';
import { proofOf, ruleRelations, symOf, valueKey, type RuleRelation } from './rule-relations.js';
import type { KgProofNode } from '../../contract/reasoning-types.js';

/** The graph answerer's result shape. */
export type ChainAnswer = GraphAnswer;

/** A relation the answerer can walk: a stored predicate or a rule pack's derived relation. */
export interface Rel {
  id: string;
  kind: 'stored' | 'rule';
  predId: number;
  /** Predicate key or Datalog name. */
  key: string;
  words: RelationWords;
  rule?: RuleRelation;
}

export interface Catalog {
  stamp: string;
  byPred: Map<number, Rel>;
  rules: Rel[];
  /** Predicate ids read through a rule relation of the same name (not walked as stored triples). */
  shadowed: Set<number>;
  modelSources: number[];
  all: Rel[];
  /** Whether entities carry types (then a hop may be walked to reach the type a question asks for). */
  typed: boolean;
}

type Dir = 'f' | 'b';

/** Nodes: entity ids (> 0), literal ids (< 0), rule literal values (≤ RULE_LIT). */
const RULE_LIT = -2_000_000_000;
const MAX_SET = 5000;
const BEAM = 6;
const HOP_COST = 0.4;

interface Hop {
  rel: Rel;
  dir: Dir;
  /** Reached node → one way it was reached (previous node, triple id or null for a rule relation). */
  back: Map<number, { from: number; triple: number | null; confidence: number }>;
  nodes: number[];
  /** How many of the nodes walked from have the relation (back keeps one predecessor per reached node only). */
  starts: number;
}

interface Chain {
  anchor: QaMention;
  anchorId: number;
  hops: Hop[];
  /** Question word (index into the words) → how well the chain covers it. */
  covered: Map<number, number>;
  /** The last of-chain rank consumed (0: none). */
  rank: number;
  score: number;
  /** Another named entity the answers must be linked to ("films directed by Zemeckis that Tom Hanks starred in"). */
  filters: Array<{ rel: Rel; dir: Dir; other: QaMention; otherId: number }>;
  /** The answers after the filters (the last hop's nodes when there are none). */
  final?: number[];
  /** The last hop covered only the type noun. */
  typeOnly?: boolean;
  /** Question words (indexes) whose coverage the last hop raised. */
  lastRaised?: number[];
}

interface QWord {
  stem: string;
  raw: string;
  pos: number;
  weight: number;
  /** "founders", "director": names the agent of a relation's verb. */
  agent: boolean;
  /** The noun right after which/what/how many: the kind of answer asked for. */
  typeNoun: boolean;
  /** Words of one hyphenated compound ("mother-in-law") share a group: a relation covers all of them or none. */
  group: number;
}

const catalogs = new WeakMap<KgStore, Catalog>();
/** Naming predicates (labels, alternative names, comments): what an entity is called, not how it relates. */
export const NAMING = /(rdf-schema#(label|comment)|skos\/core#(pref|alt|hidden)Label|schema\.org\/(name|alternateName)|foaf\/0\.1\/name)$/;

export function catalogOf(store: KgStore): Catalog {
  const rules = ruleRelations(store);
  const stamp = `${predicateCount(store.db)}:${rules.relations.length}:${rules.relations.map((r) => r.size).join(',')}`;
  const hit = catalogs.get(store);
  if (hit && hit.stamp === stamp) return hit;
  const byPred = new Map<number, Rel>();
  const shadowed = new Set<number>();
  for (const p of predicateRows(store.db)) {
    const local = displayName(p.key);
    if (rules.names.has(p.key) || rules.names.has(local) || rules.names.has(p.key.replace(/-/g, '_'))) shadowed.add(p.id);
    byPred.set(p.id, { id: `p${p.id}`, kind: 'stored', predId: p.id, key: p.key, words: relationWords(p.key, p.label) });
  }
  const ruleRels: Rel[] = rules.relations.map((r) => ({ id: `r:${r.pack}:${r.name}`, kind: 'rule', predId: -1, key: r.name, words: relationWords(r.name, null), rule: r }));
  const modelSources = sourceIdsOfKind(store.db, 'model');
  const typed = hasTypedEntities(store.db);
  const cat: Catalog = { stamp, byPred, rules: ruleRels, shadowed, modelSources, all: [...[...byPred.values()].filter((r) => !shadowed.has(r.predId)), ...ruleRels], typed };
  catalogs.set(store, cat);
  return cat;
}

/** Relations incident to a set of nodes, with the direction they can be walked in. */
function incident(store: KgStore, cat: Catalog, nodes: number[]): Array<{ rel: Rel; dir: Dir }> {
  // The relations of a large set are those of a sample of it (the walk itself follows the whole set).
  const ents = nodes.filter((n) => n > 0).slice(0, 400);
  const out: Array<{ rel: Rel; dir: Dir }> = [];
  const lits = nodes.filter((n) => n < 0 && n > RULE_LIT).slice(0, 400);
  if (lits.length) {
    // A literal value named in the question ("released in 1994") is walked back to the entities that have it.
    for (const p of predicatesAt(store.db, 'o', lits)) {
      const rel = cat.byPred.get(p);
      if (rel && !cat.shadowed.has(p) && !NAMING.test(rel.key)) out.push({ rel, dir: 'b' });
    }
  }
  if (!ents.length) return out;
  for (const [col, dir] of [['s', 'f'], ['o', 'b']] as const) {
    for (const p of predicatesAt(store.db, col, ents, cat.modelSources)) {
      if (cat.shadowed.has(p)) continue;
      const rel = cat.byPred.get(p);
      if (rel && !NAMING.test(rel.key)) out.push({ rel, dir });
    }
  }
  if (cat.rules.length) {
    const keys = keysOf(store, ents);
    for (const r of cat.rules) {
      const rr = r.rule!;
      let f = false;
      let b = false;
      for (const k of keys) {
        const v = symOf(rr.engine, k);
        if (v < 0) continue;
        if (rr.forward.has(v)) f = true;
        if (rr.backward.has(v)) b = true;
        if (f && b) break;
      }
      if (f) out.push({ rel: r, dir: 'f' });
      if (b) out.push({ rel: r, dir: 'b' });
    }
  }
  return out;
}

const keyCache = new WeakMap<KgStore, Map<number, string>>();
export function keysOf(store: KgStore, ids: number[]): string[] {
  let m = keyCache.get(store);
  if (!m) keyCache.set(store, (m = new Map()));
  const missing = ids.filter((id) => !m!.has(id));
  if (missing.length) for (const [id, key] of entityKeysByIds(store.db, missing)) m.set(id, key);
  return ids.map((id) => m!.get(id)).filter((k): k is string => k !== undefined);
}

/** Rule literal values get synthetic node ids, remembered per question. */
class LiteralPool {
  readonly text = new Map<number, string>();
  private readonly ids = new Map<string, number>();
  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = RULE_LIT - this.ids.size;
      this.ids.set(text, id);
      this.text.set(id, text);
    }
    return id;
  }
}

/** Walks one relation from a set of nodes. */
function follow(store: KgStore, cat: Catalog, rel: Rel, dir: Dir, from: number[], pool: LiteralPool): Hop {
  const back: Hop['back'] = new Map();
  const starts = new Set<number>();
  const ents = from.filter((n) => n > 0 || (dir === 'b' && n > RULE_LIT)).slice(0, MAX_SET);
  if (rel.kind === 'stored') {
    const rows = walkPredicate(store.db, rel.predId, dir === 'f' ? 's' : 'o', ents, MAX_SET * 2, cat.modelSources);
    for (const r of rows) {
      starts.add(r.x);
      if (!back.has(r.y)) back.set(r.y, { from: r.x, triple: r.id, confidence: r.confidence });
    }
  } else {
    const rr = rel.rule!;
    const keys = keysOf(store, ents.filter((n) => n > 0));
    const ids = ents.filter((id) => id > 0 && keyCache.get(store)!.has(id));
    const map = dir === 'f' ? rr.forward : rr.backward;
    const targets: Array<{ from: number; key: string; literal: boolean }> = [];
    keys.forEach((k, i) => {
      const v = symOf(rr.engine, k);
      if (v < 0) return;
      for (const o of map.get(v) ?? []) targets.push({ from: ids[i], ...valueKey(rr.engine, o) });
    });
    const entKeys = [...new Set(targets.filter((t) => !t.literal).map((t) => t.key))];
    const idOf = entityIdsByKeys(store.db, entKeys);
    for (const t of targets) {
      const y = t.literal ? pool.id(t.key) : idOf.get(t.key);
      if (y === undefined) continue;
      starts.add(t.from);
      if (!back.has(y)) back.set(y, { from: t.from, triple: null, confidence: 1 });
    }
  }
  return { rel, dir, back, nodes: [...back.keys()], starts: starts.size };
}

/** Content words of the question outside the mentions, with their positions and weights (repeats kept: "the parents of X's parents"). */
function questionWords(question: string, mentionSpans: Array<[number, number]>): QWord[] {
  const out: QWord[] = [];
  const typeAt = /\b(?:which|what|how many)\s+([\p{L}-]+)/iu.exec(question);
  for (const m of question.matchAll(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*(?:['’]s)?/gu)) {
    const start = m.index!;
    if (mentionSpans.some(([a, b]) => start >= a && start < b)) continue;
    for (const w of splitWords(m[0])) {
      const [stem] = contentWords(w);
      if (!stem) continue;
      const typeNoun = !!typeAt && start === typeAt.index + typeAt[0].length - typeAt[1].length;
      // A generic kind ("which places", "which people") says little about the relation.
      // So does "the people who …" anywhere: a generic noun, not the relation "people of an ethnicity".
      const weight = typeNoun ? (/^(place|person|thing|entity|item|object|one|something)$/.test(stem) ? 0.15 : 0.6) : /^(person|thing|entity|item|object|something)$/.test(stem) ? 0.15 : 1;
      out.push({ stem, raw: w, pos: start, weight, agent: isAgentNoun(w), typeNoun, group: start });
    }
  }
  return out;
}

/** How well a relation's words cover a question word: 1 (what it says), < 1 (its domain), 0. */
export function wordMatch(q: string, w: RelationWords): number {
  if (w.main.includes(q) || w.agent.includes(q)) return 1;
  if (w.domain.includes(q)) return 0.6;
  if (q.length >= 5) {
    for (const m of w.main) if (m.length >= 5 && (m.startsWith(q) || q.startsWith(m) || editDistance(q, m, 1) <= 1)) return 0.7;
  }
  return 0;
}

const typeCache = new WeakMap<KgStore, Map<number, string | null>>();
/** Stems of the main types of a node set (entities.type, by count). */
function typeWords(store: KgStore, nodes: number[]): Set<string> {
  const ents = nodes.filter((n) => n > 0).slice(0, 300);
  let cache = typeCache.get(store);
  if (!cache) typeCache.set(store, (cache = new Map()));
  const missing = ents.filter((e) => !cache!.has(e));
  if (missing.length) {
    for (const e of missing) cache.set(e, null);
    for (const [id, e] of entitiesByIds(store.db, missing)) cache.set(id, e.type);
  }
  const counts = new Map<string, number>();
  for (const e of ents) {
    const t = cache.get(e);
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const out = new Set<string>();
  for (const [t, n] of counts) if (n * 2 >= ents.length || n >= 3) for (const w of contentWords(displayName(t))) out.add(w);
  return out;
}

/**
 * The nouns of an of-chain or possessive chain on the anchor, in the order the hops must cover them ("the father of
 * the husband of Alice": husband, father; "Alice's husband's father": husband, father; "the mother of Bob's wife":
 * wife, mother). Empty unless there are two or more.
 */
function ofChainRanks(question: string, start: number, end: number): string[] {
  const ranks: string[] = [];
  const add = (n: string): void => {
    const [w] = contentWords(n);
    if (w) ranks.push(w);
  };
  // Possessives after the anchor bind first ("Bob's wife"), then the of-nouns before it ("the mother of …").
  const p = /^((?:['’]s\s+[\p{L}-]+)+)/iu.exec(question.slice(end));
  if (p) for (const x of p[1].matchAll(/['’]s\s+([\p{L}-]+)/giu)) add(x[1]);
  const m = /((?:[\p{L}-]+\s+of\s+(?:the\s+|a\s+|an\s+)?)+)$/iu.exec(question.slice(0, start));
  if (m) for (const n of [...m[1].matchAll(/([\p{L}-]+)\s+of\b/giu)].map((x) => x[1]).reverse()) add(n);
  return ranks;
}

/**
 * The of-chain nouns a hop consumes after rank `prev`: the run of distinct nouns it covers from the next one on.
 * null: it covers none of them; -1: it covers one out of order.
 */
function consume(rel: Rel, ranks: string[], prev: number, agentStems: Set<string> = new Set()): number | null {
  if (!ranks.length) return null;
  let r = prev;
  const seen = new Set<string>();
  // A run stops where an agent noun meets another noun: "the films of the director of X", "the films of the composer
  // of X" are two hops (there and back).
  const agentOnly = (w: string): boolean => agentStems.has(w) || (rel.words.agent.includes(w) && !rel.words.main.includes(w));
  while (r < ranks.length && !seen.has(ranks[r]) && wordMatch(ranks[r], rel.words) >= 0.6 && (r === prev || agentOnly(ranks[r]) === agentOnly(ranks[prev]))) {
    seen.add(ranks[r]);
    r++;
  }
  if (r > prev) return r;
  // Out of order only by what the relation says, not by its domain ("genre" of a film after "the films of …").
  return ranks.some((w) => wordMatch(w, rel.words) >= 0.7) ? -1 : null;
}

interface Cues {
  wh: string;
  role: 'owner' | 'whose' | 'position';
  passiveQ: boolean;
  count: boolean;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cuesFor(question: string, anchor: QaMention & { start?: number; end?: number }): Cues {
  const lower = question.toLowerCase();
  const wh = (/\b(how many|how much|where|when|who|whom|whose|what|which)\b/.exec(lower)?.[1] ?? '').replace('whom', 'who');
  const start = anchor.start ?? Math.max(0, lower.indexOf(anchor.text.toLowerCase()));
  const end = anchor.end ?? start + anchor.text.length;
  let role: Cues['role'] = 'position';
  if (/^\s*['’]s?(?![\p{L}])/u.test(question.slice(end)) || /\bof\s+(?:the\s+)?$/i.test(question.slice(0, start))) role = 'owner';
  // "How many children does Alice have?", "Does Bob have a sister?": what the anchor has.
  else if (/\b(does|do|did|has|have)\s+$/i.test(question.slice(0, start)) && /^\s+(have|got)\b/i.test(question.slice(end))) role = 'owner';
  // "Which children do Ann and Bob have together?": either named owner.
  else if (/\b(does|do|did)\s+(?:[^?]*?\s+and\s+)?$/i.test(question.slice(0, start)) && /^(?:\s+and\s+[^?]*?)?\s+(have|got)\b/i.test(question.slice(end))) role = 'owner';
  else if (/\bwhose\b/.test(lower)) role = 'whose';
  const passiveQ = /\b(was|were|is|are|been|being)\b.*\b\w+(ed|en|wn)\s+by\b/.test(lower) || /\bby\s*\??\s*$/.test(lower);
  return { wh, role, passiveQ, count: /\bhow many\b/.test(lower) || /^\s*(what is |what's )?the number of\b/.test(lower) };
}

/**
 * Whether the question's grammar reads the first relation from the anchor forward (anchor = subject), or null.
 * An agent noun ("the founders of Apple", "the director of Inception") asks for the one who does the relation's verb.
 */
function prefersForward(cues: Cues, rel: Rel, anchorPos: number, relPos: number | null, agentWords: QWord[], question = ''): boolean | null {
  const voice = rel.words.passive ? 'passive' : rel.words.verb ? 'active' : 'noun';
  const agent = agentWords.find((q) => wordMatch(q.stem, rel.words) > 0);
  if (agent) {
    if (rel.words.agent.includes(agent.stem)) return false;
    if (voice === 'passive') return true;
    if (voice === 'active') return false;
  }
  if (cues.role === 'owner') return true;
  if (cues.role === 'whose') return false;
  if (relPos === null) return null;
  // A participle with its agent ("the companies owned by X") is passive without an auxiliary.
  const passiveQ = cues.passiveQ || /^[\p{L}-]+(?:ed|en|wn)\s+by\b/iu.test(question.slice(relPos));
  if (relPos > anchorPos) return (voice !== 'passive') !== passiveQ;
  return (voice === 'passive') !== passiveQ;
}

const PLACE = /city|country|place|location|region|state|town|address|continent|county|province|village/i;

/** Extra score from what the question's wh-word asks for. */
function whBonus(store: KgStore, cues: Cues, hop: Hop, pool: LiteralPool): number {
  const literal = hop.nodes.length > 0 && hop.nodes.every((n) => n < 0);
  const words = [...hop.rel.words.main, ...hop.rel.words.domain];
  if (cues.wh === 'when') {
    if (words.some((w) => /year|date|time|day|when|born|death|found/.test(w)) && literal) return 0.5;
    return literal ? 0.2 : -0.3;
  }
  if (cues.wh === 'where') {
    // Place-like relation words name the object end ("place of birth", "born in", "located in").
    const placeWords = hop.dir === 'f' && words.some((w) => /locat|place|city|country|live|headquart|region|state|address|origin|town|residen/.test(w));
    if (literal) return placeWords ? 0.3 : -0.5;
    const types = typeWords(store, hop.nodes);
    if ([...types].some((t) => PLACE.test(t)) || placeWords) return 0.3;
    return 0;
  }
  if (cues.wh === 'who') {
    if (literal) return -0.3;
    // "Who …" asks for people (or organisations), not the place a relation's object names.
    const placeObject = hop.dir === 'f' && words.some((w) => /^(place|locat|location|city|country|region|address)$/.test(w));
    return placeObject ? -0.3 : 0;
  }
  if (cues.wh === 'which') return literal ? -0.3 : 0;
  return 0;
}

function nodeInfo(store: KgStore, nodes: number[], pool: LiteralPool): Map<number, { key: string; label: string }> {
  const out = new Map<number, { key: string; label: string }>();
  for (const [id, e] of entitiesByIds(store.db, nodes.filter((n) => n > 0))) out.set(id, { key: e.key, label: e.label ?? displayName(e.key) });
  const lits = nodes.filter((n) => n < 0 && n > RULE_LIT).map((n) => -n);
  for (const [id, value] of literalValuesByIds(store.db, lits)) out.set(-id, { key: value, label: value });
  for (const n of nodes) if (n <= RULE_LIT) out.set(n, { key: pool.text.get(n) ?? '', label: pool.text.get(n) ?? '' });
  return out;
}

/** A Datalog-style name: plain identifiers as they are, anything else quoted. */
export function term(s: string): string {
  return /^[a-z][a-zA-Z0-9_]*$/.test(s) ? s : `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** What names a mention in a reading: its entity key, or a literal's value. */
function readingKey(m: QaMention): string | { literal: string } {
  return m.via === 'literal' ? { literal: m.label } : m.key;
}

/** A mention as a Datalog term: numbers bare, strings double-quoted, entities by key. */
function valueTerm(m: QaMention): string {
  const k = readingKey(m);
  if (typeof k === 'string') return term(k);
  return /^-?\d+(\.\d+)?$/.test(k.literal) ? k.literal : JSON.stringify(k.literal);
}

/** The chain as a query: `?- founded_by(apple, X1), born_in(X1, X).` */
export function chainReading(anchorKey: string | { literal: string }, hops: Array<{ key: string; dir: Dir }>, count = false, extra: string[] = []): string {
  let prev = typeof anchorKey === 'string' ? term(anchorKey) : /^-?\d+(\.\d+)?$/.test(anchorKey.literal) ? anchorKey.literal : JSON.stringify(anchorKey.literal);
  const atoms = hops.map((h, i) => {
    const v = i === hops.length - 1 ? 'X' : `X${i + 1}`;
    const atom = h.dir === 'f' ? `${term(h.key)}(${prev}, ${v})` : `${term(h.key)}(${v}, ${prev})`;
    prev = v;
    return atom;
  });
  return `${count ? 'count(X): ' : ''}?- ${[...atoms, ...extra].join(', ')}.`;
}

function describeHop(h: { rel: Rel; dir: Dir }): string {
  const r = h.rel.words.readable;
  return h.dir === 'f' ? r : `${r} (inverse)`;
}

/** Searches chains from every mention; the best reading, or null when none covers the question's words. */
function searchChains(store: KgStore, cat: Catalog, question: string, mentions: Array<QaMention & { start?: number; end?: number }>, pool: LiteralPool): { best: Chain | null; qwords: QWord[] } {
  const spans: Array<[number, number]> = mentions.map((m) => {
    const start = m.start ?? Math.max(0, question.toLowerCase().indexOf(m.text.toLowerCase()));
    return [start, m.end ?? start + m.text.length];
  });
  let best: Chain | null = null;
  let bestWords: QWord[] = [];
  const idOf = nodeIdOf(store);
  const distinct = mentions.filter((m, i) => mentions.findIndex((x) => x.key === m.key) === i);
  for (const anchor of distinct) {
    const anchorId = idOf.get(anchor) as number | undefined;
    if (anchorId === undefined) continue;
    const anchorSpan = spans[mentions.indexOf(anchor)];
    const anchorPos = anchorSpan[0];
    // Other mentions' words count as words to cover too: "film" or "Country" may be linked but mean a relation or type.
    const qwords = questionWords(question, spans.filter((_, i) => mentions[i].key === anchor.key));
    for (const o of distinct) {
      if (o === anchor) continue;
      const lowerCase = !/\p{Lu}/u.test(o.text[0]);
      const [a, b] = spans[mentions.indexOf(o)];
      for (const q of qwords) if (q.pos >= a && q.pos < b) q.weight = Math.min(q.weight, lowerCase ? 0.9 : 0.5);
    }
    // "What genres is X?": a type noun that is the question's only word is the relation asked for.
    if (!qwords.some((q) => !q.typeNoun && q.weight >= 0.9)) for (const q of qwords) if (q.typeNoun) q.weight = 1;
    const cues = cuesFor(question, anchor);
    const nouns = ofChainRanks(question, anchorSpan[0], anchorSpan[1]);
    const ranks = nouns.length > 1 ? nouns : [];
    // The noun right on the anchor ("the score of X", "X's aunt") names the first relation.
    const headNoun = nouns[0];
    const agents = qwords.filter((q) => q.agent);
    const agentStems = new Set(agents.map((q) => q.stem));
    const compoundCovered = (q: QWord, rel: Rel): boolean => qwords.filter((o) => o.group === q.group).length < 2 || qwords.every((o) => o.group !== q.group || wordMatch(o.stem, rel.words) > 0);
    // What the wh-word itself says: "where" a place, "when" a time.
    // "Which country is Smiljan in?" asks where, too.
    const whFromType = cues.wh !== 'where' && qwords.some((q) => q.typeNoun && PLACE.test(q.stem));
    if (whFromType) cues.wh = 'where';
    const implied = new Set(cues.wh === 'where' ? ['place', 'locat', 'location', 'city', 'country'] : cues.wh === 'when' ? ['year', 'date', 'time', 'day'] : []);
    // Words an of-chain names twice ("the parents of X's parents") take a hop each; other repeats are one word.
    // A relation word a question about one entity says twice, apart ("the companies owned by X own", "the people
    // who influenced X influenced"), is the same relation walked twice: its later occurrence is covered again by a
    // hop that repeats the previous hop's relation. With two entities named ("films starring X also starred Y") the
    // repeat is an intersection, not a chain.
    // The kind asked for, linked to an entity ("Which mining companies …"), is no second name.
    const kindAt = qwords.find((q) => q.typeNoun)?.pos;
    const named = distinct.filter((m) => spans[mentions.indexOf(m)][0] !== kindAt);
    const isRel = (q: QWord): boolean => named.length <= 1 && !q.typeNoun && q.weight >= 0.9;
    // "Which places contain the birthplaces of …", "Who founded the companies that …": the verb right after the
    // wh-phrase has the answer as its subject, so the hop that says it walks from its object back to its subject (a
    // tie-break between the two directions, not a gain over shorter readings).
    const subjVerb = /^\s*(?:(?:which|what)\s+[\p{L}-]+|who)\s+([\p{L}-]+)/iu.exec(question);
    const subjectVerbAt = subjVerb && !/^(is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|may|might)$/i.test(subjVerb[1]) ? subjVerb.index + subjVerb[0].length - subjVerb[1].length : -1;
    const subjectVerb = qwords.find((q) => q.pos === subjectVerbAt);
    // The verb and its agent noun joined by "by"/"of" ("films directed by the directors of …", "companies owned by
    // the owners of …") are apart too: that repeat walks the relation back, its inverse.
    // So are the possessed agent and the verb it does: "Which companies does X's owner also own?".
    const possessed = (o: QWord): boolean => o.pos > anchorSpan[1] && /^['’]s?\s+$/u.test(question.slice(anchorSpan[1], o.pos)) && /\b(does|do|did)\b/i.test(question.slice(0, anchorSpan[0]));
    const verbAndAgent = (o: QWord, q: QWord): boolean => o.agent !== q.agent && (/\b(by|of)\b/i.test(question.slice(o.pos + o.raw.length, q.pos)) || (o.agent && possessed(o)));
    // Apart means across the anchor or a relative clause ("… who …"), not within a relation's own name ("award
    // nominee award nominations").
    const apart = (o: QWord, q: QWord): boolean => (anchorPos > o.pos && anchorPos < q.pos) || /\b(who|whom|that|which|whose)\b/i.test(question.slice(o.pos + o.raw.length, q.pos)) || verbAndAgent(o, q);
    const earlier = (q: QWord, i: number): QWord[] => qwords.filter((o, j) => j < i && isRel(o) && o.stem === q.stem && apart(o, q));
    const again = new Set(qwords.map((q, i) => (isRel(q) && earlier(q, i).length ? i : -1)).filter((i) => i >= 0));
    // So is a verb said first with the answer as its subject: "What else treats the diseases that X treats?".
    const againInverse = new Set([...again].filter((i) => earlier(qwords[i], i).some((o) => verbAndAgent(o, qwords[i]) || o.pos === subjectVerbAt)));
    // A hop that said both ends of its relation at once ("the films made by the director of X": films and director)
    // may be walked back: the earlier word (the films) is then said of what the hop reached. Its index, or -1.
    // Two noun phrases, not one ("the film director", "the film Inception", a relation's own name "state province
    // region headquarters" read as one hop): a function word between them, the earlier one not right before the name.
    const beforeAnchor = (q: QWord): boolean => /^\s*$/.test(question.slice(q.pos + q.raw.length, anchorPos));
    const backPair = (c: Chain, rel: Rel): number => {
      // Once there and back: a hop that walked back is not walked back again.
      const n = c.hops.length;
      if (n >= 2 && c.hops[n - 1].rel.id === c.hops[n - 2].rel.id && c.hops[n - 1].dir !== c.hops[n - 2].dir) return -1;
      const raised = (c.lastRaised ?? []).filter((i) => !qwords[i].typeNoun && wordMatch(qwords[i].stem, rel.words) > 0);
      for (const i of raised) {
        for (const j of raised) {
          const between = question.slice(qwords[i].pos + qwords[i].raw.length, qwords[j].pos);
          if (i < j && !qwords[i].agent && qwords[j].agent && /\b(the|a|an|of|by|did|does|do|that|which|who|whose|for|in|from|with)\b/i.test(between) && !beforeAnchor(qwords[i])) return i;
        }
      }
      return -1;
    };
    const repeated = new Set(ranks.filter((w, i) => ranks.indexOf(w) !== i));
    const trailing = (c: Chain, rel: Rel): number => {
      let n = 0;
      while (n < c.hops.length && c.hops[c.hops.length - 1 - n].rel.id === rel.id) n++;
      return n;
    };
    const relPos = (rel: Rel): number | null => {
      const hit = qwords.filter((q) => wordMatch(q.stem, rel.words) > 0).map((q) => q.pos);
      return hit.length ? Math.min(...hit) : null;
    };
    let beam: Chain[] = [{ anchor, anchorId, hops: [], covered: new Map(), rank: 0, score: 0, filters: [] }];
    const finished: Chain[] = [];
    for (let depth = 0; depth < 3 && beam.length; depth++) {
      const next: Chain[] = [];
      for (const chain of beam) {
        const from = depth === 0 ? [anchorId] : chain.hops[depth - 1].nodes;
        if (!from.some((n) => n > 0 || (depth === 0 && n > RULE_LIT))) continue;
        // Score every relation the frontier has by its words first; walk only the most promising ones.
        const candidates: Array<{ rel: Rel; dir: Dir; rank: number; gain: number; covered: Map<number, number>; raised: Set<number>; prior: number; typeWanted: boolean; typeOnly: boolean }> = [];
        for (const { rel, dir } of incident(store, cat, from)) {
          const last = chain.hops[depth - 1];
          // Walking straight back is another question, unless it says the relation twice as verb and agent.
          const back = last && last.rel.id === rel.id && last.dir !== dir ? backPair(chain, rel) : -1;
          if (last && last.rel.id === rel.id && last.dir !== dir && back < 0 && ![...againInverse].some((i) => wordMatch(qwords[i].stem, rel.words) > 0)) continue;
          let rank = chain.rank;
          if (ranks.length) {
            // Nouns of an of-chain are walked from the anchor outward, each read from its owner.
            const r = consume(rel, ranks, chain.rank, agentStems);
            if (r === -1) continue;
            if (r !== null) {
              if (!rel.words.verb && (dir === 'f') === rel.words.passive && !agents.some((q) => wordMatch(q.stem, rel.words) > 0)) continue;
              rank = r;
            }
          }
          // Each word is covered once per hop: "the parents of X's parents" needs two hops.
          let gain = 0;
          const covered = new Map(chain.covered);
          const seen = new Set<string>();
          // Words this hop says (a word said again by a hop that walks back counts, though its coverage stays).
          const raised = new Set<number>();
          qwords.forEach((q, i) => {
            if (seen.has(q.stem) && repeated.has(q.stem)) return;
            if (!compoundCovered(q, rel)) return;
            // "In which countries …": a located-in relation leads to the larger place asked for.
            const bridge = q.typeNoun && /^(country|state|region|continent|nation|province|county)$/.test(q.stem) && dir === 'f' && rel.words.main.some((w) => /^(locat|part|within)/.test(w)) ? 0.9 : 0;
            const m = Math.max(wordMatch(q.stem, rel.words), bridge) * q.weight;
            const had = i === back || (again.has(i) && last?.rel.id === rel.id && (last.dir === dir || againInverse.has(i)) && trailing(chain, rel) < qwords.filter((o) => o.stem === q.stem).length) ? 0 : (covered.get(i) ?? 0);
            if (m > had) {
              seen.add(q.stem);
              raised.add(i);
              gain += m - had;
              covered.set(i, m);
            }
          });
          const unmatchedMain = rel.words.main.filter((w) => !qwords.some((q) => q.stem === w) && !implied.has(w)).length;
          // A rule pack's relation names are exact vocabulary: "father" is not "father-in-law".
          if (rel.kind === 'rule' && unmatchedMain > 0) continue;
          // Relations that cover nothing are walked only when they may reach the type the question asks for.
          const typeWanted = cat.typed && qwords.some((q, i) => (covered.get(i) ?? 0) < 0.9 * q.weight);
          if (gain <= 0.05 && !typeWanted) continue;
          let prior = chain.score + gain - HOP_COST - Math.min(0.4, 0.2 * unmatchedMain) + (gain <= 0.05 ? -0.2 : 0);
          if (depth > 0 && rel.words.verb && !rel.words.passive && subjectVerb && qwords.some((q, i) => q.stem === subjectVerb.stem && (covered.get(i) ?? 0) > (chain.covered.get(i) ?? 0))) prior += dir === 'b' ? 0.05 : 0;
          if (depth === 0) {
            const pref = prefersForward(cues, rel, anchorPos, relPos(rel), agents, question);
            if (pref !== null && pref === (dir === 'f')) prior += 0.3;
            if (headNoun && wordMatch(headNoun, rel.words) >= 0.6) prior += 0.1;
            // "the founders of X": a relation whose subject is that agent ("organization founder") says it exactly.
            if (agents.some((q) => rel.words.agent.includes(q.stem)) && dir === 'b') prior += 0.2;
            // "the mother of X", "X's aunt": a rule pack's kinship-style noun read the other way round is another question.
            if (pref !== null && pref !== (dir === 'f') && rel.kind === 'rule' && !rel.words.verb && (cues.role === 'owner' || cues.role === 'whose')) continue;
          }
          const typeOnly = !qwords.some((q, i) => !q.typeNoun && raised.has(i));
          candidates.push({ rel, dir, rank, gain, covered, raised, prior, typeWanted, typeOnly });
        }
        candidates.sort((x, y) => y.prior - x.prior);
        let walked = 0;
        const top = candidates[0]?.prior ?? 0;
        for (const c of candidates) {
          // The most promising relations only: a walk costs a query over the frontier.
          if (walked >= (depth === 0 ? 12 : 10) || (depth > 0 && c.prior < top - 1.3)) break;
          walked++;
          const hop = follow(store, cat, c.rel, c.dir, from, pool);
          if (!hop.nodes.length) continue;
          // A hop taken only to reach the kind asked for ("… countries") must apply to most of what it starts from
          // (cities → their country), not pick out a few ("countries bordering X" are countries already).
          if (c.typeOnly && depth > 0) {
            // Its word names the object end: walked backward it leads away from that kind.
            if (c.dir === 'b' && !cat.typed) continue;
            if (hop.starts * 2 < Math.min(from.length, 400)) continue;
          }
          let typeGain = 0;
          if (c.typeWanted) {
            const types = typeWords(store, hop.nodes);
            qwords.forEach((q, i) => {
              const v = 0.9 * (q.typeNoun ? 1 : q.weight);
              if (types.has(q.stem) && (c.covered.get(i) ?? 0) < v) {
                typeGain += v - (c.covered.get(i) ?? 0);
                c.covered.set(i, v);
              }
            });
          }
          if (c.gain + typeGain <= 0.05) continue;
          const lastRaised = qwords.map((_, i) => i).filter((i) => c.raised.has(i) || (c.covered.get(i) ?? 0) > (chain.covered.get(i) ?? 0));
          next.push({ anchor, anchorId, hops: [...chain.hops, hop], covered: c.covered, rank: c.rank, score: c.prior + typeGain, filters: [], typeOnly: c.typeOnly, lastRaised });
        }
      }
      next.sort((a, b) => b.score - a.score);
      beam = next.slice(0, BEAM);
      finished.push(...beam);
    }
    // Other named entities may filter the answers through a relation the question names.
    const others = distinct.filter((o) => o !== anchor);
    // "Which films directed by Clint Eastwood did he also act in?": a pronoun after the only name is that name again.
    if (distinct.length === 1 && /\b(he|she|they|him|her|them|it)\b/i.test(question.slice(anchorSpan[1]))) others.push(anchor);
    if (others.length) {
      for (const c of [...finished].sort((a, b) => b.score - a.score).slice(0, 2 * BEAM)) {
        for (const o of others) {
          const [a, b] = spans[mentions.indexOf(o)];
          if (qwords.some((q, i) => q.pos >= a && q.pos < b && (c.covered.get(i) ?? 0) > 0)) continue;
          const f = filterBy(store, cat, c, o, qwords, idOf);
          if (f) finished.push(f);
        }
      }
    }
    for (const c of finished) {
      // A reading that leaves a noun of the of-chain out answers another question.
      if (ranks.length && c.rank < ranks.length) continue;
      // So does one that leads back to the entity asked about, and only there.
      if ((c.final ?? c.hops[c.hops.length - 1].nodes).every((n) => n === c.anchorId)) continue;
      // The kind asked for ("which team …") describes the answers: a chain that covers it before its last hop has
      // walked past it.
      const lastHop = c.hops[c.hops.length - 1];
      const movedPast = qwords.some((q, i) => q.typeNoun && (c.covered.get(i) ?? 0) > 0 && !(c.lastRaised ?? []).includes(i) && wordMatch(q.stem, lastHop.rel.words) === 0 && !typeWords(store, lastHop.nodes).has(q.stem));
      const pastPenalty = movedPast && c.hops.length > 1 ? 0.3 : 0;
      // A last hop taken only for the type noun ("which places …") earns no "where" bonus of its own.
      const bonus = whFromType ? 0 : whBonus(store, cues, c.hops[c.hops.length - 1], pool);
      // "Which team does X play for?": when the kind asked for is all a one-hop reading covers, it is the relation.
      const onlyType = c.hops.length === 1 && qwords.some((q, i) => q.typeNoun && (c.covered.get(i) ?? 0) > 0) && !qwords.some((q, i) => !q.typeNoun && (c.covered.get(i) ?? 0) > 0);
      const total = c.score + bonus - pastPenalty + (onlyType ? 0.3 : 0);
      if (process.env.RELATA_QA_DEBUG) console.error(`${anchor.key} ${c.hops.map(describeHop).join(' / ')} ${total.toFixed(2)}`);
      if (!best || total > best.score + 1e-9 || (total > best.score - 1e-9 && broaderRole(c, best))) {
        best = { ...c, score: total };
        bestWords = qwords;
      }
    }
  }
  return { best, qwords: bestWords };
}

/**
 * Between two chains that cover the question equally, the one whose first differing hop reaches more: "Spielberg's
 * films" are the films he directed, "Tom Hanks's films" those he acted in — the role an entity has most.
 */
function broaderRole(c: Chain, than: Chain): boolean {
  for (let i = 0; i < Math.min(c.hops.length, than.hops.length); i++) {
    const [a, b] = [c.hops[i], than.hops[i]];
    if (a.rel.id === b.rel.id && a.dir === b.dir) continue;
    // Only between roles: relations that say the same thing of different agents (actor's film, director's film).
    const roles = a.rel.id !== b.rel.id && a.dir === b.dir && a.rel.words.agent.length > 0 && b.rel.words.agent.length > 0 && a.rel.words.agent.join() !== b.rel.words.agent.join();
    return roles && a.nodes.length > b.nodes.length;
  }
  return false;
}

/** The chain's answers kept when linked to another named entity by the relation that best covers the words left. */
function filterBy(store: KgStore, cat: Catalog, c: Chain, other: QaMention, qwords: QWord[], idOf: { get: (m: QaMention) => number | undefined }): Chain | null {
  const otherId = idOf.get(other) as number | undefined;
  if (otherId === undefined) return null;
  const finals = c.hops[c.hops.length - 1].nodes.filter((n) => n > 0).slice(0, MAX_SET);
  if (!finals.length) return null;
  const groups = new Map<string, { rel: Rel; dir: Dir; nodes: Set<number> }>();
  const add = (rel: Rel, dir: Dir, x: number): void => {
    const k = `${rel.id} ${dir}`;
    (groups.get(k) ?? groups.set(k, { rel, dir, nodes: new Set() }).get(k)!).nodes.add(x);
  };
  for (const r of linksBetween(store.db, otherId, finals)) {
    const rel = cat.byPred.get(r.p);
    if (!rel || cat.shadowed.has(r.p) || NAMING.test(rel.key)) continue;
    if (r.s === otherId) add(rel, 'b', r.o);
    else add(rel, 'f', r.s);
  }
  if (cat.rules.length) {
    const keys = keysOf(store, finals);
    const ids = finals.filter((id) => keyCache.get(store)!.has(id));
    for (const r of cat.rules) {
      const rr = r.rule!;
      const vb = symOf(rr.engine, other.key);
      if (vb < 0) continue;
      const objs = new Set(rr.forward.get(vb) ?? []);
      const subs = new Set(rr.backward.get(vb) ?? []);
      keys.forEach((k, i) => {
        const v = symOf(rr.engine, k);
        if (objs.has(v)) add(r, 'b', ids[i]);
        if (subs.has(v)) add(r, 'f', ids[i]);
      });
    }
  }
  let best: Chain | null = null;
  for (const g of groups.values()) {
    let gain = 0;
    const covered = new Map(c.covered);
    qwords.forEach((q, i) => {
      const m = wordMatch(q.stem, g.rel.words) * q.weight;
      if (m > (covered.get(i) ?? 0)) {
        gain += m - (covered.get(i) ?? 0);
        covered.set(i, m);
      }
    });
    if (gain <= 0.05) continue;
    const score = c.score + gain - HOP_COST + 0.5;
    if (!best || score > best.score) {
      best = { ...c, covered, score, filters: [...c.filters, { rel: g.rel, dir: g.dir, other, otherId }], final: finals.filter((n) => g.nodes.has(n)) };
    }
  }
  return best;
}

/** Node ids of mentions: an entity's id, or -(literal id) for a literal value the question names. */
function nodeIdOf(store: KgStore): { get: (m: QaMention) => number | undefined } {
  return { get: (m) => (m.via === 'literal' ? -Number(m.key.slice(m.key.indexOf(':') + 1)) : entityIdByKey(store.db, m.key)) };
}

/** Numbers and quoted strings of the question that are literal values in the KG ("released in 1994", "rated 'PG'"). */
function literalMentions(store: KgStore, question: string, linked: Array<QaMention & { start?: number; end?: number }>): Array<QaMention & { start: number; end: number }> {
  const out: Array<QaMention & { start: number; end: number }> = [];
  for (const m of question.matchAll(/"([^"]+)"|'([^']{2,})'|\b(\d+(?:\.\d+)?)\b/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (linked.some((l) => l.start !== undefined && l.end !== undefined && start < l.end && end > l.start)) continue;
    const value = m[1] ?? m[2] ?? m[3];
    const rows = literalsByValue(store.db, value);
    if (!rows.length) continue;
    out.push({ text: m[0], key: `literal:${rows[0].id}`, label: rows[0].value, type: null, via: 'literal', alternatives: [], start, end });
  }
  return out;
}

/** Traces one path from the anchor to a reached node, last hop first. */
function trace(chain: Chain, node: number): Array<{ hop: Hop; from: number; to: number; triple: number | null }> {
  const out: Array<{ hop: Hop; from: number; to: number; triple: number | null }> = [];
  let cur = node;
  for (let i = chain.hops.length - 1; i >= 0; i--) {
    const b = chain.hops[i].back.get(cur);
    if (!b) break;
    out.unshift({ hop: chain.hops[i], from: b.from, to: cur, triple: b.triple });
    cur = b.from;
  }
  return out;
}

function proofLeaves(node: KgProofNode, out: number[] = []): number[] {
  if (node.triple) out.push(node.triple.id);
  for (const p of node.premises ?? []) proofLeaves(p, out);
  return out;
}

/**
 * Answers relation look-ups and chains of up to three relations ("Who is Charlie's aunt?", "Which films did Nolan
 * direct?", "In which countries were the founders of Apple born?", "How many …"); null when no chain reads it.
 */
export function answerChain(store: KgStore, question: string, linked: Array<QaMention & { start?: number; end?: number }>): ChainAnswer | null {
  const mentions = [...linked, ...literalMentions(store, question, linked)].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  if (!mentions.length) return null;
  const cat = catalogOf(store);
  const pool = new LiteralPool();
  const { best, qwords } = searchChains(store, cat, question, mentions, pool);
  if (!best || best.score < 0.45) return null;
  const cues = cuesFor(question, best.anchor);
  let finalNodes = best.final ?? best.hops[best.hops.length - 1].nodes;
  const extraAtoms: string[] = best.filters.map((f) => (f.dir === 'f' ? `${term(f.rel.key)}(X, ${valueTerm(f.other)})` : `${term(f.rel.key)}(${valueTerm(f.other)}, X)`));
  const steps: string[] = best.filters.map((f) => `Kept the answers linked to ${f.other.label} by ${f.rel.words.readable}.`);
  // Other named entities the chain did not use constrain the answer: "Which diseases present fever and cough?"
  const used = new Set([best.anchor.key, ...best.filters.map((f) => f.other.key)]);
  for (const other of mentions) {
    if (used.has(other.key)) continue;
    used.add(other.key);
    const oStart = other.start ?? Math.max(0, question.toLowerCase().indexOf(other.text.toLowerCase()));
    const oEnd = other.end ?? oStart + other.text.length;
    if (qwords.some((q, i) => q.pos >= oStart && q.pos < oEnd && (best.covered.get(i) ?? 0) > 0)) continue;
    const id = nodeIdOf(store).get(other);
    if (id === undefined) continue;
    let nodes = [id];
    for (const h of best.hops) nodes = follow(store, cat, h.rel, h.dir, nodes, pool).nodes;
    const set = new Set(nodes);
    const both = finalNodes.filter((n) => set.has(n));
    const conj = new RegExp(`\\b(and|both|also)\\b[^?]*${escapeRe(other.text)}|${escapeRe(other.text)}[^?]*\\b(and|both)\\b`, 'i').test(question);
    // "both", "also", "together" or two names joined by "and" ask for the intersection even when it is empty.
    const pair = new RegExp(`${escapeRe(best.anchor.text)}\\s*(,|and|&)\\s*${escapeRe(other.text)}|${escapeRe(other.text)}\\s*(,|and|&)\\s*${escapeRe(best.anchor.text)}`, 'i').test(question);
    const strong = conj && (/\b(both|also|together|too)\b/i.test(question) || pair);
    if (both.length || (conj && nodes.length) || strong) {
      finalNodes = both;
      extraAtoms.push(chainReading(readingKey(other), best.hops.map((h) => ({ key: h.rel.key, dir: h.dir }))).slice(3, -1));
      steps.push(`Also required: the same chain from ${other.label}.`);
    }
  }
  const nameSpans = mentions.filter((m) => /^[\p{Lu}\p{N}]/u.test(m.text) && m.start !== undefined).map((m) => [m.start!, m.end ?? m.start! + m.text.length] as [number, number]);
  const kind = namedKind(store, cat, question, qwords, best, finalNodes, nameSpans);
  if (kind) {
    finalNodes = kind.kept;
    extraAtoms.push(kind.atom);
    steps.push(kind.step);
  }
  const reading = chainReading(readingKey(best.anchor), best.hops.map((h) => ({ key: h.rel.key, dir: h.dir })), cues.count, extraAtoms);
  const info = nodeInfo(store, finalNodes, pool);
  const last = best.hops[best.hops.length - 1];
  const packs = [...new Set([...best.hops.map((h) => h.rel.rule?.pack), ...best.filters.map((f) => f.rel.rule?.pack)].filter((p): p is string => !!p))];
  const query = { text: reading.replace(/^count\(X\): /, '').replace(/^\?- /, '').replace(/\.$/, ''), packs };
  const scored = finalNodes
    .filter((n) => info.has(n) && n !== best.anchorId && info.get(n)!.label.trim() !== '')
    .map((n) => {
      const path = trace(best, n);
      const score = path.reduce((acc, p) => acc * (p.hop.back.get(p.to)?.confidence ?? 1), 1);
      return { node: n, ...info.get(n)!, score };
    })
    .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label));
  const typeKept = keepAskedType(store, cat, question, qwords, scored);
  if (typeKept.length < scored.length) {
    steps.push(`Kept the ${typeKept.length} answers of the type the question asks for (${typeKept[0] ? entityType(store, typeKept[0].node) : ''}), of ${scored.length}.`);
    scored.splice(0, scored.length, ...typeKept);
  }
  const chainText = [best.anchor.label, ...best.hops.map(describeHop)].join(' → ');
  steps.unshift(`Linked "${best.anchor.text}" to ${best.anchor.label}; read the question as ${chainText}: ${reading}`);
  const ruleHop = best.hops.find((h) => h.rel.kind === 'rule');
  if (ruleHop) steps.push(`${ruleHop.rel.key} is derived by the ${ruleHop.rel.rule!.pack} rule pack (with the facts the KG stores).`);
  if (!scored.length) {
    return {
      answered: true,
      answer: `None: the KG${ruleHop ? ' and its rules give' : ' gives'} no answer to ${reading}`,
      steps,
      facts: [],
      citations: [],
      answers: cues.count ? [{ key: '0', label: '0', score: 1 }] : [],
      reading,
      query,
      ...(cues.count ? { counted: [] } : {}),
    };
  }
  // Facts: one path per answer (the first 12), with rule proofs down to stored triples.
  const facts: QaFact[] = [];
  const citations: string[] = [];
  const addTriple = (id: number): void => {
    if (facts.some((f) => f.tripleId === id)) return;
    const t = getTriple(store, id);
    if (!t) return;
    const f = factFromTriple(t);
    facts.push(f);
    citations.push(f.id);
  };
  let derivedN = 0;
  for (const a of scored.slice(0, 12)) {
    for (const p of trace(best, a.node)) {
      if (p.triple !== null) addTriple(p.triple);
      else if (p.hop.rel.rule && p.from > 0 && p.to > 0) {
        const [fk, tk] = keysOf(store, [p.from, p.to]);
        const [s, o] = p.hop.dir === 'f' ? [fk, tk] : [tk, fk];
        const proof = proofOf(store, p.hop.rel.rule, s, o);
        if (!proof) continue;
        const labels = nodeInfo(store, p.hop.dir === 'f' ? [p.from, p.to] : [p.to, p.from], pool);
        const sl = labels.get(p.hop.dir === 'f' ? p.from : p.to)!;
        const ol = labels.get(p.hop.dir === 'f' ? p.to : p.from)!;
        const id = `D${++derivedN}`;
        const relation = p.hop.rel.key.replace(/_/g, '-');
        facts.push({
          id,
          kind: proof.base === 'source' ? 'stored' : 'derived',
          subject: { key: sl.key, label: sl.label },
          predicate: { key: p.hop.rel.key, label: relation },
          object: { key: ol.key, label: ol.label },
          text: `${ol.label} is ${sl.label}'s ${relation}`,
          confidence: 1,
          tripleId: null,
          provenance: { kind: 'rule', source: p.hop.rel.rule.pack, line: null },
          proof,
        });
        citations.push(id);
        for (const leaf of proofLeaves(proof)) addTriple(leaf);
      }
    }
  }
  const answers: QaAnswer[] = scored.map((a) => ({ key: a.key, label: a.label, score: Math.round(a.score * 1000) / 1000 }));
  // The facts the answers rest on, each a step with its citation (the first 12).
  for (const f of facts.slice(0, 12)) steps.push(`${f.text} [${f.id}]${f.kind === 'derived' ? `, derived by the ${f.provenance?.source ?? ''} rules` : ''}.`);
  if (facts.length > 12) steps.push(`… and ${facts.length - 12} more facts (see the list).`);
  if (cues.count) {
    const n = answers.length;
    steps.push(`Counted ${n}: ${answers.slice(0, 20).map((a) => a.label).join(', ')}${n > 20 ? ', …' : ''}.`);
    return { answered: true, answer: `${n}.`, steps, facts, citations, answers: [{ key: String(n), label: String(n), score: 1 }], reading, query, counted: answers };
  }
  let text = answers.slice(0, 30).map((a) => a.label).join(', ') + (answers.length > 30 ? `, … (${answers.length} in all)` : '');
  if (cues.wh === 'where' && answers.length === 1 && scored[0].node > 0) {
    const within = placeLinkOf(store.db, scored[0].node);
    if (within && !last.rel.words.main.includes('locat')) {
      text += `, ${within.label}`;
      addTriple(within.id);
      const f = facts[facts.length - 1];
      steps.push(`${f.text} [${f.id}].`);
    }
  }
  return { answered: true, answer: /[.!?]$/.test(text) ? text : `${text}.`, steps, facts, citations, answers, reading, query };
}

/** Kind words too general to name an entity that answers could be linked to. */
const GENERIC_KIND = /^(person|place|thing|entity|item|object|one|something|other|kind|type|sort|name|value|number|many|much)$/;

/**
 * "Which actors were born in Los Angeles?", "Which comedy films did Jim Carrey star in?", "Which of the films that
 * Tom Hanks starred in are comedies?": a kind the chain's relations do not say is often an entity of the KG (the
 * profession Actor, the genre Comedy, the gender female). The answers kept are those linked to the entity so named
 * (the shortest name with that word, linked to the most answers) by the relation most of them share with it.
 */
function namedKind(store: KgStore, cat: Catalog, question: string, qwords: QWord[], best: Chain, nodes: number[], nameSpans: Array<[number, number]>): { kept: number[]; atom: string; step: string } | null {
  const ents = nodes.filter((n) => n > 0).slice(0, MAX_SET);
  if (ents.length < 2) return null;
  // The word after which/what/how many ("which actors", "which comedy films"), or a closing "… are comedies?".
  const closing = /\b(?:are|is|were|was)\s+(?:all\s+)?(?:an?\s+)?([\p{L}-]+)\s*\?*\s*$/iu.exec(question);
  const words = qwords.filter((q, i) => {
    // A word right before a noun the chain says ("Charlie's female cousins", "Tom Hanks's comedy films") too.
    const next = qwords.find((o) => o.pos > q.pos);
    const modifier = !!next && next.group !== q.group && /^\s+$/.test(question.slice(q.pos + q.raw.length, next.pos)) && (best.covered.get(qwords.indexOf(next)) ?? 0) >= 0.5;
    const asKind = q.typeNoun || modifier || (closing !== null && q.pos === closing.index + closing[0].lastIndexOf(closing[1]));
    // Words of a name ("George Clooney") are no kind.
    const inName = nameSpans.some(([a, b]) => q.pos >= a && q.pos < b);
    return asKind && !inName && !GENERIC_KIND.test(q.stem) && (best.covered.get(i) ?? 0) < 0.5 && !(best.anchor.text.toLowerCase().split(/\s+/).includes(q.raw.toLowerCase()));
  });
  for (const q of words) {
    let chosen: { e: { id: number; key: string; label: string; nameWords: number }; rel: Rel; dir: Dir; kept: Set<number> } | null = null;
    // The word itself, or with one more word ("Actor-GB", "Film director", "Romantic comedy"), not a longer name it occurs in.
    for (const e of entitiesNamedByWord(store, q.raw)) {
      if (e.nameWords > 2 || (chosen && e.nameWords > chosen.e.nameWords)) break;
      const groups = new Map<string, { rel: Rel; dir: Dir; kept: Set<number> }>();
      for (const r of linksBetween(store.db, e.id, ents)) {
        const rel = cat.byPred.get(r.p);
        // A kind is what the answers are said to have (their profession, genre, gender), the object of the link.
        if (!rel || NAMING.test(rel.key) || r.o !== e.id) continue;
        const dir: Dir = 'f';
        const k = `${rel.id} ${dir}`;
        (groups.get(k) ?? groups.set(k, { rel, dir, kept: new Set() }).get(k)!).kept.add(dir === 'f' ? r.s : r.o);
      }
      for (const g of groups.values()) {
        if (chosen && g.kept.size <= chosen.kept.size) continue;
        // A kind has members beyond the answers it keeps (Comedy is the genre of other films too).
        if (walkPredicate(store.db, g.rel.predId, 'o', [e.id], g.kept.size + 1, cat.modelSources).length <= g.kept.size) continue;
        chosen = { e, ...g };
      }
    }
    if (!chosen) continue;
    const kept = nodes.filter((n) => chosen.kept.has(n));
    const atom = chosen.dir === 'f' ? `${term(chosen.rel.key)}(X, ${term(chosen.e.key)})` : `${term(chosen.rel.key)}(${term(chosen.e.key)}, X)`;
    return { kept, atom, step: `Kept the ${kept.length} answers linked to ${chosen.e.label} by ${chosen.rel.words.readable} ("${q.raw}" names it), of ${ents.length}.` };
  }
  return null;
}

function entityType(store: KgStore, node: number): string {
  const t = node > 0 ? entitiesByIds(store.db, [node]).get(node)?.type : null;
  return t ? displayName(t) : '';
}

/**
 * "Which people were born in Paris?": where entities carry types and some answers are of the kind the question's
 * type noun names and some are not, only those of that kind (the type's words or synonyms cover the noun).
 */
function keepAskedType<T extends { node: number }>(store: KgStore, cat: Catalog, question: string, qwords: QWord[], scored: T[]): T[] {
  const noun = qwords.find((q) => q.typeNoun);
  if (!cat.typed || !noun || scored.length < 2) return scored;
  const types = entitiesByIds(store.db, scored.map((a) => a.node).filter((n) => n > 0).slice(0, MAX_SET));
  const fits = (a: T): boolean => {
    const t = types.get(a.node)?.type;
    return !!t && contentWords(displayName(t)).includes(noun.stem);
  };
  const kept = scored.filter(fits);
  return kept.length && kept.length < scored.length ? kept : scored;
}

/** Close readings to offer when a question was not understood: relations the anchor has, nearest in words first. */
export function suggestReadings(store: KgStore, question: string, mentions: QaMention[], limit = 3): string[] {
  if (!mentions.length) return [];
  const cat = catalogOf(store);
  const anchor = mentions[0];
  const id = entityIdByKey(store.db, anchor.key);
  if (id === undefined) return [];
  const qs = contentWords(question).filter((w) => !contentWords(mentions.map((m) => m.text).join(' ')).includes(w));
  const scored = incident(store, cat, [id]).map(({ rel, dir }) => {
    let s = 0;
    for (const q of qs) {
      for (const w of [...rel.words.main, ...rel.words.domain]) {
        const d = editDistance(q, w, 3);
        if (d <= 3) s = Math.max(s, 1 - d / Math.max(q.length, w.length));
        if (w.startsWith(q.slice(0, 3)) && q.length >= 3) s = Math.max(s, 0.4);
      }
    }
    return { rel, dir, s: s + (rel.kind === 'rule' ? 0.05 : 0) };
  });
  scored.sort((a, b) => b.s - a.s || Number(a.rel.key.includes('://')) - Number(b.rel.key.includes('://')) || a.rel.key.localeCompare(b.rel.key));
  return scored.slice(0, limit).map((x) => chainReading(anchor.key, [{ key: x.rel.key, dir: x.dir }]).slice(3, -1));
}

/**
 * The reading of a question whose chain has no answer in this KG: the relation(s) whose words best cover it, any
 * subject ("Who are Diana's grandchildren?" → `grandchild(diana, X)`; "the father of the husband of Alice" →
 * `husband(alice, X1), father(X1, X)`); null when no relation covers its words well.
 */
export function bestGlobalReading(store: KgStore, question: string, mentions: Array<QaMention & { start?: number; end?: number }>): { reading: string; readable: string } | null {
  if (!mentions.length) return null;
  const cat = catalogOf(store);
  const anchor = mentions[0];
  const start = anchor.start ?? Math.max(0, question.toLowerCase().indexOf(anchor.text.toLowerCase()));
  const ranks = ofChainRanks(question, start, start + anchor.text.length);
  const skip = new Set(contentWords(mentions.map((m) => m.text).join(' ')));
  const qs = contentWords(question).filter((w) => !skip.has(w));
  const bestFor = (words: string[]): { rel: Rel; s: number } | null => {
    let best: { rel: Rel; s: number } | null = null;
    for (const rel of cat.all) {
      let s = 0;
      for (const q of words) s += rel.words.main.includes(q) || rel.words.agent.includes(q) ? 1 : 0;
      const unmatched = rel.words.main.filter((w) => !qs.includes(w)).length;
      if (rel.kind === 'rule' && unmatched) continue;
      s -= 0.2 * unmatched;
      if (!best || s > best.s || (s === best.s && rel.kind === 'rule')) best = { rel, s };
    }
    return best && best.s >= 0.8 ? best : null;
  };
  if (ranks.length > 1) {
    const hops: Array<{ key: string; dir: Dir }> = [];
    const names: string[] = [];
    for (const w of ranks) {
      const b = bestFor([w]);
      if (!b) return null;
      hops.push({ key: b.rel.key, dir: b.rel.words.verb && !b.rel.words.passive ? 'b' : 'f' });
      names.push(b.rel.words.readable);
    }
    return { reading: chainReading(anchor.key, hops), readable: names.reverse().join(' of the ') };
  }
  const b = bestFor(qs);
  if (!b) return null;
  return { reading: chainReading(anchor.key, [{ key: b.rel.key, dir: 'f' }]), readable: b.rel.words.readable };
}

export { stemWord };

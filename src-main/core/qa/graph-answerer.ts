import type { AskResult, QaFact, QaMention } from '../../contract/types.js';
import { shortestPaths } from '../paths/shortest-paths.js';
import { relateEntities, type RelateResult } from '../reasoning/relate.js';
import { loadRules } from '../reasoning/rule-packs.js';
import type { KgProofNode } from '../reasoning/kg-reasoning.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { getTriple } from '../store/kg-queries.js';
import { factFromTriple, objectText } from './retrieve-facts.js';
import { premisesOf, type Premise } from './premises.js';
import { contentStems, stem, words } from './text-tokens.js';

export interface GraphAnswer {
  answered: boolean;
  answer: string;
  steps: string[];
  /** Facts the answer rests on (added to the retrieved ones). */
  facts: QaFact[];
  citations: string[];
}

const PLACE_TYPES = /city|country|place|location|address|region|state|town/i;
const LOCATION_PREDICATES = /located|country|part_of|in$/i;

/** Stored triples at the leaves of a rule proof: what a derived relation rests on. */
function proofLeaves(node: KgProofNode, out: number[] = []): number[] {
  if (node.triple) out.push(node.triple.id);
  for (const p of node.premises ?? []) proofLeaves(p, out);
  return out;
}

/** "Alice is Charlie's aunt": what b is to a, from the kinship rule pack, over the KG or the question's premises. */
function answerRelation(store: KgStore, a: QaMention, b: QaMention, premises: Premise[]): GraphAnswer | null {
  const rules = loadRules(['kinship']);
  const steps: string[] = [];
  let result: RelateResult;
  let scratch: KgStore | null = null;
  try {
    if (premises.length) {
      // The question states its own facts: reason over them alone, as a logician would.
      scratch = KgStore.open(':memory:');
      const s = scratch;
      s.db.transaction(() => {
        const w = new TripleWriter(s, { kind: 'user', name: 'question premises' });
        for (const p of premises) w.add(w.entity(p.subject.toLowerCase(), p.subject), w.predicate(p.predicate), w.entity(p.object.toLowerCase(), p.object));
        w.finish();
      })();
      steps.push(`Took the question's premises as facts: ${premises.map((p) => p.text).join('; ')}.`);
      result = relateEntities(scratch.db, a.text.toLowerCase(), b.text.toLowerCase(), rules);
    } else {
      result = relateEntities(store.db, a.key, b.key, rules);
    }
  } catch {
    return null;
  } finally {
    scratch?.close();
  }
  const derived = result.relations.filter((r) => !['parent', 'child', 'spouse', 'sibling', 'relative', 'ancestor', 'descendant', 'pibling', 'nibling'].includes(r.relation));
  const chosen = derived.length ? derived : result.relations;
  if (chosen.length === 0) return null;
  const facts: QaFact[] = [];
  const citations: string[] = [];
  chosen.forEach((r, i) => {
    const id = `D${i + 1}`;
    const leaves = premises.length ? [] : proofLeaves(r.proof);
    facts.push({
      id,
      kind: r.stored ? 'stored' : 'derived',
      subject: { key: a.key, label: a.label },
      predicate: { key: r.predicate, label: r.relation },
      object: { key: b.key, label: b.label },
      text: `${b.label} is ${a.label}'s ${r.relation}`,
      confidence: 1,
      tripleId: null,
      provenance: { kind: 'rule', source: 'kinship', line: null },
      proof: r.proof,
    });
    citations.push(id);
    for (const leaf of leaves) {
      const t = getTriple(store, leaf);
      if (t && !facts.some((f) => f.tripleId === leaf)) {
        facts.push(factFromTriple(t));
        citations.push(`F${leaf}`);
      }
    }
    steps.push(`The kinship rules derive ${r.relation}(${a.label}, ${b.label}) [${id}]${leaves.length ? ` from ${leaves.map((l) => `F${l}`).join(', ')}` : ''}.`);
  });
  const names = chosen.map((r) => r.relation);
  return { answered: true, answer: `${b.label} is ${a.label}'s ${names.join(' and ')}.`, steps, facts, citations };
}

function answerConnection(store: KgStore, a: QaMention, b: QaMention): GraphAnswer | null {
  const r = shortestPaths(store, a.key, b.key, { maxHops: 4, limit: 3 });
  if (!r.paths.length) return { answered: false, answer: `I found no connection between ${a.label} and ${b.label} within 4 steps.`, steps: [], facts: [], citations: [] };
  const facts: QaFact[] = [];
  const lines = r.paths.map((path) => {
    const chain = path.map((s) => {
      const f = factFromTriple(s.triple);
      if (!facts.some((x) => x.id === f.id)) facts.push(f);
      return `${s.triple.subject.label} —${s.triple.predicate.label.replace(/_/g, ' ')}→ ${objectText(s.triple)} [${f.id}]`;
    });
    return chain.join(', ');
  });
  return {
    answered: true,
    answer: `${a.label} and ${b.label} are connected in ${r.hops} step${r.hops === 1 ? '' : 's'}: ${lines[0]}.`,
    steps: lines.map((l, i) => `Path ${i + 1}: ${l}`),
    facts,
    citations: facts.map((f) => f.id),
  };
}

/** "Which diseases present fever?": entities of the named type linked to every mentioned entity. */
function answerWhich(store: KgStore, question: string, mentions: QaMention[]): GraphAnswer | null {
  const m = /^\s*(which|what)\s+([\p{L}]+)/iu.exec(question);
  if (!m || mentions.length === 0) return null;
  const wanted = stem(m[2]);
  const types = store.db.prepare('SELECT DISTINCT type FROM entities WHERE type IS NOT NULL').pluck().all() as string[];
  const type = types.find((t) => stem(words(t).at(-1) ?? '') === wanted);
  if (!type) return null;
  const q = new Set(contentStems(question));
  const linked = store.db.prepare(
    `SELECT t.id, e.key, e.label FROM triples t JOIN entities e ON e.id = (CASE WHEN t.s = @id THEN t.o ELSE t.s END)
     WHERE (t.s = @id OR t.o = @id) AND e.type = @type`,
  );
  type Hit = { label: string; triples: number[] };
  let answerSet: Map<string, Hit> | null = null;
  for (const mention of mentions) {
    const id = store.db.prepare('SELECT id FROM entities WHERE key = ?').pluck().get(mention.key) as number;
    const found = new Map<string, Hit>();
    for (const r of linked.all({ id, type }) as Array<{ id: number; key: string; label: string | null }>) {
      const t = getTriple(store, r.id)!;
      const predicateStems = contentStems(t.predicate.label);
      // Keep links whose predicate the question names (or any link when the question names none).
      if (predicateStems.length && !predicateStems.some((s) => q.has(s)) && q.size > 2) continue;
      const entry = found.get(r.key) ?? { label: r.label ?? r.key, triples: [] };
      entry.triples.push(r.id);
      found.set(r.key, entry);
    }
    if (answerSet === null) answerSet = found;
    else {
      const both = new Map<string, Hit>();
      for (const [k, v] of answerSet) {
        const f = found.get(k);
        if (f) both.set(k, { label: v.label, triples: [...v.triples, ...f.triples] });
      }
      answerSet = both;
    }
  }
  if (!answerSet || answerSet.size === 0) {
    return { answered: false, answer: `The KG links no ${type.toLowerCase()} to ${mentions.map((x) => x.label).join(' and ')} that way.`, steps: [], facts: [], citations: [] };
  }
  const facts = [...answerSet.values()].flatMap((v) => v.triples).map((id) => factFromTriple(getTriple(store, id)!));
  const labels = [...answerSet.values()].map((v) => v.label).sort();
  return {
    answered: true,
    answer: `${labels.join(', ')}.`,
    steps: [`Looked for entities of type ${type} linked to ${mentions.map((x) => x.label).join(' and ')}: ${labels.length} found.`],
    facts,
    citations: facts.map((f) => f.id),
  };
}

/** "Where was Einstein born?": the retrieved fact whose predicate best matches the question's words. */
function answerAttribute(question: string, mention: QaMention, retrieved: QaFact[]): GraphAnswer | null {
  const q = new Set(contentStems(question));
  const wh = (/^\s*(where|when|who|what)\b/i.exec(question)?.[1] ?? '').toLowerCase();
  let best: { fact: QaFact; score: number } | null = null;
  for (const f of retrieved) {
    if (f.subject.key !== mention.key && f.object.key !== mention.key) continue;
    let score = 2 * contentStems(f.predicate.key).filter((s) => q.has(s)).length;
    if (wh === 'where' && (PLACE_TYPES.test(f.object.label) || /_in$|located|place/.test(f.predicate.key))) score += 1;
    if (wh === 'when' && /year|date|time/.test(f.predicate.key)) score += 1;
    if (f.kind === 'predicted') score -= 0.5;
    if (score > 0 && (!best || score > best.score)) best = { fact: f, score };
  }
  if (!best || best.score < 2) return null;
  const f = best.fact;
  const forward = f.subject.key === mention.key;
  const answerEnd = forward ? f.object : f.subject;
  // Every fact with the same predicate and direction answers too ("Who founded Apple?" → both founders).
  const same = retrieved.filter((g) => g.predicate.key === f.predicate.key && (forward ? g.subject.key === mention.key : g.object.key === mention.key));
  const citations = same.map((g) => g.id);
  const steps = [`Linked "${mention.text}" to ${mention.label}.`, ...same.map((g) => `${g.text} [${g.id}]${g.kind === 'predicted' ? ' — a model prediction, not a stored fact' : ''}.`)];
  if (same.length > 1) {
    const labels = same.map((g) => (forward ? g.object.label : g.subject.label));
    return { answered: true, answer: `${labels.join(', ')}.`, steps, facts: [], citations };
  }
  let answer = answerEnd.label;
  if (wh === 'where') {
    const within = retrieved.find((g) => g.subject.key === answerEnd.key && LOCATION_PREDICATES.test(g.predicate.key));
    if (within) {
      answer += `, ${within.object.label}`;
      citations.push(within.id);
      steps.push(`${within.text} [${within.id}].`);
    }
  }
  return { answered: true, answer: `${answer}.`, steps, facts: [], citations };
}

/**
 * Answers the question forms the graph itself can answer, without a language model: relations between two people
 * (kinship rules, proofs), connections (paths), "which X …" lists and single-fact look-ups; says so when it cannot.
 */
export function answerFromGraph(store: KgStore, question: string, mentions: QaMention[], retrieved: QaFact[]): GraphAnswer {
  const distinct = mentions.filter((m, i) => mentions.findIndex((x) => x.key === m.key) === i);
  const premises = premisesOf(question);
  const lower = question.toLowerCase();
  if (/\brelat(ion|ed|ionship|e)\b/.test(lower)) {
    // "what is A's relation to B" names what A is to B; "how are A and B related" what B is to A.
    const asked = /([\p{L}\p{N}_-]+)'s relation(?:ship)? to ([\p{L}\p{N}_-]+)/iu.exec(question);
    let pair: [QaMention, QaMention] | null = null;
    if (asked) {
      const find = (name: string): QaMention | undefined =>
        distinct.find((m) => m.text.toLowerCase() === name.toLowerCase()) ?? (premises.length ? ({ text: name, key: name.toLowerCase(), label: name, type: null, via: 'premise', alternatives: [] } as QaMention) : undefined);
      const x = find(asked[1]);
      const y = find(asked[2]);
      if (x && y) pair = [y, x];
    } else if (distinct.length >= 2) pair = [distinct[0], distinct[distinct.length - 1]];
    if (pair) {
      const r = answerRelation(store, pair[0], pair[1], premises);
      if (r) return r;
    }
  }
  if (/\b(connect|connected|connects|link|linked|links|path)\b/.test(lower) && distinct.length >= 2) {
    const r = answerConnection(store, distinct[0], distinct[1]);
    if (r) return r;
  }
  const which = answerWhich(store, question, distinct);
  if (which) return which;
  for (const m of distinct) {
    const r = answerAttribute(question, m, retrieved);
    if (r) return r;
  }
  const about = distinct.length ? ` I found ${retrieved.length} facts about ${distinct.map((m) => m.label).join(', ')}; see the list.` : ' No entity of the KG is named in it.';
  return { answered: false, answer: `I cannot answer this from the graph alone.${about}`, steps: [], facts: [], citations: [] };
}

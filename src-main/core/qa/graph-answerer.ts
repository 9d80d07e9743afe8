import type { PathStep, QaAnswer, QaFact, QaMention } from '../../contract/types.js';
import { shortestPaths } from '../paths/shortest-paths.js';
import { relateEntities } from '../reasoning/relate.js';
import { loadRules } from '../reasoning/rule-packs.js';
import type { KgProofNode, RelateResult } from '../../contract/reasoning-types.js';
import { KgStore } from '../store/kg-store.js';
import { TripleWriter } from '../store/triple-writer.js';
import { getTriple } from '../store/kg-queries.js';
import { entityIdByKey, maxRowId } from '../store/kg-lookup.js';
import { linksBetween, walkPredicate } from '../store/relation-walks.js';
import { factFromTriple, objectText } from './retrieve-facts.js';
import { premisesOf, type Premise } from './premises.js';
import { answerChain, bestGlobalReading, catalogOf, suggestReadings, term } from './chain-answerer.js';
import { answerCauses } from './cause-answerer.js';
import { answerPrediction } from './prediction-answerer.js';
import { answerSuperlative } from './superlative-answerer.js';
import { keepGender, neutralKinReading } from './kin-fallback.js';
import { relationWords } from './lexicon.js';
import { proofOf, ruleRelations, symOf, type RuleRelation } from './rule-relations.js';

export interface GraphAnswer {
  answered: boolean;
  answer: string;
  steps: string[];
  /** Facts the answer rests on (added to the retrieved ones). */
  facts: QaFact[];
  citations: string[];
  /** The answer as data (entities or literal values, best first); empty when unanswered. */
  answers: QaAnswer[];
  /** The query or chain the question was read as. */
  reading: string;
  /** A count's counted entities. */
  counted?: QaAnswer[];
  /** The answers are predictions of this model or rule set, not facts. */
  predicted?: { by: 'model' | 'rules'; name: string } | null;
  /** The reading as a query the Query view runs, or null (with a note) when it is none. */
  query?: { text: string; packs: string[] } | null;
  queryNote?: string;
  suggestions?: string[];
}


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
  return {
    answered: true,
    answer: `${b.label} is ${a.label}'s ${names.join(' and ')}.`,
    steps,
    facts,
    citations,
    answers: chosen.map((r) => ({ key: r.predicate, label: r.relation, score: 1 })),
    reading: `?- relate(${term(a.key)}, ${term(b.key)}, R).`,
    // relate() tries every relation of the pack; the Query view checks the ones found.
    query: premises.length ? null : { text: `${term(chosen[0].relation)}(${term(a.key)}, ${term(b.key)})`, packs: ['kinship'] },
    queryNote: premises.length ? 'The question states its own premises; the Query view runs over the KG, not over them.' : `relate() tries every relation of the kinship pack; the query checks the ${names.length === 1 ? 'one' : 'first one'} it found.`,
  };
}

/** What the other rule packs (ownership, medical, …) derive between two entities, either way round, with proofs. */
function answerPackRelation(store: KgStore, a: QaMention, b: QaMention): GraphAnswer | null {
  const found: Array<{ r: RuleRelation; s: QaMention; o: QaMention }> = [];
  for (const r of ruleRelations(store).relations) {
    if (r.pack === 'kinship') continue;
    const va = symOf(r.engine, a.key);
    const vb = symOf(r.engine, b.key);
    if (va < 0 || vb < 0) continue;
    const ab = r.forward.get(va)?.includes(vb);
    const ba = r.forward.get(vb)?.includes(va);
    if (ab) found.push({ r, s: a, o: b });
    // A symmetric relation (shares_director) is said once.
    if (ba && !(ab && /^shares?_|^resembles$|^cycle_partner$/.test(r.name))) found.push({ r, s: b, o: a });
  }
  if (!found.length) return null;
  const facts: QaFact[] = [];
  const citations: string[] = [];
  const sentences = found.map(({ r, s, o }, i) => {
    const words = relationWords(r.name, null);
    const text = words.verb ? `${s.label} ${words.readable}${/^shares? /.test(words.readable) ? ' with' : ''} ${o.label}` : `${o.label} is ${s.label}'s ${words.readable}`;
    const proof = proofOf(store, r, s.key, o.key);
    const id = `D${i + 1}`;
    facts.push({ id, kind: 'derived', subject: { key: s.key, label: s.label }, predicate: { key: r.name, label: words.readable }, object: { key: o.key, label: o.label }, text, confidence: 1, tripleId: null, provenance: { kind: 'rule', source: r.pack, line: null }, proof });
    citations.push(id);
    for (const leaf of proof ? proofLeaves(proof) : []) {
      const t = getTriple(store, leaf);
      if (t && !facts.some((f) => f.tripleId === leaf)) {
        const f = factFromTriple(t);
        facts.push(f);
        citations.push(f.id);
      }
    }
    return `${text} [${id}]`;
  });
  return {
    answered: true,
    answer: `${sentences.map((x) => x.replace(/ \[D\d+\]$/, '')).join('; ')}.`,
    steps: found.map(({ r }, i) => `${sentences[i]}, derived by the ${r.pack} rules.`),
    facts,
    citations,
    answers: found.map(({ r }) => ({ key: r.name, label: relationWords(r.name, null).readable, score: 1 })),
    reading: `?- relate(${term(a.key)}, ${term(b.key)}, R).`,
    query: { text: `${term(found[0].r.name)}(${term(found[0].s.key)}, ${term(found[0].o.key)})`, packs: [found[0].r.pack] },
    queryNote: `relate() tries every relation the rule packs derive; the query checks the ${found.length === 1 ? 'one' : 'first one'} found.`,
  };
}

function answerConnection(store: KgStore, a: QaMention, b: QaMention): GraphAnswer | null {
  // Paths that say something specific: not through hubs (a gender value, a type everyone has) nor RDF/RDFS/OWL vocabulary.
  const hubDegree = Math.max(50, Math.round(maxRowId(store.db, 'triples') / 100));
  let r = shortestPaths(store, a.key, b.key, { maxHops: 4, limit: 8, hubDegree, excludeSchemaNamespaces: true, typeLinks: true });
  if (!r.paths.length) r = shortestPaths(store, a.key, b.key, { maxHops: 4, limit: 8 });
  const reading = `?- path(${term(a.key)}, ${term(b.key)}, P).`;
  if (!r.paths.length) return { answered: false, answer: `I found no connection between ${a.label} and ${b.label} within 4 steps.`, steps: [], facts: [], citations: [], answers: [], reading };
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
    // Directly linked: every direct link is the answer (Spielberg directed Jaws and appears in it); longer: the first path.
    answer: `${a.label} and ${b.label} are connected in ${r.hops} step${r.hops === 1 ? '' : 's'}: ${r.hops === 1 ? lines.join('; ') : lines[0]}.`,
    steps: lines.slice(0, r.hops === 1 ? 8 : 3).map((l, i) => `Path ${i + 1}: ${l}`),
    facts,
    citations: facts.map((f) => f.id),
    // The first path's links, as literal values ("worked with").
    answers: (r.hops === 1 ? r.paths.map((p) => p[0]).filter((s, i, all) => all.findIndex((x) => x.triple.predicate.key === s.triple.predicate.key) === i) : r.paths[0])
      .map((s) => ({ key: s.triple.predicate.key, label: s.triple.predicate.label.replace(/_/g, ' '), score: 1 })),
    reading,
    query: { text: pathQuery(a.key, b.key, r.paths[0]), packs: [] },
    queryNote: `The first path as a query over the KG's predicates, its inner entities as variables: the Query view lists every way to go from ${a.label} to ${b.label} by these links in this order.`,
  };
}

/** A path as a Datalog conjunction from a to b: each step's triple in its stored direction, inner entities as variables. */
function pathQuery(a: string, b: string, path: PathStep[]): string {
  let prev = term(a);
  return path
    .map((s, i) => {
      const next = i === path.length - 1 ? term(b) : `X${i + 1}`;
      const atom = s.reversed ? `${term(s.triple.predicate.key)}(${next}, ${prev})` : `${term(s.triple.predicate.key)}(${prev}, ${next})`;
      prev = next;
      return atom;
    })
    .join(', ');
}

/**
 * "Is Madonna male or female?", "Was Alice born in Ulm or in Paris?": the options joined by "or" that the first named
 * entity is linked to, each with the stored triple that says so.
 */
function answerEitherOr(store: KgStore, question: string, mentions: Array<QaMention & { start?: number; end?: number }>): GraphAnswer | null {
  const ms = mentions.filter((m, i) => m.start !== undefined && mentions.findIndex((x) => x.key === m.key) === i);
  if (ms.length < 3) return null;
  const [a, b] = ms.slice(-2);
  if (!/^\s+or\s+(?:in\s+|a\s+|an\s+|the\s+)?$/i.test(question.slice(a.end ?? a.start! + a.text.length, b.start))) return null;
  const subject = ms[0];
  const sid = entityIdByKey(store.db, subject.key);
  if (sid === undefined) return null;
  const cat = catalogOf(store);
  const facts: QaFact[] = [];
  const found: Array<{ option: QaMention; predicate: string; forward: boolean }> = [];
  for (const option of [a, b]) {
    const oid = entityIdByKey(store.db, option.key);
    if (oid === undefined) continue;
    for (const l of linksBetween(store.db, oid, [sid])) {
      const rel = cat.byPred.get(l.p);
      if (!rel) continue;
      const forward = l.s === sid;
      const row = walkPredicate(store.db, l.p, forward ? 's' : 'o', [sid], 10_000).find((r) => r.y === oid);
      const t = row ? getTriple(store, row.id) : null;
      if (t) facts.push(factFromTriple(t));
      if (!found.some((f) => f.option.key === option.key)) found.push({ option, predicate: rel.key, forward });
    }
  }
  if (!found.length) return null;
  const first = found[0];
  const reading = `?- ${term(first.predicate)}(${first.forward ? `${term(subject.key)}, ${term(first.option.key)}` : `${term(first.option.key)}, ${term(subject.key)}`}).`;
  return {
    answered: true,
    answer: `${found.map((f) => f.option.label).join(' and ')}.`,
    steps: [`Checked which of ${a.label} and ${b.label} ${subject.label} is linked to: ${found.map((f) => f.option.label).join(', ')}.`, ...facts.map((f) => `${f.text} [${f.id}].`)],
    facts,
    citations: facts.map((f) => f.id),
    answers: found.map((f) => ({ key: f.option.key, label: f.option.label, score: 1 })),
    reading,
  };
}

/** "Is Alice Charlie's aunt?": reads the question with one named entity left out, and checks it is among the answers. */
function answerYesNo(store: KgStore, question: string, mentions: Array<QaMention & { start?: number; end?: number }>): GraphAnswer | null {
  // "Is A B's aunt?" checks A; "Does A control B?" checks B.
  const order = /^\s*(does|do|did|has|have)\b/i.test(question) ? [...mentions].reverse() : mentions;
  for (const candidate of order) {
    const rest = mentions.filter((m) => m.key !== candidate.key);
    const r = answerChain(store, question, rest);
    if (!r || !r.answered || r.reading.startsWith('count')) continue;
    const yes = r.answers.some((a) => a.key === candidate.key);
    const answer = yes ? `Yes: ${candidate.label} is among the answers to ${r.reading}` : `No: ${r.reading} gives ${r.answers.length ? r.answers.slice(0, 10).map((a) => a.label).join(', ') : 'no answer'}, not ${candidate.label}.`;
    return {
      ...r,
      answer,
      answers: [{ key: yes ? 'yes' : 'no', label: yes ? 'Yes' : 'No', score: 1 }],
      steps: [...r.steps, `Checked whether ${candidate.label} is among them: ${yes ? 'it is' : 'it is not'}.`],
    };
  }
  return null;
}

/**
 * Answers the question forms the graph itself can answer, without a language model: relations between two people
 * (kinship rules, proofs), connections (paths), "which X …" lists and single-fact look-ups; says so when it cannot.
 */
export function answerFromGraph(store: KgStore, question: string, mentions: Array<QaMention & { start?: number }>, retrieve: QaFact[] | (() => QaFact[]), opts: { modelFile?: string } = {}): GraphAnswer {
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
      if (!premises.length) {
        const other = answerPackRelation(store, pair[0], pair[1]);
        if (other) return other;
        const path = answerConnection(store, pair[0], pair[1]);
        if (path?.answered) return path;
      }
    }
  }
  if (/\b(connect|connected|connects|link|linked|links|path)\b/.test(lower) && distinct.length >= 2) {
    const r = answerConnection(store, distinct[0], distinct[1]);
    if (r) return r;
  }
  if (!premises.length && /^\s*(is|are|was|were|does|do|did|has|have)\b/i.test(question) && distinct.length >= 3) {
    const either = answerEitherOr(store, question, mentions);
    if (either) return either;
  }
  if (!premises.length && /^\s*(is|are|was|were|does|do|did|has|have)\b/i.test(question) && distinct.length >= 2) {
    const yn = answerYesNo(store, question, mentions);
    if (yn) return yn;
  }
  if (!premises.length && distinct.every((m) => !/\p{Lu}/u.test(m.text))) {
    // Only common nouns named ("symptoms" may be an entity): a superlative over the whole KG.
    const most = answerSuperlative(store, question);
    if (most) return most;
  }
  if (!premises.length) {
    const causes = answerCauses(store, question, distinct);
    if (causes) return causes;
    const predicted = answerPrediction(store, question, distinct, opts.modelFile);
    if (predicted) return { ...predicted, facts: predicted.facts ?? [], citations: predicted.citations ?? [] };
    const chain = answerChain(store, question, mentions);
    if (chain) return chain;
    // "Clint Eastwood's wife" where the KG says only `spouse`: the neutral relation, kept to the gender asked for.
    const neutral = neutralKinReading(question, mentions);
    const read = neutral ? answerChain(store, neutral.question, neutral.mentions) : null;
    if (neutral && read?.answered) {
      const kept = keepGender(store, read, neutral.gender);
      return { ...kept, steps: [`No relation of the KG says "${neutral.word}": read it as "${neutral.neutral}" (${neutral.gender}).`, ...kept.steps] };
    }
  }
  if (distinct.length) {
    // A relation the KG knows, that the named entity has no value for: say so rather than guess.
    const known = bestGlobalReading(store, question, mentions);
    const suggestions = suggestReadings(store, question, distinct);
    const hint = suggestions.length ? ` Did you mean: ${suggestions.join('? ')}?` : '';
    if (known) {
      return {
        answered: false,
        answer: `No answer in the KG: I read this as the ${known.readable} of ${distinct[0].label} (${known.reading}), and neither the stored facts nor the rule packs give any.${hint}`,
        steps: [`Tried ${known.reading} (and the inverse direction); no entity satisfies it.`],
        facts: [],
        citations: [],
        answers: [],
        reading: known.reading,
        query: { text: known.reading.replace(/^\?- /, '').replace(/\.$/, ''), packs: [] },
        suggestions,
      };
    }
    return {
      answered: false,
      answer: `I cannot answer this from the graph alone: I did not understand which relation of ${distinct.map((m) => m.label).join(', ')} it asks for. I found ${(typeof retrieve === 'function' ? retrieve() : retrieve).length} facts about ${distinct.map((m) => m.label).join(', ')}; see the list.${hint}`,
      steps: suggestions.length ? [`Closest readings: ${suggestions.join('; ')}.`] : [],
      facts: [],
      citations: [],
      answers: [],
      reading: '',
      query: null,
      queryNote: 'Not understood: no reading to run. Try one of the suggestions.',
      suggestions,
    };
  }
  return { answered: false, answer: 'I cannot answer this from the graph alone. No entity of the KG is named in it.', steps: [], facts: [], citations: [], answers: [], reading: '' };
}

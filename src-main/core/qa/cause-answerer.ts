/**
 * "What could cause fever and cough?": the named findings go to the findings ranking (core/findings, naive-Bayes
 * log-likelihood ratio) over the relation that links causes to them (`presents` in the demo KG, picked from the
 * data), and the answer is the top causes with the evidence for each.
 */
import type { GraphAnswer } from './graph-answerer.js';
import type { QaAnswer, QaFact, QaMention } from '../../contract/types.js';
import { rankCauses } from '../findings/rank-causes.js';
import type { KgStore } from '../store/kg-store.js';
import { getTriple } from '../store/kg-queries.js';
import { entityIdByKey } from '../store/kg-lookup.js';
import { linkCountsAround } from '../store/relation-walks.js';
import { factFromTriple } from './retrieve-facts.js';
import { term } from './chain-answerer.js';

export const ASKS_FOR_CAUSE = /\b(cause|causes|caused|causing|explains?|explanations?|diagnos\w*|responsible for|behind|underl\w+|could (?:i|he|she|they|the patient|a patient|someone) have|what (?:do|does|might|could) (?:i|he|she|they|the patient) have|what (?:could|might|may|can) (?:it|this|that) be|what(?:'s| is) wrong)\b/i;

/** The graph answerer's result shape. */
export type CauseAnswer = GraphAnswer;

/** The predicate that links the most of the findings to several causes (as object, else as subject), or null. */
function causeRelation(store: KgStore, ids: number[]): { key: string; reverse: boolean } | null {
  const rows = linkCountsAround(store.db, ids);
  const by = new Map<string, { key: string; reverse: boolean; findings: number; causes: number }>();
  for (const r of rows) {
    if (/type$|label$|#type|gender/i.test(r.key)) continue;
    const k = `${r.key}\t${r.reversed}`;
    const e = by.get(k) ?? { key: r.key, reverse: r.reversed === 1, findings: 0, causes: 0 };
    e.findings += 1;
    e.causes += r.n;
    by.set(k, e);
  }
  const best = [...by.values()].sort((a, b) => b.findings - a.findings || Number(/present|symptom|sign|finding|manifest/i.test(b.key)) - Number(/present|symptom|sign|finding|manifest/i.test(a.key)) || b.causes - a.causes)[0];
  return best && best.causes >= 2 ? { key: best.key, reverse: best.reverse } : null;
}

export function answerCauses(store: KgStore, question: string, mentions: QaMention[]): CauseAnswer | null {
  if (!ASKS_FOR_CAUSE.test(question) || !mentions.length) return null;
  // "What symptoms does influenza cause?" asks for effects, not causes.
  if (/\b(does|do|did|can|could|might|may|will)\b.+\bcause\b/i.test(question) && !/\bwhat\s+(could|might|may|can)\s+cause\b/i.test(question)) return null;
  const distinct = mentions.filter((m, i) => mentions.findIndex((x) => x.key === m.key) === i);
  const ids = distinct.map((m) => entityIdByKey(store.db, m.key)).filter((x): x is number => x !== undefined);
  const relation = causeRelation(store, ids);
  if (!relation) return null;
  let ranking;
  try {
    ranking = rankCauses(store, distinct.map((m) => m.key), { relation: relation.key, reverse: relation.reverse, limit: 50 });
  } catch {
    return null;
  }
  const reading = `?- rank_causes([${distinct.map((m) => term(m.key)).join(', ')}], ${term(relation.key)}).`;
  // The ranking is a score, not a query; the Query view runs its hard core: the causes linked to every finding.
  const atoms = distinct.map((m) => (relation.reverse ? `${term(relation.key)}(${term(m.key)}, X)` : `${term(relation.key)}(X, ${term(m.key)})`));
  const query = { text: atoms.join(', '), packs: [] };
  const queryNote = `rank_causes scores every candidate cause by naive Bayes (partial matches too); the query lists the causes linked to all ${distinct.length} findings by ${relation.key}, unranked.`;
  if (!ranking.candidates.length) return { answered: true, answer: `Nothing in the KG is linked to ${distinct.map((m) => m.label).join(' and ')} by ${relation.key}.`, steps: [], facts: [], citations: [], answers: [], reading, query, queryNote };
  const most = Math.max(...ranking.candidates.map((c) => c.matched.length));
  const kept = ranking.candidates.filter((c) => c.matched.length === most);
  const max = Math.max(...ranking.candidates.map((c) => c.score));
  const z = ranking.candidates.reduce((acc, c) => acc + Math.exp(c.score - max), 0);
  const answers: QaAnswer[] = kept.map((c) => ({ key: c.key, label: c.label, score: Math.round((Math.exp(c.score - max) / z) * 1000) / 1000 }));
  const facts: QaFact[] = [];
  const citations: string[] = [];
  const steps = [
    `Read as findings → causes: ${distinct.map((m) => m.label).join(', ')} as findings, ${relation.key} as the link from a cause to a finding; ranked ${ranking.total_candidates} candidate causes by the naive-Bayes log-likelihood ratio.`,
  ];
  for (const c of kept.slice(0, 5)) {
    const ev = c.matched.map((m) => {
      if (m.triple !== null) {
        const t = getTriple(store, m.triple);
        if (t) {
          const f = factFromTriple(t);
          if (!facts.some((x) => x.id === f.id)) facts.push(f);
          citations.push(f.id);
          return `${m.label} ${m.confidence !== null ? `(${m.confidence})` : ''} [${f.id}]`.replace('  ', ' ');
        }
      }
      return m.label;
    });
    steps.push(`${c.rank}. ${c.label}: score ${c.score.toFixed(2)} (for ${c.evidence_for.toFixed(2)}, against ${c.evidence_against.toFixed(2)}); explains ${ev.join(', ')}${c.unexplained.length ? `; does not explain ${c.unexplained.map((u) => u.label).join(', ')}` : ''}.`);
  }
  const top = kept.slice(0, 3).map((c) => c.label);
  const answer = `Most likely ${top[0]}${top.length > 1 ? `, then ${top.slice(1).join(', ')}` : ''}${kept.length > 3 ? ` (${kept.length} causes explain ${most === distinct.length ? 'all the findings' : `${most} of them`})` : ''}.`;
  return { answered: true, answer, steps, facts, citations, answers, reading, query, queryNote };
}

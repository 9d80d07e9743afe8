/**
 * The relation a chain of facts composes to, marginalised over every order of composition: the inside
 * algorithm of a probabilistic context-free grammar (Baker 1979; Lari & Young 1990) with composition rules as
 * its productions. For the chain r1 … rk, span (i, j) holds a distribution over relations:
 *   P_m(i, j, h) ∝ Σ_{p,q} P(i, m, p) · P(m, j, q) · conf(h :- p, q)      (one expert per split point m, and per
 *                                                                          pair of split points for length-3 rules)
 *   P(i, j, h)   ∝ Π_m (P_m(i, j, h) + ε)^(1/M)                            (a product of the M experts that derive anything)
 * Greedy chaining commits to one order, and a lossy step ("my sister-in-law's daughter is my niece" forgets which
 * side of the family she is on) can then decide the answer. Summing over orders still lets a confident lossy order
 * win; as a product, an order that keeps the information and rules a relation out vetoes it (Hinton's product of
 * experts). Measured on CLUTRR (bench/RESULTS-rules.md): k = 4 went from 87.0 % (sum) to 94.8 %, no k lost. The best
 * single derivation (Viterbi) is kept per relation for the proof.
 */
import type { CompositionRule, CompositionTable } from './story-chaining.js';

export interface SpanEntry {
  /** Probability of the relation for the span, over all derivations (normalised per span). */
  p: number;
  /** Confidence of its best single derivation. */
  best: number;
  rule: CompositionRule | null;
  /** Split points of the best derivation (one for a two-part split, two for three parts). */
  splits: number[];
}

/** Spans below this share of their span's mass are dropped (keeps the chart small on long chains). */
const PRUNE = 1e-4;
/** Floor for a relation an order of composition does not derive (its veto is strong, not absolute). */
const EPS = 1e-3;

export type Chart = Array<Array<Map<number, SpanEntry>>>;

/** Fills the chart of a chain of directed relations; chart[i][j] is the span from entity i to entity j. */
export function insideChart(relations: readonly number[], table: CompositionTable): Chart {
  const k = relations.length;
  const D = 2 * table.numRelations;
  const chart: Chart = Array.from({ length: k + 1 }, () => Array.from({ length: k + 1 }, () => new Map<number, SpanEntry>()));
  for (let i = 0; i < k; i++) chart[i][i + 1].set(relations[i], { p: 1, best: 1, rule: null, splits: [] });
  for (let len = 2; len <= k; len++) {
    for (let i = 0; i + len <= k; i++) {
      const j = i + len;
      // One distribution per split point (each order of composition at this level is one expert), combined as a
      // product of experts: an order that rules a relation out vetoes it, so a lossy step that forgets a side of the
      // family is outvoted by the orders that keep it.
      const experts: Array<Map<number, SpanEntry>> = [];
      const expertFor = (): Map<number, SpanEntry> => new Map();
      const addTo = (acc: Map<number, SpanEntry>, rule: CompositionRule, p: number, best: number, splits: number[]): void => {
        const e = acc.get(rule.head);
        if (!e) acc.set(rule.head, { p, best, rule, splits });
        else {
          e.p += p;
          if (best > e.best) Object.assign(e, { best, rule, splits });
        }
      };
      for (let m = i + 1; m < j; m++) {
        const ex = expertFor();
        for (const [r1, e1] of chart[i][m]) {
          for (const [r2, e2] of chart[m][j]) {
            const rules = table.pairs.get(r1 * D + r2);
            if (rules) for (const rule of rules) addTo(ex, rule, e1.p * e2.p * rule.confidence, e1.best * e2.best * rule.confidence, [m]);
          }
        }
        if (ex.size > 0) experts.push(ex);
      }
      if (table.triples.size > 0) {
        for (let m1 = i + 1; m1 < j - 1; m1++) {
          for (let m2 = m1 + 1; m2 < j; m2++) {
            const ex = expertFor();
            for (const [r1, e1] of chart[i][m1]) {
              for (const [r2, e2] of chart[m1][m2]) {
                for (const [r3, e3] of chart[m2][j]) {
                  const rules = table.triples.get((r1 * D + r2) * D + r3);
                  if (rules) for (const rule of rules) addTo(ex, rule, e1.p * e2.p * e3.p * rule.confidence, e1.best * e2.best * e3.best * rule.confidence, [m1, m2]);
                }
              }
            }
            if (ex.size > 0) experts.push(ex);
          }
        }
      }
      if (experts.length === 0) continue;
      const acc = chart[i][j];
      for (const ex of experts) {
        let total = 0;
        for (const e of ex.values()) total += e.p;
        for (const e of ex.values()) e.p /= total;
      }
      const heads = new Set<number>();
      for (const ex of experts) for (const h of ex.keys()) heads.add(h);
      for (const h of heads) {
        let logp = 0;
        let bestEntry: SpanEntry | null = null;
        for (const ex of experts) {
          const e = ex.get(h);
          const p = e ? e.p : 0;
          logp += Math.log(p + EPS);
          if (e && (!bestEntry || e.best > bestEntry.best)) bestEntry = e;
        }
        const p = Math.exp(logp / experts.length);
        acc.set(h, { ...bestEntry!, p });
      }
      let total = 0;
      for (const e of acc.values()) total += e.p;
      if (total <= 0) continue;
      for (const [rel, e] of acc) {
        e.p /= total;
        if (e.p < PRUNE) acc.delete(rel);
      }
    }
  }
  return chart;
}

/** The best derivation of `relation` over span (i, j) as steps (from, to, relation, rule), premises first. */
export function derivation(chart: Chart, i: number, j: number, relation: number): Array<{ from: number; to: number; relation: number; rule: CompositionRule; confidence: number }> {
  const e = chart[i][j].get(relation);
  if (!e || !e.rule) return [];
  const bounds = [i, ...e.splits, j];
  const parts: number[] = [];
  const out: ReturnType<typeof derivation> = [];
  // The parts' relations are those of the rule's body, in order.
  for (let p = 0; p + 1 < bounds.length; p++) parts.push(e.rule.body[p]);
  for (let p = 0; p + 1 < bounds.length; p++) out.push(...derivation(chart, bounds[p], bounds[p + 1], parts[p]));
  out.push({ from: i, to: j, relation, rule: e.rule, confidence: e.best });
  return out;
}

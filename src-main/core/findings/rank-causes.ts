import type { CauseRanking, FindingContribution } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { displayName } from '../store/names.js';
import { entityById, predicateIdByKey, resolveEntity, tripleExists, type EntityMatch } from '../store/kg-lookup.js';
import { entityLinks } from '../store/relation-walks.js';

export interface RankCausesOptions {
  /** Predicate linking a cause to a finding (e.g. `presents`: disease → symptom). */
  relation: string;
  /** true: the triples run finding → cause; undefined: detected from the data. */
  reverse?: boolean;
  limit?: number;
}

/** Probability floor for a finding a cause is not linked to (a "leak": findings also occur for other reasons). */
const LEAK = 0.01;
/** Chance that a finding the cause usually shows would have been reported if present (unlisted ≠ absent). */
const REPORT_RATE = 0.05;
const clamp = (p: number): number => Math.min(0.99, Math.max(LEAK, p));

interface ResolvedFinding {
  input: string;
  id: number;
  key: string;
  label: string;
  via: EntityMatch;
  /** Other entities the text could also mean (shown so the user can pick). */
  alternatives: Array<{ key: string; label: string }>;
}

/** A finding's name resolved (key, label, alias, key spelling, full-text search), entities that `prefer` first. */
function resolveFinding(store: KgStore, text: string, prefer: (id: number) => boolean): ResolvedFinding | null {
  const found = resolveEntity(store.db, text, { search: true });
  if (!found) return null;
  const [best, ...rest] = [...found.entities].sort((a, b) => Number(prefer(b.id)) - Number(prefer(a.id)));
  const name = (e: { key: string; label: string | null }): string => e.label ?? displayName(e.key);
  return { input: text, id: best.id, key: best.key, label: name(best), via: found.via, alternatives: rest.slice(0, 5).map((e) => ({ key: e.key, label: name(e) })) };
}

/**
 * Ranks candidate causes of a set of observed findings by a naive-Bayes log-likelihood ratio, term by term:
 *   score(c) = Σ_{f observed} log( P(f|c) / P(f) )  +  Σ_{g linked to c, not observed} log( 1 − REPORT_RATE·P(g|c) )
 * P(f|c) is the triple's confidence (e.g. a symptom's frequency in the disease; 1 when the KG gives none), or LEAK
 * when c is not linked to f; P(f) is the share of all causes linked to f, so common findings weigh less than
 * specific ones. Every term is returned, so the ranking can be read and checked.
 */
export function rankCauses(store: KgStore, findingNames: string[], options: RankCausesOptions): CauseRanking {
  const db = store.db;
  const p = predicateIdByKey(db, options.relation);
  if (p === undefined) throw new Error(`no predicate "${options.relation}" in this KG`);
  if (findingNames.length === 0) throw new Error('give at least one finding');

  const asObject = (id: number): boolean => tripleExists(db, { p, o: id });
  const asSubject = (id: number): boolean => tripleExists(db, { p, s: id });
  const resolved = findingNames.map((name) => {
    const r = resolveFinding(store, name, (id) => asObject(id) || asSubject(id));
    if (!r) throw new Error(`no entity matches the finding "${name}"`);
    return r;
  });
  const findingIds = [...new Set(resolved.map((r) => r.id))];
  const reverse = options.reverse ?? (!findingIds.some(asObject) && findingIds.some(asSubject));

  // Every (cause, finding, confidence) link of the relation: the model's whole evidence table.
  const links = entityLinks(db, p).map((l) => (reverse ? { cause: l.o, finding: l.s, confidence: l.confidence, id: l.id } : { cause: l.s, finding: l.o, confidence: l.confidence, id: l.id }));
  const byCause = new Map<number, Map<number, { confidence: number; id: number }>>();
  const causesOfFinding = new Map<number, number>();
  for (const l of links) {
    let m = byCause.get(l.cause);
    if (!m) byCause.set(l.cause, (m = new Map()));
    m.set(l.finding, { confidence: l.confidence, id: l.id });
    causesOfFinding.set(l.finding, (causesOfFinding.get(l.finding) ?? 0) + 1);
  }
  const totalCauses = byCause.size;
  const baseRate = (f: number): number => clamp(((causesOfFinding.get(f) ?? 0) + 0.5) / (totalCauses + 1));
  const observed = new Set(findingIds);
  const candidates = [...byCause.keys()].filter((c) => findingIds.some((f) => byCause.get(c)!.has(f)));

  const describe = (id: number): { key: string; label: string; type: string | null } => {
    const r = entityById(db, id)!;
    return { key: r.key, label: r.label ?? displayName(r.key), type: r.type };
  };

  const ranked = candidates.map((c) => {
    const profile = byCause.get(c)!;
    const matched: FindingContribution[] = [];
    const unexplained: FindingContribution[] = [];
    const missing: FindingContribution[] = [];
    for (const f of findingIds) {
      const link = profile.get(f);
      const pf = link ? clamp(link.confidence) : LEAK;
      const term: FindingContribution = { ...describe(f), contribution: Math.log(pf / baseRate(f)), confidence: link ? link.confidence : null, triple: link?.id ?? null };
      (link ? matched : unexplained).push(term);
    }
    for (const [g, link] of profile) {
      if (observed.has(g)) continue;
      missing.push({ ...describe(g), contribution: Math.log(1 - REPORT_RATE * clamp(link.confidence)), confidence: link.confidence, triple: link.id });
    }
    missing.sort((a, b) => a.contribution - b.contribution);
    const sum = (xs: FindingContribution[]): number => xs.reduce((acc, x) => acc + x.contribution, 0);
    const evidenceFor = sum(matched);
    const evidenceAgainst = sum(unexplained) + sum(missing);
    return { ...describe(c), score: evidenceFor + evidenceAgainst, evidence_for: evidenceFor, evidence_against: evidenceAgainst, matched, unexplained, missing };
  });
  ranked.sort((a, b) => b.score - a.score || b.matched.length - a.matched.length || a.key.localeCompare(b.key));
  return {
    relation: options.relation,
    direction: reverse ? 'finding-to-cause' : 'cause-to-finding',
    findings: resolved.map((r) => ({ input: r.input, key: r.key, label: r.label, via: r.via, alternatives: r.alternatives })),
    candidates: ranked.slice(0, options.limit ?? 20).map((r, i) => ({ rank: i + 1, ...r })),
    total_candidates: ranked.length,
  };
}

/**
 * A learned Horn rule in the three shapes AnyBURL (Meilicke et al., IJCAI 2019) and AMIE learn:
 *   cyclic      r(X,Y) :- b1(X,A), b2(A,B), b3(B,Y).        (a path from X to Y)
 *   constant    r(X,c) :- b1(X,A), b2(A,d).                 (a path from X to a constant)
 *   dangling    r(X,c) :- b1(X,_).                          (X has some b1 edge)
 * and their mirror images with the constant in the head's subject (r(c,Y) :- b1(Y,…)). The body is a path of
 * directed relations (see triple-graph.ts) starting from the head's free variable.
 */

export type ConstSide = 'none' | 'tail' | 'head';

/** Path end: the other head variable (cyclic), a free variable (dangling), or a constant entity id (≥ 0). */
export const END_VARIABLE = -1;
export const END_FREE = -2;

export interface RuleStats {
  /** Body groundings for which the head holds in the training triples. */
  support: number;
  /** Body groundings (distinct head-variable bindings). */
  bodySize: number;
  /** Body groundings whose subject has some head-relation fact (the partial completeness assumption). */
  pcaBodySize: number;
  /** support / body size. */
  confidence: number;
  /** support / PCA body size. */
  pcaConfidence: number;
  /** support / triples of the head relation. */
  headCoverage: number;
  /** True when the counts were estimated from a sample of the body's groundings. */
  sampled: boolean;
  /** A few groundings that support the rule: the entity ids along the body path, from the head's free variable to the path's end. */
  examples: number[][];
}

export interface LearnedRule {
  head: number;
  constSide: ConstSide;
  /** Entity id of the head's constant (-1 for cyclic rules). */
  headConstant: number;
  /** Directed relations of the body path (d < R forward, d ≥ R backward). */
  path: number[];
  end: number;
  stats: RuleStats;
}

/** Confidence used to rank predictions: AnyBURL's Laplace-style correction, support / (body + pc). */
export function appliedConfidence(stats: Pick<RuleStats, 'support' | 'bodySize'>, pc = 5): number {
  return stats.support / (stats.bodySize + pc);
}

export function ruleKey(r: Pick<LearnedRule, 'head' | 'constSide' | 'headConstant' | 'path' | 'end'>): string {
  return `${r.head}|${r.constSide}|${r.headConstant}|${r.path.join(',')}|${r.end}`;
}

export function ruleLength(r: Pick<LearnedRule, 'path'>): number {
  return r.path.length;
}

const PLAIN_NAME = /^[a-z][A-Za-z0-9_]*$/;

/** A predicate name or constant in Relata's Datalog: plain when it can be, else a 'quoted' atom. */
export function datalogName(name: string): string {
  return PLAIN_NAME.test(name) && name !== 'not' ? name : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}

const INNER_VARS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];

/** The rule's clause in Relata's Datalog syntax. */
export function ruleToDatalog(rule: LearnedRule, relations: readonly string[], entities: readonly string[]): string {
  const R = relations.length;
  const start = rule.constSide === 'head' ? 'Y' : 'X';
  const other = rule.constSide === 'head' ? 'X' : 'Y';
  const c = datalogName(entities[rule.headConstant] ?? '');
  const head =
    rule.constSide === 'none'
      ? `${datalogName(relations[rule.head])}(X, Y)`
      : rule.constSide === 'tail'
        ? `${datalogName(relations[rule.head])}(X, ${c})`
        : `${datalogName(relations[rule.head])}(${c}, Y)`;
  const terms: string[] = [start];
  for (let i = 1; i < rule.path.length; i++) terms.push(INNER_VARS[i - 1]);
  terms.push(rule.end === END_VARIABLE ? other : rule.end === END_FREE ? '_' : datalogName(entities[rule.end]));
  const body = rule.path.map((d, i) => {
    const [rel, a, b] = d < R ? [d, terms[i], terms[i + 1]] : [d - R, terms[i + 1], terms[i]];
    return `${datalogName(relations[rel])}(${a}, ${b})`;
  });
  return `${head} :- ${body.join(', ')}.`;
}

/** The trailing comment that carries a rule's numbers in a .pl file. */
export function statsComment(s: RuleStats): string {
  const f = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));
  return `% conf=${f(s.confidence)} pca_conf=${f(s.pcaConfidence)} support=${f(s.support)} body=${f(s.bodySize)} head_coverage=${f(s.headCoverage)}${s.sampled ? ' sampled' : ''}`;
}

/** Parses the numbers back from a trailing comment written by `statsComment`. */
export function parseStatsComment(comment: string): Partial<RuleStats> {
  const num = (name: string): number | undefined => {
    const m = new RegExp(`\\b${name}=([-0-9.eE]+)`).exec(comment);
    return m ? Number(m[1]) : undefined;
  };
  const out: Partial<RuleStats> = {};
  const conf = num('conf'), pca = num('pca_conf'), support = num('support'), body = num('body'), hc = num('head_coverage');
  if (conf !== undefined) out.confidence = conf;
  if (pca !== undefined) out.pcaConfidence = pca;
  if (support !== undefined) out.support = support;
  if (body !== undefined) out.bodySize = body;
  if (hc !== undefined) out.headCoverage = hc;
  out.sampled = /\bsampled\b/.test(comment);
  return out;
}

/**
 * Relational chains from small examples (CLUTRR-style): a file of small independent KGs, one JSON object per
 * line, `{"facts": [[X, rel, Y], …], "query": [X, Y], "target": rel}` where [X, rel, Y] reads "Y is X's rel".
 *
 * Learning counts composition rules r(X,Z) :- p(X,Y), q(Y,Z). (and three-atom bodies) over all training
 * stories. Bodies read relations forward unless `inverseAtoms` is set: with inverted atoms, pairs the vocabulary
 * has no word for (cousins) are never labelled, so "two grandchildren of one grandparent are siblings" would look
 * certain. A body grounding counts only where the pair it links is labelled (a given fact or the query's
 * target), so confidence = P(head | body, the pair is related). Longer training chains teach rules whose bodies
 * use relations no story states (a sister's son is a nephew; a nephew's father is a brother): after each round
 * the stories are chained with the rules so far, and the derived facts serve as body atoms (never as heads) in
 * the next round's counts. Answering chains each test story best-first (story-chaining.ts) until the query pair
 * is related.
 */
import { readFileSync } from 'node:fs';
import { chainFacts, compileCompositions, proofSteps, type ChainFact, type CompositionRule } from './story-chaining.js';
import { derivation, insideChart } from './chain-inside.js';
import { END_VARIABLE, ruleToDatalog, type LearnedRule, type RuleStats } from './rule.js';
import { parseRuleText, rulesToText } from './rule-file.js';

export interface Story {
  facts: Array<[string, string, string]>;
  query: [string, string];
  target: string | null;
  /** 1-based line in its file. */
  line: number;
}

/** Reads a JSON Lines story file; a malformed line is an error naming FILE:LINE. */
export function readStories(path: string): Story[] {
  const text = readFileSync(path, 'utf8');
  const out: Story[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '') continue;
    const where = `${path}:${i + 1}`;
    let row: unknown;
    try {
      row = JSON.parse(raw);
    } catch (e) {
      throw new Error(`${where}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`${where}: expected a JSON object`);
    const r = row as Record<string, unknown>;
    if (!Array.isArray(r.facts)) throw new Error(`${where}: "facts" must be a list of [X, rel, Y]`);
    const facts: Story['facts'] = [];
    r.facts.forEach((f, k) => {
      if (!Array.isArray(f) || f.length !== 3 || !f.every((x) => typeof x === 'string' && x.length > 0))
        throw new Error(`${where}: facts[${k}] must be [X, rel, Y] with three non-empty strings`);
      facts.push([f[0], f[1], f[2]]);
    });
    if (!Array.isArray(r.query) || r.query.length !== 2 || !r.query.every((x) => typeof x === 'string' && x.length > 0))
      throw new Error(`${where}: "query" must be [X, Y] with two names`);
    if (r.target !== undefined && r.target !== null && (typeof r.target !== 'string' || r.target === ''))
      throw new Error(`${where}: "target" must be a relation name`);
    out.push({ facts, query: [r.query[0], r.query[1]], target: (r.target as string | undefined) ?? null, line: i + 1 });
  }
  if (out.length === 0) throw new Error(`${path}: no stories (expected one JSON object per line)`);
  return out;
}

/** A story with entity ids local to it and relation ids from a shared vocabulary. */
interface IndexedStory {
  size: number;
  names: string[];
  given: Array<[number, number, number]>;
  query: [number, number];
  target: number;
}

function indexStory(s: Story, relationId: (name: string) => number): IndexedStory {
  const ids = new Map<string, number>();
  const id = (name: string): number => {
    let v = ids.get(name);
    if (v === undefined) ids.set(name, (v = ids.size));
    return v;
  };
  const given: IndexedStory['given'] = [];
  for (const [x, r, y] of s.facts) {
    const rel = relationId(r);
    if (rel >= 0) given.push([id(x), rel, id(y)]);
  }
  const query: [number, number] = [id(s.query[0]), id(s.query[1])];
  return { size: ids.size, names: [...ids.keys()], given, query, target: s.target === null ? -1 : relationId(s.target) };
}

export interface StoryLearnOptions {
  /** Learning rounds (each lets derived facts serve as body atoms). */
  rounds?: number;
  /** Rules below this support are dropped. */
  minSupport?: number;
  minConfidence?: number;
  /** Longest rule body (2 or 3). */
  maxLength?: number;
  /** Also learn rules whose body reads a relation backwards. */
  inverseAtoms?: boolean;
  signal?: AbortSignal;
  onProgress?: (round: number, rounds: number) => void;
}

export interface StoryRuleSet {
  relations: string[];
  rules: LearnedRule[];
}

/** Laplace-smoothed confidence used when chaining: a rule seen once is not certain. */
const chainConfidence = (s: Pick<RuleStats, 'support' | 'bodySize'>): number => s.support / (s.bodySize + 1);

function toCompositions(rules: readonly LearnedRule[]): CompositionRule[] {
  return rules
    .map((r, id) => ({ r, id }))
    .filter(({ r }) => r.end === END_VARIABLE && r.constSide === 'none' && r.path.length <= 3)
    .map(({ r, id }) => ({ id, head: r.head, body: r.path, confidence: chainConfidence(r.stats) }));
}

export function learnStoryRules(stories: readonly Story[], options: StoryLearnOptions = {}): StoryRuleSet {
  const rounds = options.rounds ?? 3;
  const maxLength = options.maxLength ?? 3;
  const inverse = options.inverseAtoms ?? false;
  const minSupport = options.minSupport ?? 2;
  const minConfidence = options.minConfidence ?? 0.01;
  const names = new Set<string>();
  for (const s of stories) {
    for (const f of s.facts) names.add(f[1]);
    if (s.target) names.add(s.target);
  }
  const relations = [...names].sort();
  const relIndex = new Map(relations.map((r, i) => [r, i]));
  const R = relations.length;
  const indexed = stories.map((s) => indexStory(s, (n) => relIndex.get(n) ?? -1));
  let rules: LearnedRule[] = [];
  for (let round = 0; round < rounds; round++) {
    if (options.signal?.aborted) break;
    options.onProgress?.(round, rounds);
    const table = round === 0 ? null : compileCompositions(toCompositions(rules), R);
    // body path ("d1,d2,…") -> labelled groundings and per-head counts
    const bodies = new Map<string, { total: number; heads: Map<number, number> }>();
    const relationTotals = new Int32Array(R);
    for (const st of indexed) {
      const n = st.size;
      const labels = new Map<number, number>();
      for (const [a, r, b] of st.given) labels.set(a * n + b, r);
      if (st.target >= 0) labels.set(st.query[0] * n + st.query[1], st.target);
      for (const r of labels.values()) relationTotals[r]++;
      // Body atoms: labels, plus facts derived by the previous round's rules.
      const atoms = new Map<number, number>(labels);
      if (table) {
        for (const [key, f] of chainFacts(n, st.given, table)) if (!atoms.has(key)) atoms.set(key, f.relation);
      }
      const out: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
      for (const [key, r] of atoms) {
        const a = Math.floor(key / n), b = key % n;
        out[a].push([b, r]);
        if (inverse) out[b].push([a, r + R]);
      }
      const count = (path: string, head: number): void => {
        let e = bodies.get(path);
        if (!e) bodies.set(path, (e = { total: 0, heads: new Map() }));
        e.total++;
        e.heads.set(head, (e.heads.get(head) ?? 0) + 1);
      };
      for (let a = 0; a < n; a++) {
        for (const [b, d1] of out[a]) {
          const l1 = labels.get(a * n + b);
          // Length 1: another reading of the same pair (an inverse, a synonym).
          if (l1 !== undefined && l1 !== d1) count(`${d1}`, l1);
          for (const [c, d2] of out[b]) {
            if (c === a) continue;
            const head = labels.get(a * n + c);
            if (head !== undefined) count(`${d1},${d2}`, head);
            if (maxLength < 3) continue;
            for (const [e, d3] of out[c]) {
              if (e === a || e === b) continue;
              const h3 = labels.get(a * n + e);
              if (h3 !== undefined) count(`${d1},${d2},${d3}`, h3);
            }
          }
        }
      }
    }
    const next: LearnedRule[] = [];
    for (const [key, e] of bodies) {
      const path = key.split(',').map(Number);
      for (const [head, support] of e.heads) {
        if (path.length === 1 && path[0] === head) continue;
        const confidence = support / e.total;
        if (support < minSupport || confidence < minConfidence) continue;
        next.push({
          head,
          constSide: 'none',
          headConstant: -1,
          path,
          end: END_VARIABLE,
          stats: { support, bodySize: e.total, pcaBodySize: e.total, confidence, pcaConfidence: confidence, headCoverage: support / relationTotals[head], sampled: false, examples: [] },
        });
      }
    }
    next.sort((x, y) => y.stats.confidence - x.stats.confidence || y.stats.support - x.stats.support);
    rules = next;
  }
  return { relations, rules };
}

export function storyRulesHeader(stories: number, seconds: number): string[] {
  return [
    `Composition rules learned by Relata from ${stories} stories in ${seconds.toFixed(1)} s.`,
    'conf = support / body groundings whose pair is related in the story (given or asked); rules apply by forward chaining, most confident first.',
  ];
}

export function storyRulesText(set: StoryRuleSet, stories: number, seconds: number): string {
  return rulesToText(set.rules, set.relations, [], storyRulesHeader(stories, seconds));
}

export function parseStoryRules(text: string, source: string): StoryRuleSet {
  const relations: string[] = [];
  const relIndex = new Map<string, number>();
  // Two passes: the first only collects relation names (an inverse atom's id depends on how many there are).
  parseRuleText(text, source, (n) => {
    if (!relIndex.has(n)) {
      relIndex.set(n, relations.length);
      relations.push(n);
    }
    return relIndex.get(n)!;
  }, () => -1, 1 << 20);
  const parsed = parseRuleText(text, source, (n) => relIndex.get(n) ?? -1, () => -1, relations.length);
  return { relations, rules: parsed.rules };
}

export interface StoryAnswer {
  query: [string, string];
  target: string | null;
  predicted: string | null;
  confidence: number;
  /** The derivation, one step a line: "Y is X's rel — rule". */
  proof: string[];
}

export interface StoryAnswers {
  accuracy: number;
  n: number;
  answers: StoryAnswer[];
}

/** The facts in the order told, when they form a walk from the query's X to its Y (revisits allowed). */
function toldChain(st: IndexedStory): { nodes: number[]; relations: number[] } | null {
  if (st.given.length === 0 || st.given[0][0] !== st.query[0]) return null;
  const nodes = [st.given[0][0]];
  const relations: number[] = [];
  for (const [a, r, b] of st.given) {
    if (a !== nodes[nodes.length - 1]) return null;
    relations.push(r);
    nodes.push(b);
  }
  return nodes[nodes.length - 1] === st.query[1] ? { nodes, relations } : null;
}

/**
 * Facts that can lie on a walk between the query's two people: people other than X and Y touched by one fact
 * only are dropped, repeatedly, so a family hung off the story by one fact (distractors: someone's new spouse
 * and their child, another story's people) takes no part in reading the chain.
 */
function pruneDangling(st: IndexedStory): IndexedStory {
  const alive = st.given.map(() => true);
  const degree = new Int32Array(st.size);
  for (const [a, , b] of st.given) if (a !== b) (degree[a]++, degree[b]++);
  const [qx, qy] = st.query;
  for (let changed = true; changed; ) {
    changed = false;
    st.given.forEach(([a, , b], i) => {
      if (!alive[i] || a === b) return;
      if ((degree[a] === 1 && a !== qx && a !== qy) || (degree[b] === 1 && b !== qx && b !== qy)) {
        alive[i] = false;
        degree[a]--;
        degree[b]--;
        changed = true;
      }
    });
  }
  return { ...st, given: st.given.filter((_, i) => alive[i]) };
}

/**
 * The facts read as one walk from X to Y that uses each exactly once, in whatever order they are told (a
 * directed Euler trail, Hierholzer's algorithm): a story told as a chain is read along its chain even when its
 * facts are shuffled. Null when no such walk exists.
 */
function eulerChain(st: IndexedStory): { nodes: number[]; relations: number[] } | null {
  const [qx, qy] = st.query;
  const m = st.given.length;
  if (m === 0) return null;
  const out: number[][] = Array.from({ length: st.size }, () => []);
  const balance = new Int32Array(st.size);
  st.given.forEach(([a, , b], i) => {
    out[a].push(i);
    balance[a]++;
    balance[b]--;
  });
  for (let v = 0; v < st.size; v++) {
    const want = v === qx ? 1 : v === qy ? -1 : 0;
    if (balance[v] !== want) return null;
  }
  // Facts in told order from each person, taken from the front.
  const next = new Int32Array(st.size);
  const stack: Array<[number, number]> = [[qx, -1]];
  const trail: Array<[number, number]> = [];
  while (stack.length) {
    const [v] = stack[stack.length - 1];
    if (next[v] < out[v].length) {
      const f = out[v][next[v]++];
      stack.push([st.given[f][2], f]);
    } else trail.push(stack.pop()!);
  }
  if (trail.length !== m + 1) return null;
  trail.reverse();
  const nodes = trail.map(([v]) => v);
  const relations = trail.slice(1).map(([, f]) => st.given[f][1]);
  return nodes[nodes.length - 1] === qy ? { nodes, relations } : null;
}

/** Simple paths of facts from `from` to `to` (forward edges), shortest first, at most `limit`. */
function factPaths(st: IndexedStory, from: number, to: number, limit = 16, maxLength = 24): Array<{ nodes: number[]; relations: number[] }> {
  const out: Array<Array<[number, number]>> = Array.from({ length: st.size }, () => []);
  for (const [a, r, b] of st.given) if (a !== b) out[a].push([b, r]);
  const found: Array<{ nodes: number[]; relations: number[] }> = [];
  const nodes = [from];
  const rels: number[] = [];
  const onPath = new Set([from]);
  let steps = 0;
  const visit = (e: number): void => {
    if (found.length >= limit || ++steps > 100_000) return;
    if (e === to) {
      found.push({ nodes: [...nodes], relations: [...rels] });
      return;
    }
    if (rels.length >= maxLength) return;
    for (const [b, r] of out[e]) {
      if (onPath.has(b)) continue;
      onPath.add(b);
      nodes.push(b);
      rels.push(r);
      visit(b);
      nodes.pop();
      rels.pop();
      onPath.delete(b);
    }
  };
  visit(from);
  return found.sort((x, y) => x.relations.length - y.relations.length);
}

/**
 * Answers each story's query. Where facts lead from X to Y, the relation is read off the chain(s) by the inside
 * algorithm (chain-inside.ts: every order of composition, weighted by the rules' confidences); otherwise by
 * best-first forward chaining over all the story's facts (story-chaining.ts).
 */
export function answerStories(stories: readonly Story[], set: StoryRuleSet, rulesText?: string[]): StoryAnswers {
  const relIndex = new Map(set.relations.map((r, i) => [r, i]));
  const R = set.relations.length;
  const compositions = toCompositions(set.rules);
  const table = compileCompositions(compositions, R);
  const texts = rulesText ?? set.rules.map((r) => ruleToDatalog(r, set.relations, []));
  const ruleText = (rule: CompositionRule): string => texts[rule.id] || `rule ${rule.id}`;
  let correct = 0;
  const answers: StoryAnswer[] = stories.map((s) => {
    const st = pruneDangling(indexStory(s, (n) => relIndex.get(n) ?? -1));
    const n = st.size;
    let predicted: string | null = null;
    let confidence = 0;
    let proof: string[] = [];
    const [qx, qy] = st.query;
    if (qx !== qy) {
      const told = toldChain(st) ?? eulerChain(st);
      const paths = told ? [told] : factPaths(st, qx, qy);
      const votes = new Map<number, number>();
      const charts = paths.map((p) => insideChart(p.relations, table));
      charts.forEach((chart, k) => {
        for (const [rel, e] of chart[0][paths[k].relations.length]) votes.set(rel, (votes.get(rel) ?? 0) + e.p);
      });
      let bestRel = -1, bestVote = 0;
      for (const [rel, v] of votes) if (v > bestVote) [bestRel, bestVote] = [rel, v];
      if (bestRel >= 0) {
        predicted = set.relations[bestRel];
        confidence = bestVote / paths.length;
        const k = charts.findIndex((c, i) => c[0][paths[i].relations.length].has(bestRel));
        const nodes = paths[k].nodes;
        proof = derivation(charts[k], 0, nodes.length - 1, bestRel).map(
          (d) => `${st.names[nodes[d.to]]} is ${st.names[nodes[d.from]]}'s ${set.relations[d.relation]} (conf ${d.confidence.toFixed(3)}) by ${ruleText(d.rule)}`,
        );
      } else {
        const settled = chainFacts(n, st.given, table, { stopAt: st.query });
        const f = settled.get(qx * n + qy);
        if (f) {
          predicted = set.relations[f.relation];
          confidence = f.confidence;
          proof = proofSteps(f, (x: ChainFact) => `${st.names[x.to]} is ${st.names[x.from]}'s ${set.relations[x.relation]} (conf ${x.confidence.toFixed(3)}) by ${ruleText(x.rule!)}`);
        }
      }
    }
    if (predicted !== null && predicted === s.target) correct++;
    return { query: s.query, target: s.target, predicted, confidence, proof };
  });
  // Accuracy over the stories that name a target (a file of unlabelled queries is answered, not scored).
  const labelled = stories.filter((s) => s.target !== null).length;
  return { accuracy: labelled ? correct / labelled : 0, n: stories.length, answers };
}

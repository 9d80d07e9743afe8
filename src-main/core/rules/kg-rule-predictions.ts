/**
 * Predictions of a rule set stored in the KG, for the review queue the embedding predictions use: each predicted
 * triple names the rules that fired (best first, with their confidences) and one grounding of each, so a reviewer
 * sees why. Accepting stores the triple with provenance kind 'model' named `rules:<set>` (undoable); rejecting
 * records it in `model_negatives`, so neither the rules nor an embedding model trained later proposes it again.
 */
import type { RulePredictionReview, RulePredictionsResult, RulePredictionView } from '../../contract/rules-types.js';
import { addRejectedTriple, listRejectedTriples } from '../embeddings/kg/stored-models.js';
import { HEAD, TAIL } from '../embeddings/datasets/link-queries.js';
import { KgEditor } from '../edit/kg-editor.js';
import type { KgDataset } from '../embeddings/datasets/triple-datasets.js';
import { kgContentFingerprint } from '../store/change-counter.js';
import type { KgStore } from '../store/kg-store.js';
import { ruleSetText } from '../store/rule-sets.js';
import { allEntityRows, tripleExists } from '../store/kg-lookup.js';
import { groundPath } from './path-walk.js';
import { indexRules, predictCandidates, type Candidate } from './predict-links.js';
import { END_FREE, END_VARIABLE, ruleToDatalog, type LearnedRule } from './rule.js';
import { parseDatasetRules, wholeKgDataset } from './dataset-rules.js';
import { TripleGraph } from './triple-graph.js';

export interface RulePredictInput {
  ruleSet: string;
  /** Predict tails for this entity (or heads with `direction` 'head'); without it, a queue over all entities. */
  entity?: string;
  direction: 'tail' | 'head';
  relation?: string;
  top: number;
}

/**
 * The KG's triples as a rule graph, kept for the last KG read (most of a prediction's time on a large KG): asking
 * again with another relation, entity or rule set reuses it until the KG's contents change.
 */
let cached: { key: string; dataset: KgDataset; graph: TripleGraph; ent: Map<string, number>; rel: Map<string, number> } | null = null;

function kgGraph(store: KgStore) {
  const key = `${store.path}\0${kgContentFingerprint(store.db)}`;
  if (cached?.key !== key) {
    const dataset = wholeKgDataset(store);
    cached = {
      key, dataset,
      graph: new TripleGraph(dataset.train, dataset.entities.length, dataset.relations.length),
      ent: new Map(dataset.entities.map((e, i) => [e, i])),
      rel: new Map(dataset.relations.map((r, i) => [r, i])),
    };
  }
  return cached;
}

function load(store: KgStore, ruleSet: string) {
  const text = ruleSetText(store.db, ruleSet);
  if (text === null) throw new Error(`no rule set "${ruleSet}" in this KG (accept learned rules into it first)`);
  const { dataset, graph, ent, rel } = kgGraph(store);
  const { rules } = parseDatasetRules(text, `rule set ${ruleSet}`, dataset);
  return { dataset, graph, rules, ent, rel };
}

/** One grounding of a rule that predicts `candidate` for the query, as entity ids along the body path. */
function grounding(graph: TripleGraph, rule: LearnedRule, anchor: number, candidate: number, direction: number): number[] | null {
  const [x, y] = direction === TAIL ? [anchor, candidate] : [candidate, anchor];
  if (rule.end === END_VARIABLE) return groundPath(graph, x, rule.path, y);
  const free = rule.constSide === 'tail' ? x : y;
  return groundPath(graph, free, rule.path, rule.end === END_FREE ? null : rule.end);
}

export function predictWithRuleSet(store: KgStore, input: RulePredictInput): RulePredictionsResult {
  const { dataset, graph, rules, ent, rel } = load(store, input.ruleSet);
  const index = indexRules(graph, rules);
  const direction = input.direction === 'head' ? HEAD : TAIL;
  const rejected = new Set(listRejectedTriples(store.db).map((t) => `${t.subject}\t${t.predicate}\t${t.object}`));
  const relations = input.relation !== undefined ? [rel.get(input.relation)] : [...new Set(rules.map((r) => r.head))];
  if (relations[0] === undefined) throw new Error(`no predicate "${input.relation}" among the KG's entity-to-entity triples`);
  let anchors: number[];
  if (input.entity !== undefined) {
    const a = ent.get(input.entity);
    if (a === undefined) throw new Error(`no entity "${input.entity}" with entity-to-entity triples in this KG`);
    anchors = [a];
  } else anchors = dataset.entities.map((_, i) => i);
  // Candidates first (ids and the rules that fired); labels and groundings only for the ones listed.
  const found: Array<{ anchor: number; relation: number; candidate: Candidate }> = [];
  // Best first; ties keep the order found (a stable sort, so trimming on the way gives the same list as at the end).
  const best = (x: (typeof found)[number], y: (typeof found)[number]) =>
    y.candidate.confidences[0] * y.candidate.weight - x.candidate.confidences[0] * x.candidate.weight || y.candidate.rules.length - x.candidate.rules.length;
  for (const r of relations as number[]) {
    for (const a of anchors) {
      for (const c of predictCandidates(graph, index, a, r, direction, { maxCandidates: input.top })) {
        const [s, o] = direction === TAIL ? [a, c.entity] : [c.entity, a];
        if (graph.has(s, r, o)) continue;
        if (rejected.has(`${dataset.entities[s]}\t${dataset.relations[r]}\t${dataset.entities[o]}`)) continue;
        found.push({ anchor: a, relation: r, candidate: c });
        if (found.length >= 4 * input.top) found.sort(best).length = input.top;
      }
    }
  }
  found.sort(best);
  const label = new Map(allEntityRows(store.db).map((r) => [r.key, r.label ?? r.key]));
  const texts = new Map<LearnedRule, string>();
  const textOf = (r: LearnedRule) => texts.get(r) ?? texts.set(r, ruleToDatalog(r, dataset.relations, dataset.entities)).get(r)!;
  const predictions = found.slice(0, input.top).map(({ anchor: a, relation: r, candidate: c }): RulePredictionView => {
    const [s, o] = direction === TAIL ? [a, c.entity] : [c.entity, a];
    const subject = dataset.entities[s], object = dataset.entities[o];
    return {
      subject, subjectLabel: label.get(subject) ?? subject, predicate: dataset.relations[r], object, objectLabel: label.get(object) ?? object,
      // The best rule's confidence, weighted down for an answer that already holds a functional relation.
      confidence: c.confidences[0] * c.weight,
      rules: c.rules.map((rule, k) => ({
        rule: textOf(rule),
        confidence: c.confidences[k],
        grounding: (grounding(graph, rule, a, c.entity, direction) ?? []).map((e) => dataset.entities[e]),
      })),
    };
  });
  return { ruleSet: input.ruleSet, rules: rules.length, predictions };
}

export async function reviewRulePrediction(
  store: KgStore, t: { ruleSet: string; subject: string; predicate: string; object: string; accept: boolean; confidence?: number },
): Promise<RulePredictionReview> {
  const model = `rules:${t.ruleSet}`;
  if (!t.accept) {
    const changed = await store.write(() => addRejectedTriple(store, { subject: t.subject, predicate: t.predicate, object: t.object, model, score: t.confidence ?? null }));
    return { accepted: false, changed, changeId: null };
  }
  // Accepted twice (or stated meanwhile): nothing to add, as with an embedding model's prediction.
  if (tripleExists(store.db, { s: t.subject, p: t.predicate, o: t.object })) return { accepted: true, changed: false, changeId: null };
  const edit = await new KgEditor(store).acceptPrediction({
    subject: t.subject, predicate: t.predicate, object: t.object, confidence: Math.min(1, Math.max(0, t.confidence ?? 1)), model,
    detail: { model, kind: 'rules', confidence: t.confidence ?? null }, props: { model },
  });
  return { accepted: true, changed: true, changeId: edit.changeId };
}

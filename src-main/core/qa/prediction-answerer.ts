/**
 * "What might Tesla also be related to?": links a stored KG embedding model predicts for the named entity (with their
 * probabilities), or else links the KG's accepted rule sets predict (with the best firing rule's confidence), answered
 * as predictions and marked so (`predicted`), never as facts; the KG's own triples and rejected predictions are left out.
 */
import type { QaAnswer, QaFact, QaMention } from '../../contract/types.js';
import { suggestLinks } from '../embeddings/kg/predictions.js';
import { predictWithRuleSet } from '../rules/kg-rule-predictions.js';
import { ruleSetNames } from '../store/rule-sets.js';
import type { KgStore } from '../store/kg-store.js';
import { displayName } from '../store/names.js';
import { term } from './chain-answerer.js';
import { loadModelFile } from '../embeddings/models/model-file.js';
import { scoreQuery } from '../embeddings/training/filtered-evaluation.js';
import { HEAD, TAIL } from '../embeddings/datasets/link-queries.js';
import { entityByKey, tripleExists } from '../store/kg-lookup.js';
import { basename } from 'node:path';

export const ASKS_FOR_PREDICTION =
  /\b(predict\w*|likely\s+(?:links?|relations?|facts?)|missing\s+(?:links?|facts?|relations?))\b|\b(might|may|could|would)\b.*\b(also|else)\b.*\b(related|linked|connected|relate|link|connect)\b|\bwhat\s+else\b.*\b(related|linked|connected)\b/i;

export interface PredictionAnswer {
  answered: boolean;
  answer: string;
  steps: string[];
  answers: QaAnswer[];
  reading: string;
  facts?: QaFact[];
  citations?: string[];
  predicted: { by: 'model' | 'rules'; name: string } | null;
  query: null;
  queryNote: string;
}

const NOTE = 'Predictions are not in the KG, so no query over it returns them; `relata predict` / `relata rules predict` list them, and accepting one stores it.';

/** Links the accepted rule sets predict from or to the anchor, best first; null when the KG has no rule set. */
function rulePredictions(store: KgStore, anchor: QaMention): PredictionAnswer | null {
  const sets = ruleSetNames(store.db);
  if (!sets.length) return null;
  const best = new Map<string, { label: string; p: number; text: string; set: string }>();
  const steps: string[] = [];
  for (const set of sets) {
    for (const direction of ['tail', 'head'] as const) {
      let preds;
      try {
        preds = predictWithRuleSet(store, { ruleSet: set, entity: anchor.key, direction, top: 10 }).predictions;
      } catch {
        continue;
      }
      for (const p of preds) {
        const [key, label] = direction === 'tail' ? [p.object, p.objectLabel] : [p.subject, p.subjectLabel];
        const text = `${p.subjectLabel} — ${displayName(p.predicate).replace(/_/g, ' ')} — ${p.objectLabel}`;
        steps.push(`${text}: confidence ${p.confidence.toFixed(3)} (prediction of rule set ${set}, by ${p.rules[0]?.rule ?? 'its rules'}).`);
        const had = best.get(key);
        if (!had || p.confidence > had.p) best.set(key, { label, p: p.confidence, text, set });
      }
    }
  }
  const answers = [...best].sort((a, b) => b[1].p - a[1].p).map(([key, v]) => ({ key, label: v.label, score: Math.round(v.p * 1000) / 1000, predicted: true }));
  const name = sets.join(', ');
  return {
    answered: answers.length > 0,
    answer: answers.length
      ? `Predictions, not stored facts (rule set${sets.length > 1 ? 's' : ''} ${name}): ${answers.slice(0, 5).map((a) => `${a.label} (${a.score})`).join(', ')}.`
      : `No stored model knows ${anchor.label}, and the rule set${sets.length > 1 ? 's' : ''} ${name} predict no new link for it.`,
    steps: [`Predicted by the rule set${sets.length > 1 ? 's' : ''} ${name}: links of ${anchor.label} that the KG does not state (predictions, not facts).`, ...steps.slice(0, 20)],
    answers,
    reading: `?- predict_rules(${term(sets[0])}, ${term(anchor.key)}, R, X).`,
    predicted: answers.length ? { by: 'rules', name } : null,
    query: null,
    queryNote: NOTE,
  };
}

/**
 * Links a model file (.rkge, as `relata train --out` writes) predicts for the anchor: every relation, both ways,
 * each candidate's softmax probability over all entities; entities the KG already links to the anchor by that
 * relation (either way round) are left out. Null when the model does
 * not know the anchor.
 */
function filePredictions(store: KgStore, anchor: QaMention, path: string): PredictionAnswer | null {
  const m = loadModelFile(path);
  const name = basename(path);
  const { params } = m;
  const { entities, relations } = m.header;
  const anchorId = entities.indexOf(anchor.key);
  if (anchorId < 0) return null;
  const N = entities.length;
  const scores = new Float32Array(N);
  const q = new Float32Array(params.entityWidth);
  const found: Array<{ key: string; p: number; predicate: string; tail: boolean }> = [];
  for (let r = 0; r < relations.length; r++) {
    for (const direction of [TAIL, HEAD]) {
      scoreQuery(params, anchorId, r, direction, q, scores);
      let max = -Infinity;
      for (let i = 0; i < N; i++) if (scores[i] > max) max = scores[i];
      let z = 0;
      for (let i = 0; i < N; i++) z += Math.exp(scores[i] - max);
      // The few best candidates of this relation and direction that the KG does not state already.
      const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
      let kept = 0;
      for (const i of order) {
        if (kept >= 3) break;
        if (i === anchorId) continue;
        const [s, o] = direction === TAIL ? [anchor.key, entities[i]] : [entities[i], anchor.key];
        // Already related by this relation, either way round: not something X "might also" be related to.
        if (tripleExists(store.db, { s, p: relations[r], o }) || tripleExists(store.db, { s: o, p: relations[r], o: s })) continue;
        found.push({ key: entities[i], p: Math.exp(scores[i] - max) / z, predicate: relations[r], tail: direction === TAIL });
        kept++;
      }
    }
  }
  const best = new Map<string, { p: number; predicate: string; tail: boolean }>();
  for (const f of found) if (!best.has(f.key) || best.get(f.key)!.p < f.p) best.set(f.key, f);
  const top = [...best].sort((a, b) => b[1].p - a[1].p).slice(0, 10);
  const label = (k: string): string => entityByKey(store.db, k)?.label ?? displayName(k);
  const answers = top.map(([key, v]) => ({ key, label: label(key), score: Math.round(v.p * 1000) / 1000, predicted: true }));
  return {
    answered: answers.length > 0,
    answer: answers.length
      ? `Predictions, not stored facts (model file ${name}): ${answers.slice(0, 5).map((a) => `${a.label} (${a.score})`).join(', ')}.`
      : `The model file ${name} predicts no new link for ${anchor.label}.`,
    steps: [
      `Predicted by the model file ${name} (${m.header.model}, ${N} entities): the most probable links of ${anchor.label} that the KG does not state (predictions, not facts).`,
      ...top.map(([key, v]) => `${v.tail ? anchor.label : label(key)} — ${displayName(v.predicate).replace(/_/g, ' ')} — ${v.tail ? label(key) : anchor.label}: probability ${v.p.toFixed(3)} (prediction).`),
    ],
    answers,
    reading: `?- predict(${term(name)}, ${term(anchor.key)}, R, X).`,
    predicted: answers.length ? { by: 'model', name } : null,
    query: null,
    queryNote: NOTE,
  };
}

export function answerPrediction(store: KgStore, question: string, mentions: QaMention[], modelFile?: string): PredictionAnswer | null {
  if (!ASKS_FOR_PREDICTION.test(question) || !mentions.length) return null;
  const anchor = mentions[0];
  if (modelFile) {
    const byFile = filePredictions(store, anchor, modelFile);
    if (byFile) return byFile;
  }
  const models = store.db.prepare('SELECT name, entities FROM models ORDER BY created_at DESC, id DESC').all() as Array<{ name: string; entities: string }>;
  const model = models.find((m) => {
    try {
      return (JSON.parse(m.entities) as string[]).includes(anchor.key);
    } catch {
      return false;
    }
  });
  const reading = `?- predict(${term(model?.name ?? 'MODEL')}, ${term(anchor.key)}, R, X).`;
  if (!model) {
    const byRules = rulePredictions(store, anchor);
    if (byRules) return byRules;
    return {
      answered: false,
      answer: `I can only predict links from a trained embedding model or an accepted rule set, and no stored model knows ${anchor.label} nor does the KG hold a rule set. Train a model (relata train, or the Train panel) or accept learned rules, and ask again.`,
      steps: [],
      answers: [],
      reading,
      predicted: null,
      query: null,
      queryNote: NOTE,
    };
  }
  let queue;
  try {
    queue = suggestLinks(store, model.name, { entities: [anchor.key], top: 10 });
  } catch {
    return null;
  }
  const best = new Map<string, { label: string; p: number; predicate: string }>();
  for (const s of queue.suggestions) {
    const [key, label] = s.subject === anchor.key ? [s.object, s.objectLabel] : [s.subject, s.subjectLabel];
    const had = best.get(key);
    if (!had || s.probability > had.p) best.set(key, { label, p: s.probability, predicate: s.predicate });
  }
  const answers = [...best].sort((a, b) => b[1].p - a[1].p).map(([key, v]) => ({ key, label: v.label, score: Math.round(v.p * 1000) / 1000, predicted: true }));
  const steps = [
    `Predicted by the embedding model ${model.name}: the most probable links of ${anchor.label} that the KG does not state (predictions, not facts).`,
    ...queue.suggestions.map((s) => `${s.subjectLabel} — ${displayName(s.predicate).replace(/_/g, ' ')} — ${s.objectLabel}: probability ${s.probability.toFixed(3)} (prediction).`),
  ];
  return {
    answered: answers.length > 0,
    answer: answers.length
      ? `Predictions, not stored facts (model ${model.name}): ${answers.slice(0, 5).map((a) => `${a.label} (${a.score})`).join(', ')}.`
      : `The model ${model.name} predicts no new link for ${anchor.label}.`,
    steps,
    answers,
    reading,
    predicted: answers.length ? { by: 'model', name: model.name } : null,
    query: null,
    queryNote: NOTE,
  };
}

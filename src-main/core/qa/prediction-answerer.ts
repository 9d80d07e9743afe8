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

export function answerPrediction(store: KgStore, question: string, mentions: QaMention[]): PredictionAnswer | null {
  if (!ASKS_FOR_PREDICTION.test(question) || !mentions.length) return null;
  const anchor = mentions[0];
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

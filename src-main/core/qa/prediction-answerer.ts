/**
 * "What might Tesla also be related to?": links a stored KG embedding model predicts for the named entity, answered
 * as predictions with their probabilities, never as facts (the KG's own triples and rejected predictions are left out).
 */
import type { QaAnswer, QaMention } from '../../contract/types.js';
import { suggestLinks } from '../embeddings/kg/predictions.js';
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
    return {
      answered: false,
      answer: `I can only predict links from a trained embedding model, and no stored model knows ${anchor.label}. Train one (relata train, or the Train panel) and ask again.`,
      steps: [],
      answers: [],
      reading,
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
  const answers = [...best].map(([key, v]) => ({ key, label: v.label, score: Math.round(v.p * 1000) / 1000 }));
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
  };
}

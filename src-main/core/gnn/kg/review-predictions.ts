/**
 * Reviewing a node classifier's predictions. Accept stores the predicted class as a fact — (entity, the KG's type
 * predicate, class) or (entity, property, value) — with provenance "model": one `sources` row naming the model, its
 * target and test accuracy, and the class probability as the triple's confidence; one undoable edit however many
 * are accepted. A type accepted for an untyped entity also fills its type column (so it is labelled next time).
 * Reject records negative feedback; the next classification of the same target trains each rejected
 * (entity, class) pair as a negative and never predicts it again.
 */
import type { GnnReviewResult } from '../../../contract/gnn-types.js';
import type { KgStore } from '../../store/kg-store.js';
import { KgEditor } from '../../edit/kg-editor.js';
import { FeedbackStore } from '../../sessions/feedback-store.js';
import type { TrainedKgGnn } from './classify-entities.js';

/** The feedback target's `task`, which marks GNN node-classification reviews among all feedback. */
const TASK = 'gnn.node-class';

export interface GnnReviewItem {
  key: string;
  class: string;
}

/** Every (entity key, class) a reviewer rejected for `target`, oldest first. */
export function rejectedGnnClasses(store: KgStore, target: string): GnnReviewItem[] {
  const out: GnnReviewItem[] = [];
  for (const f of new FeedbackStore(store).list()) {
    const t = f.target as { task?: unknown; target?: unknown; subject?: unknown; class?: unknown };
    if (f.targetKind !== 'prediction' || f.rating >= 0 || t.task !== TASK || t.target !== target) continue;
    if (typeof t.subject === 'string' && typeof t.class === 'string') out.push({ key: t.subject, class: t.class });
  }
  return out;
}

function resolve(trained: TrainedKgGnn, item: GnnReviewItem): { node: number; cls: number; confidence: number } {
  const { data } = trained;
  const node = data.nodeIds.indexOf(item.key);
  if (node < 0) throw new Error(`no entity "${item.key}" in the classified KG`);
  const cls = data.classNames.indexOf(item.class);
  if (cls < 0) throw new Error(`"${item.class}" is not a class of the last classification (${data.target})`);
  return { node, cls, confidence: trained.probabilities[node * data.numClasses + cls] };
}

/** The most probable class of `node` that no reviewer rejected (−1 when all were). */
export function predictedClass(trained: TrainedKgGnn, node: number): number {
  const c = trained.data.numClasses;
  let best = -1;
  for (let k = 0; k < c; k++) {
    if (trained.rejected.has(node * c + k)) continue;
    if (best < 0 || trained.probabilities[node * c + k] > trained.probabilities[node * c + best]) best = k;
  }
  return best;
}

export async function acceptGnnPredictions(store: KgStore, trained: TrainedKgGnn, items: readonly GnnReviewItem[]): Promise<GnnReviewResult> {
  const { data, options } = trained;
  const c = data.numClasses;
  const resolved = items.map((item) => ({ item, ...resolve(trained, item) }));
  const fresh = resolved.filter((r) => !trained.known.has(r.node * c + r.cls));
  const isType = data.target === 'type';
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const source = {
    name: `gnn ${options.model} (${data.target})`,
    detail: { model: options.model, task: 'node-class', target: data.target, predicate: data.predicate, testAccuracy: round(trained.testAccuracy), seed: trained.run.seed },
  };
  let edit: { changeId: number; sourceId: number; added: number } | null = null;
  if (fresh.length) {
    const summary = fresh.length === 1 ? `accept ${fresh[0].item.key} ${data.predicate} ${fresh[0].item.class} (${options.model})` : `accept ${fresh.length} ${options.model} predictions of ${data.target}`;
    edit = await new KgEditor(store).addModelFacts(
      summary,
      source,
      fresh.map((r) => ({
        subject: r.item.key,
        predicate: data.predicate,
        object: data.classObjects[r.cls],
        confidence: Math.min(1, Math.max(0, r.confidence)),
        props: { model: options.model, target: data.target, confidence: round(r.confidence) },
        createObject: isType,
        ...(isType ? { setType: r.item.class } : {}),
      })),
    );
    const known = trained.known as Set<number>;
    for (const r of fresh) known.add(r.node * c + r.cls);
  }
  const added = new Set(fresh.map((r) => r.node * c + r.cls));
  return {
    accepted: true,
    changed: edit?.added ?? 0,
    changeId: edit?.changeId ?? null,
    sourceId: edit?.sourceId ?? null,
    items: resolved.map((r) => ({ key: r.item.key, class: r.item.class, confidence: r.confidence, changed: added.has(r.node * c + r.cls) })),
  };
}

/** Every entity without a value for the target whose predicted class is new and at least `minConfidence` likely. */
export function unlabelledPredictionsAbove(trained: TrainedKgGnn, minConfidence: number): GnnReviewItem[] {
  const { data } = trained;
  const c = data.numClasses;
  const out: GnnReviewItem[] = [];
  for (let i = 0; i < data.numNodes; i++) {
    if (data.labels[i] >= 0) continue;
    const k = predictedClass(trained, i);
    if (k < 0 || trained.known.has(i * c + k) || trained.probabilities[i * c + k] < minConfidence) continue;
    out.push({ key: data.nodeIds[i], class: data.classNames[k] });
  }
  return out;
}

export function rejectGnnPredictions(store: KgStore, trained: TrainedKgGnn, items: readonly GnnReviewItem[], ids: { sessionId?: number | null; stepId?: number | null } = {}): GnnReviewResult {
  const { data, options } = trained;
  const c = data.numClasses;
  const feedback = new FeedbackStore(store);
  const rejected = trained.rejected as Set<number>;
  const out: GnnReviewResult['items'] = [];
  for (const item of items) {
    const { node, cls, confidence } = resolve(trained, item);
    if (trained.known.has(node * c + cls)) throw new Error(`(${item.key}, ${data.predicate}, ${item.class}) is a fact in the KG; delete it instead of rejecting it`);
    const changed = !rejected.has(node * c + cls);
    if (changed) {
      feedback.add({
        sessionId: ids.sessionId ?? null, stepId: ids.stepId ?? null, targetKind: 'prediction', rating: -1, correction: null,
        target: { task: TASK, target: data.target, model: options.model, subject: item.key, predicate: data.predicate, object: data.classObjects[cls], class: item.class, confidence },
      });
      rejected.add(node * c + cls);
    }
    out.push({ key: item.key, class: item.class, confidence, changed });
  }
  return { accepted: false, changed: out.filter((x) => x.changed).length, changeId: null, sourceId: null, items: out };
}

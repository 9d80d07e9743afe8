/**
 * Predict, suggest, review and "similar to" over a model stored in the KG. Every score also comes as a
 * probability in [0, 1]: the softmax of the model's scores over all entities as the answer of the query
 * (the 1-vs-all cross-entropy the default models train with), the confidence accepted triples carry.
 */
import type { LinkCandidate, LinkPrediction, LinkSuggestion, ReviewResult, SimilarEntities, SuggestionQueue } from '../../../contract/embeddings-types.js';
import type { KgStore } from '../../store/kg-store.js';
import { KgEditor } from '../../edit/kg-editor.js';
import { degreeOf, entityByKey, entityIdByKey, entityIdsByKeys, tripleExists } from '../../store/kg-lookup.js';
import { entityTripleKeys } from '../../store/learning-reads.js';
import { displayName } from '../../store/names.js';
import { scoreQuery } from '../training/filtered-evaluation.js';
import { TAIL, HEAD } from '../datasets/link-queries.js';
import { addRejectedTriple, hasModelTables, listRejectedTriples, loadKgModel, type KgModel } from './stored-models.js';
import { buildSimilarityIndex, nearestToRow, type SimilarityIndex } from '../kernels/similarity-index.js';

interface CachedModel {
  model: KgModel;
  entityIds: Map<string, number>;
  index: SimilarityIndex | null;
}

const cache = new Map<string, CachedModel>();
const CACHE_LIMIT = 2;

/** A stored model with its id maps (and, once built, its similarity index), cached per KG file and version. */
export function cachedModel(store: KgStore, name: string): CachedModel {
  const row = hasModelTables(store.db) ? (store.db.prepare('SELECT created_at FROM models WHERE name = ?').get(name) as { created_at: string } | undefined) : undefined;
  if (!row) throw new Error(`no stored model named '${name}' in this KG`);
  const key = `${store.path}\0${name}\0${row.created_at}`;
  let hit = cache.get(key);
  if (!hit) {
    const model = loadKgModel(store, name);
    hit = { model, entityIds: new Map(model.entities.map((e, i) => [e, i])), index: null };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, hit);
  }
  return hit;
}

/** Drops cached models (tests; a retrained model replaces its cache entry by itself: the key has created_at). */
export function forgetCachedModels(): void {
  cache.clear();
}

function labelsOf(store: KgStore, keys: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const k of keys) out.set(k, entityByKey(store.db, k)?.label ?? displayName(k));
  return out;
}

/** log-sum-exp of scores[0..n), for softmax probabilities. */
function logSumExp(scores: Float32Array, n: number): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (scores[i] > max) max = scores[i];
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(scores[i] - max);
  return max + Math.log(s);
}

function entityId(c: CachedModel, key: string): number {
  const id = c.entityIds.get(key);
  if (id === undefined) throw new Error(`model '${c.model.summary.name}' does not know entity '${key}'`);
  return id;
}

function relationId(c: CachedModel, key: string): number {
  const id = c.model.relations.indexOf(key);
  if (id < 0) throw new Error(`model '${c.model.summary.name}' does not know relation '${key}'`);
  return id;
}

/** Entity-to-entity facts and rejected triples of the KG as model-id keys ((h * R + r) * N + t). */
function tripleKeys(store: KgStore, c: CachedModel, table: 'triples' | 'model_negatives', relation?: number): Set<number> {
  const N = c.model.entities.length, R = c.model.relations.length;
  const out = new Set<number>();
  const predicate = relation === undefined ? undefined : c.model.relations[relation];
  const rows: Iterable<{ s: string; p: string; o: string }> = table === 'triples'
    ? entityTripleKeys(store.db, predicate)
    : listRejectedTriples(store.db).filter((t) => predicate === undefined || t.predicate === predicate).map((t) => ({ s: t.subject, p: t.predicate, o: t.object }));
  const rIds = new Map(c.model.relations.map((k, i) => [k, i]));
  for (const t of rows) {
    const h = c.entityIds.get(t.s), r = rIds.get(t.p), o = c.entityIds.get(t.o);
    if (h !== undefined && r !== undefined && o !== undefined) out.add((h * R + r) * N + o);
  }
  return out;
}

export function predictLinks(store: KgStore, modelName: string, q: { head?: string; tail?: string; relation: string; top: number }): LinkPrediction {
  if ((q.head === undefined) === (q.tail === undefined)) throw new Error('give exactly one of head or tail');
  const c = cachedModel(store, modelName);
  const { params, entities } = c.model;
  const N = entities.length, R = c.model.relations.length;
  const anchorKey = (q.head ?? q.tail)!;
  const anchor = entityId(c, anchorKey), r = relationId(c, q.relation);
  const direction = q.head !== undefined ? TAIL : HEAD;
  const scores = new Float32Array(N);
  scoreQuery(params, anchor, r, direction, new Float32Array(params.entityWidth), scores);
  const lse = logSumExp(scores, N);
  const known = tripleKeys(store, c, 'triples', r), rejected = tripleKeys(store, c, 'model_negatives', r);
  const keyOf = (e: number) => (direction === TAIL ? (anchor * R + r) * N + e : (e * R + r) * N + anchor);
  let knownFacts = 0;
  for (let e = 0; e < N; e++) if (known.has(keyOf(e))) knownFacts++;
  const ids = Array.from({ length: N }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b).slice(0, q.top);
  const labels = labelsOf(store, ids.map((i) => entities[i]));
  return {
    model: modelName, predict: direction === TAIL ? 'tail' : 'head', anchor: anchorKey, relation: q.relation, knownFacts,
    candidates: ids.map((e, i) => ({
      rank: i + 1, entity: entities[e], label: labels.get(entities[e])!, score: scores[e], probability: Math.exp(scores[e] - lse),
      known: known.has(keyOf(e)), rejected: rejected.has(keyOf(e)),
    })),
  };
}

/**
 * A review queue of likely missing triples: for each anchor entity and relation, every candidate that is
 * neither a known fact, a rejected triple nor a self-loop, ranked by probability across all queries.
 * Without `entities`, anchors are every entity of the model, or the maxAnchors best-connected ones.
 */
export function suggestLinks(store: KgStore, modelName: string, q: { relation?: string; entities?: string[]; top: number; maxAnchors?: number }): SuggestionQueue {
  const c = cachedModel(store, modelName);
  const { params, entities, relations } = c.model;
  const N = entities.length, R = relations.length;
  const rels = q.relation !== undefined ? [relationId(c, q.relation)] : relations.map((_, i) => i);
  const maxAnchors = q.maxAnchors ?? 1000;
  let anchors: number[];
  let truncated = false;
  const chosen = q.entities !== undefined && q.entities.length > 0;
  if (chosen) anchors = [...new Set(q.entities!.map((k) => entityId(c, k)))];
  else if (N <= maxAnchors) anchors = entities.map((_, i) => i);
  else {
    const ids = entityIdsByKeys(store.db, entities);
    const d = entities.map((k) => (ids.has(k) ? degreeOf(store.db, ids.get(k)!) : 0));
    anchors = entities.map((_, i) => i).sort((a, b) => d[b] - d[a] || a - b).slice(0, maxAnchors);
    truncated = true;
  }
  const known = tripleKeys(store, c, 'triples', q.relation === undefined ? undefined : rels[0]);
  const rejected = tripleKeys(store, c, 'model_negatives', q.relation === undefined ? undefined : rels[0]);
  // Min-heap of the best `top` (probability, h, r, t) seen so far.
  const top = q.top;
  const hp = new Float64Array(top), hs = new Float32Array(top), hk = new Float64Array(top);
  let n = 0;
  const swap = (a: number, b: number) => {
    [hp[a], hp[b]] = [hp[b], hp[a]];
    [hs[a], hs[b]] = [hs[b], hs[a]];
    [hk[a], hk[b]] = [hk[b], hk[a]];
  };
  const offer = (p: number, s: number, key: number) => {
    if (n < top) {
      hp[n] = p; hs[n] = s; hk[n] = key;
      for (let i = n++; i > 0 && hp[i] < hp[(i - 1) >> 1]; i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (top > 0 && p > hp[0]) {
      hp[0] = p; hs[0] = s; hk[0] = key;
      for (let i = 0; ;) {
        const l = 2 * i + 1, rr = l + 1;
        let m = i;
        if (l < n && hp[l] < hp[m]) m = l;
        if (rr < n && hp[rr] < hp[m]) m = rr;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
  };
  const scores = new Float32Array(N), qrow = new Float32Array(params.entityWidth);
  let queries = 0;
  for (const a of anchors) {
    for (const r of rels) {
      for (const direction of chosen ? [TAIL, HEAD] : [TAIL]) {
        scoreQuery(params, a, r, direction, qrow, scores);
        queries++;
        const lse = logSumExp(scores, N);
        for (let e = 0; e < N; e++) {
          if (e === a) continue;
          const key = direction === TAIL ? (a * R + r) * N + e : (e * R + r) * N + a;
          if (known.has(key) || rejected.has(key)) continue;
          const p = Math.exp(scores[e] - lse);
          if (n < top || p > hp[0]) offer(p, scores[e], key);
        }
      }
    }
  }
  const picked = Array.from({ length: n }, (_, i) => i).sort((a, b) => hp[b] - hp[a] || hk[a] - hk[b]);
  const triples = picked.map((i) => {
    const key = hk[i], t = key % N, hr = (key - t) / N, r = hr % R, h = (hr - r) / R;
    return { h, r, t, score: hs[i], probability: hp[i] };
  });
  const labels = labelsOf(store, [...new Set(triples.flatMap((x) => [entities[x.h], entities[x.t]]))]);
  return {
    model: modelName, queries, anchors: anchors.length, truncated,
    suggestions: triples.map((x) => ({
      subject: entities[x.h], subjectLabel: labels.get(entities[x.h])!, predicate: relations[x.r],
      object: entities[x.t], objectLabel: labels.get(entities[x.t])!, score: x.score, probability: x.probability,
    })),
  };
}

/** Score and probability of (subject, predicate, object) as the answer of (subject, predicate, ?). */
export function scoreTriple(store: KgStore, modelName: string, subject: string, predicate: string, object: string): { score: number; probability: number } {
  const c = cachedModel(store, modelName);
  const { params } = c.model;
  const s = entityId(c, subject), r = relationId(c, predicate), o = entityId(c, object);
  const scores = new Float32Array(params.numEntities);
  scoreQuery(params, s, r, TAIL, new Float32Array(params.entityWidth), scores);
  return { score: scores[o], probability: Math.exp(scores[o] - logSumExp(scores, params.numEntities)) };
}

/**
 * Accept: the triple is stored with provenance kind 'model' (a `sources` row naming the model, with score
 * and probability), confidence = probability, and any earlier rejection of it is forgotten; it goes through
 * the KG editor's change log, so Undo/Redo take it out and put it back.
 * Reject: the triple goes to `model_negatives`; the next `relata train --db` uses it as an extra negative.
 */
export async function reviewPrediction(store: KgStore, modelName: string, t: { subject: string; predicate: string; object: string; accept: boolean }): Promise<ReviewResult> {
  const { score, probability } = scoreTriple(store, modelName, t.subject, t.predicate, t.object);
  const kind = cachedModel(store, modelName).model.summary.kind;
  const base = { model: modelName, subject: t.subject, predicate: t.predicate, object: t.object, score, probability };
  if (!t.accept) {
    const changed = await store.write(() => addRejectedTriple(store, { subject: t.subject, predicate: t.predicate, object: t.object, model: modelName, score }));
    return { ...base, accepted: false, changed, sourceId: null, changeId: null };
  }
  for (const key of [t.subject, t.object]) {
    if (entityIdByKey(store.db, key) === undefined) throw new Error(`no entity '${key}' in this KG`);
  }
  if (tripleExists(store.db, { s: t.subject, p: t.predicate, o: t.object })) return { ...base, accepted: true, changed: false, sourceId: null, changeId: null };
  const edit = await new KgEditor(store).acceptPrediction({
    subject: t.subject, predicate: t.predicate, object: t.object, confidence: Math.min(1, Math.max(0, probability)), model: modelName,
    detail: { model: modelName, kind, score, probability }, props: { model: modelName, score },
  });
  return { ...base, accepted: true, changed: true, sourceId: edit.sourceId, changeId: edit.changeId };
}

/** A stored model's entity rows, L2-normalised (built once per cached model), with their entity keys: for clustering. */
export function modelEmbeddingIndex(store: KgStore, modelName: string): { keys: string[]; index: SimilarityIndex } {
  const c = cachedModel(store, modelName);
  const { params, entities } = c.model;
  c.index ??= buildSimilarityIndex(params.entities, params.numEntities, params.entityWidth);
  return { keys: entities, index: c.index };
}

/** Nearest entities by cosine of their embedding rows; the entity itself comes first (cosine 1). */
export function similarEntities(store: KgStore, modelName: string, q: { entity: string; top: number }): SimilarEntities {
  const c = cachedModel(store, modelName);
  const id = entityId(c, q.entity);
  const { params, entities } = c.model;
  c.index ??= buildSimilarityIndex(params.entities, params.numEntities, params.entityWidth);
  const found = nearestToRow(c.index, id, q.top);
  const labels = labelsOf(store, found.map((f) => entities[f.id]));
  return { model: modelName, entity: q.entity, neighbours: found.map((f) => ({ entity: entities[f.id], label: labels.get(entities[f.id])!, cosine: f.cosine })) };
}

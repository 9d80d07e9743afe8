/**
 * GNN node embeddings kept with the KG: the hidden layer (relu(Â·X·W₁) for a GCN, relu(layer₁(X)) for an R-GCN) of
 * the last classification of each model and target, so "similar to" works on them later, also after reopening the
 * file. One row per name (`gcn:type`, `rgcn:prop:located_in`, …) in the table `gnn_embeddings` (schema migration 5);
 * vectors are one little-endian float32 BLOB, rows in `entities` order.
 */
import type { GnnEmbeddingSummary, GnnSimilarEntities } from '../../../contract/gnn-types.js';
import { entityByKey } from '../../store/kg-lookup.js';
import type { KgStore } from '../../store/kg-store.js';
import { displayName } from '../../store/names.js';
import { buildSimilarityIndex, nearestToRow, type SimilarityIndex } from '../../embeddings/kernels/similarity-index.js';
import type { TrainedKgGnn } from './classify-entities.js';

const gnnEmbeddingName = (model: string, target: string): string => `${model}:${target}`;

/** Stores (or replaces) the kept model's hidden layer under `model:target`. */
export function saveGnnEmbeddings(store: KgStore, trained: TrainedKgGnn): Promise<GnnEmbeddingSummary> {
  const { classifier, data, options } = trained;
  const name = gnnEmbeddingName(options.model, data.target);
  const v = classifier.embeddings;
  const createdAt = new Date().toISOString();
  return store.write(() => {
    store.db
      .prepare(
        `INSERT INTO gnn_embeddings(name, model, target, dim, entities, vectors, test_accuracy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET model = excluded.model, target = excluded.target, dim = excluded.dim, entities = excluded.entities,
           vectors = excluded.vectors, test_accuracy = excluded.test_accuracy, created_at = excluded.created_at`,
      )
      .run(name, options.model, data.target, classifier.hidden, JSON.stringify(data.nodeIds), Buffer.from(v.buffer, v.byteOffset, v.byteLength), trained.testAccuracy, createdAt);
    return { name, model: options.model, target: data.target, dim: classifier.hidden, entityCount: data.numNodes, testAccuracy: trained.testAccuracy, createdAt };
  });
}

/** Every stored set of GNN embeddings, newest first. */
export function listGnnEmbeddings(store: KgStore): GnnEmbeddingSummary[] {
  return store.db
    .prepare(
      `SELECT name, model, target, dim, json_array_length(entities) AS entityCount, test_accuracy AS testAccuracy, created_at AS createdAt
         FROM gnn_embeddings ORDER BY created_at DESC, name`,
    )
    .all() as GnnEmbeddingSummary[];
}

/** Names of the stored sets (none when the KG file predates the table and was opened read-only). */
export function gnnEmbeddingNames(store: KgStore): string[] {
  const hasTable = store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gnn_embeddings'").get() !== undefined;
  return hasTable ? (store.db.prepare('SELECT name FROM gnn_embeddings').pluck().all() as string[]) : [];
}

/** The classification target the stored set `name` comes from, or undefined when there is no such set. */
export function gnnEmbeddingTarget(store: KgStore, name: string): string | undefined {
  return store.db.prepare('SELECT target FROM gnn_embeddings WHERE name = ?').pluck().get(name) as string | undefined;
}

interface Loaded {
  entities: Map<string, number>;
  keys: string[];
  index: SimilarityIndex;
}

const cache = new Map<string, Loaded>();

function loaded(store: KgStore, name: string): Loaded {
  const row = store.db.prepare('SELECT dim, entities, vectors, created_at FROM gnn_embeddings WHERE name = ?').get(name) as
    | { dim: number; entities: string; vectors: Buffer; created_at: string }
    | undefined;
  if (!row) throw new Error(`no GNN embeddings named '${name}' in this KG (run gnn.classify first)`);
  const cacheKey = `${store.path}\0${name}\0${row.created_at}`;
  let hit = cache.get(cacheKey);
  if (!hit) {
    const keys = JSON.parse(row.entities) as string[];
    const vectors = new Float32Array(row.vectors.length / 4);
    new Uint8Array(vectors.buffer).set(row.vectors);
    hit = { keys, entities: new Map(keys.map((k, i) => [k, i])), index: buildSimilarityIndex(vectors, keys.length, row.dim) };
    if (cache.size >= 2) cache.delete(cache.keys().next().value!);
    cache.set(cacheKey, hit);
  }
  return hit;
}

/** The stored set `name` (the newest when not given) as its entity keys and L2-normalised rows, for clustering. */
export function gnnEmbeddingIndex(store: KgStore, name?: string): { name: string; keys: string[]; index: SimilarityIndex } {
  const chosen = name ?? listGnnEmbeddings(store)[0]?.name;
  if (!chosen) throw new Error('no GNN embeddings in this KG yet: run gnn.classify first');
  const l = loaded(store, chosen);
  return { name: chosen, keys: l.keys, index: l.index };
}

/** 1 for a row with any weight, 0 for an all-zero row (an entity whose hidden units are all off). */
function selfCosine(index: SimilarityIndex, id: number): number {
  let s = 0;
  for (let j = 0; j < index.width; j++) s += index.unit[id * index.width + j] ** 2;
  return s > 0 ? 1 : 0;
}

/**
 * Nearest entities by cosine of their GNN embeddings (the newest set when `name` is not given). The entity itself
 * comes first: ReLU hidden layers give entities with the same neighbourhood identical rows, so ties are common.
 */
export function gnnSimilarEntities(store: KgStore, q: { entity: string; top: number; name?: string }): GnnSimilarEntities {
  const name = q.name ?? listGnnEmbeddings(store)[0]?.name;
  if (!name) throw new Error('no GNN embeddings in this KG yet: run gnn.classify first');
  const l = loaded(store, name);
  const id = l.entities.get(q.entity);
  if (id === undefined) throw new Error(`the GNN embeddings '${name}' do not know entity '${q.entity}'`);
  return {
    name,
    entity: q.entity,
    neighbours: [{ id, cosine: selfCosine(l.index, id) }, ...nearestToRow(l.index, id, q.top).filter((n) => n.id !== id)].slice(0, q.top).map((n) => {
      const key = l.keys[n.id];
      return { entity: key, label: entityByKey(store.db, key)?.label ?? displayName(key), cosine: n.cosine };
    }),
  };
}

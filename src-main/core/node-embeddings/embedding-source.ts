/**
 * node-embeddings/ is where stored entity vectors are used, whichever model made them; it trains nothing. The vectors
 * come from core/embeddings (a KG embedding model's entity table, `model.list`) or core/gnn (a classification's hidden
 * layer, `gnn.embeddings`, kept by gnn/kg/hidden-layer-embeddings.ts). This file puts both kinds behind one name;
 * clustering, "similar to" and question-answering context read them through here.
 */
import type { EmbeddingSource } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import type { SimilarityIndex } from '../embeddings/kernels/similarity-index.js';
import { modelEmbeddingIndex, similarEntities } from '../embeddings/kg/predictions.js';
import { gnnEmbeddingIndex, gnnSimilarEntities } from '../gnn/kg/hidden-layer-embeddings.js';

export type { EmbeddingSource };

export const describeSource = (s: EmbeddingSource): string => (s.kind === 'model' ? `model '${s.name}'` : `GNN embeddings '${s.name}'`);

/** The source's entity keys and L2-normalised rows (cached with the model or embedding set). */
export function unitRows(store: KgStore, source: EmbeddingSource): { keys: string[]; index: SimilarityIndex } {
  if (source.kind === 'model') return modelEmbeddingIndex(store, source.name);
  const { keys, index } = gnnEmbeddingIndex(store, source.name);
  return { keys, index };
}

/** The entity's nearest entities by cosine, itself excluded, best first. */
export function nearestEntities(store: KgStore, source: EmbeddingSource, entity: string, top: number): Array<{ entity: string; label: string; cosine: number }> {
  const found = source.kind === 'model' ? similarEntities(store, source.name, { entity, top: top + 1 }) : gnnSimilarEntities(store, { entity, top: top + 1, name: source.name });
  return found.neighbours.filter((n) => n.entity !== entity).slice(0, top);
}

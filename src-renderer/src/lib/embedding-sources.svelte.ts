import type { EmbeddingSource } from '../../../src-main/contract/types';
import { client } from './client';

/**
 * The stored entity embeddings the app can reason with (similar entities, clusters, question-answering context):
 * KG embedding models (model.list) and GNN node embeddings (gnn.embeddings), as one list of choices.
 */
export interface EmbeddingChoice {
  /** `model:NAME` or `gnn:NAME`, for a <select>. */
  value: string;
  label: string;
  source: EmbeddingSource;
}

/** Bumped when a classification stored GNN embeddings (model training bumps `training.stored`), so lists refresh. */
export const embeddingsChanged = $state({ gnn: 0 });

export const choiceValue = (s: EmbeddingSource): string => `${s.kind}:${s.name}`;

export function sourceOf(value: string): EmbeddingSource | null {
  const cut = value.indexOf(':');
  if (cut < 0) return null;
  const kind = value.slice(0, cut), name = value.slice(cut + 1);
  return kind === 'model' || kind === 'gnn' ? { kind, name } : null;
}

/** GNN embeddings first (newest first), then the embedding models. Errors (no KG) give an empty list. */
export async function listEmbeddingChoices(): Promise<EmbeddingChoice[]> {
  const [gnn, models] = await Promise.all([client.call('gnn.embeddings', {}).catch(() => []), client.call('model.list', {}).catch(() => [])]);
  return [
    ...gnn.map((g) => ({ value: `gnn:${g.name}`, label: `GNN ${g.name} (${g.dim}-d)`, source: { kind: 'gnn', name: g.name } as const })),
    ...models.map((m) => ({ value: `model:${m.name}`, label: `${m.name} (${m.kind})`, source: { kind: 'model', name: m.name } as const })),
  ];
}

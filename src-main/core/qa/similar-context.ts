import type { EmbeddingSource, QaMention, QaSimilar } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { entityByKey } from '../store/kg-lookup.js';
import { describeSource, nearestEntities } from '../node-embeddings/embedding-source.js';
import { stem, words } from './text-tokens.js';

/** Questions that ask for what resembles an entity: what the graph's triples seldom state, embeddings can suggest. */
export const ASKS_FOR_SIMILAR = /\b(similar|similarity|resembl\w*|alike|akin|analogous|comparable|close to|closest to|nearest to)\b|\b(most|things|ones|entities) like\b/i;

/**
 * Embedding neighbours of the question's linked entities as model context `S<n>`: what a stored embedding puts
 * near them, by cosine. Never facts: each item says which embedding and cosine it rests on. Entities the
 * embedding does not know are skipped.
 */
export function similarContext(store: KgStore, source: EmbeddingSource, mentions: Array<Pick<QaMention, 'key' | 'label'>>, top = 5, maxMentions = 3): QaSimilar[] {
  const out: QaSimilar[] = [];
  const seen = new Set<string>();
  for (const m of mentions) {
    if (seen.has(m.key) || seen.size >= maxMentions) continue;
    seen.add(m.key);
    let near: ReturnType<typeof nearestEntities>;
    try {
      near = nearestEntities(store, source, m.key, top);
    } catch (err) {
      if (/does not know|do not know/.test((err as Error).message)) continue;
      throw err;
    }
    for (const n of near) {
      out.push({
        id: `S${out.length + 1}`,
        kind: 'similar',
        entity: { key: m.key, label: m.label },
        similar: { key: n.entity, label: n.label, type: entityByKey(store.db, n.entity)?.type ?? null },
        cosine: n.cosine,
        source,
        text: `${m.label} is near ${n.label} in ${describeSource(source)} (embedding cosine ${n.cosine.toFixed(2)}; a learned similarity, not a fact)`,
      });
    }
  }
  return out;
}

/**
 * "Nearest to Influenza by … : Pneumonia (0.83), …": an answer from the embedding alone, clearly marked as such.
 * "Which diseases are similar to …" keeps the neighbours of that type when there are any.
 */
export function answerFromSimilar(question: string, context: QaSimilar[]): { answer: string; steps: string[]; citations: string[] } | null {
  const asked = /\b(?:which|what|other)\s+(\p{L}+)/iu.exec(question)?.[1];
  const ofType = asked ? context.filter((c) => c.similar.type !== null && words(c.similar.type).map(stem).includes(stem(asked))) : [];
  const chosen = ofType.length ? ofType : context;
  if (chosen.length === 0) return null;
  const byEntity = new Map<string, QaSimilar[]>();
  for (const c of chosen) byEntity.set(c.entity.key, [...(byEntity.get(c.entity.key) ?? []), c]);
  const parts = [...byEntity.values()].map((items) => `${items[0].entity.label}: ${items.map((c) => `${c.similar.label} (${c.cosine.toFixed(2)})`).join(', ')}`);
  return {
    answer: `The graph states no such fact. Nearest by embedding similarity in ${describeSource(chosen[0].source)} — ${parts.join('; ')}. These are learned similarities, not stored facts.`,
    steps: chosen.map((c) => `${c.text} [${c.id}].`),
    citations: chosen.map((c) => c.id),
  };
}

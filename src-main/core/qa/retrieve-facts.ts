import type { QaFact, TripleView } from '../../contract/types.js';
import type { KgStore } from '../store/kg-store.js';
import { entityDetail } from '../store/kg-queries.js';
import { contentStems } from './text-tokens.js';

const LABEL_PREDICATES = new Set(['http://www.w3.org/2000/01/rdf-schema#label', 'http://www.w3.org/2004/02/skos/core#prefLabel']);

export function objectText(t: TripleView): string {
  return t.object.kind === 'entity' ? t.object.label : t.object.value;
}

/** A stored triple as a citable fact: `F<triple id>`; model predictions are marked, never passed off as facts. */
export function factFromTriple(t: TripleView): QaFact {
  const kind = t.provenance?.kind === 'model' ? 'predicted' : t.derived ? 'derived' : 'stored';
  return {
    id: `F${t.id}`,
    kind,
    subject: { key: t.subject.key, label: t.subject.label },
    predicate: { key: t.predicate.key, label: t.predicate.label.replace(/_/g, ' ') },
    object: t.object.kind === 'entity' ? { key: t.object.key, label: t.object.label } : { key: null, label: t.object.value },
    text: `${t.subject.label} — ${t.predicate.label.replace(/_/g, ' ')} — ${objectText(t)}${kind === 'predicted' ? ' (model prediction)' : ''}`,
    confidence: t.confidence,
    tripleId: t.id,
    provenance: t.provenance,
  };
}

/**
 * The question's relevant subgraph: the linked entities' facts (both directions), ranked by how many of the
 * question's words their predicate and other end share, plus the next hop from the best ones (Ulm → Germany).
 * Bounded: at most `limit` facts whatever the KG's size.
 */
export function retrieveFacts(store: KgStore, question: string, entityKeys: string[], limit = 40): QaFact[] {
  const q = new Set(contentStems(question));
  const overlap = (text: string): number => contentStems(text).filter((s) => q.has(s)).length;
  const scored = new Map<number, { triple: TripleView; score: number }>();
  const consider = (t: TripleView, base: number): void => {
    if (LABEL_PREDICATES.has(t.predicate.key) || scored.has(t.id)) return;
    const score = base + 2 * overlap(t.predicate.label) + overlap(objectText(t)) + overlap(t.subject.label) * 0.5 + (t.derived ? 0 : 0.1);
    scored.set(t.id, { triple: t, score });
  };
  for (const key of entityKeys) {
    const detail = entityDetail(store, key, 200);
    if (!detail) continue;
    for (const t of [...detail.outgoing, ...detail.incoming]) consider(t, 1);
  }
  const firstHop = [...scored.values()].sort((a, b) => b.score - a.score).slice(0, 5);
  for (const { triple } of firstHop) {
    if (triple.object.kind !== 'entity' || entityKeys.includes(triple.object.key)) continue;
    const next = entityDetail(store, triple.object.key, 50);
    for (const t of next?.outgoing ?? []) if (t.object.kind === 'entity' && !/type$/.test(t.predicate.key)) consider(t, 0);
  }
  return [...scored.values()]
    .sort((a, b) => b.score - a.score || a.triple.id - b.triple.id)
    .slice(0, limit)
    .map((s) => factFromTriple(s.triple));
}

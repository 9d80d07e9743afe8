/**
 * Clusters of entities in a stored embedding (a KG embedding model or GNN node embeddings): k-means++ over the
 * L2-normalised rows (Euclidean there is a monotone function of cosine), with the silhouette on a sample and, where
 * entities have types, purity and NMI against them next to the purity of a random assignment of the same sizes.
 */
import type { EmbeddingSource } from '../../contract/types.js';
import type { EntityCluster, EntityClusterMember, EntityClusters } from '../../contract/embeddings-types.js';
import { allEntityRows } from '../store/kg-lookup.js';
import type { KgStore } from '../store/kg-store.js';
import { displayName } from '../store/names.js';
import { classAgreement, randomPurity, sampledSilhouette } from './cluster-quality.js';
import { describeSource, unitRows } from './embedding-source.js';
import { kmeans } from './kmeans.js';

export interface ClusterOptions {
  source: EmbeddingSource;
  k: number;
  seed?: number;
  restarts?: number;
  /** Members listed per cluster. */
  members?: number;
  /** Include every entity's cluster. */
  assignment?: boolean;
  silhouetteSample?: number;
}

export function clusterEntities(store: KgStore, o: ClusterOptions): EntityClusters {
  const { keys, index } = unitRows(store, o.source);
  const { unit, count, width } = index;
  if (count < 2) throw new Error(`${describeSource(o.source)} has ${count} entit${count === 1 ? 'y' : 'ies'}: nothing to cluster`);
  const seed = o.seed ?? 1;
  const km = kmeans(unit, count, width, { k: o.k, seed, restarts: o.restarts ?? 4 });
  const { k, assignment } = km;

  // Renumber clusters by size, largest first (stable colours across runs of the same data).
  const sizes = new Int32Array(k);
  for (const c of assignment) sizes[c]++;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const renumber = new Int32Array(k);
  order.forEach((c, i) => (renumber[c] = i));
  const assigned = assignment.map((c) => renumber[c]);

  const info = new Map<string, { label: string | null; type: string | null }>();
  for (const r of allEntityRows(store.db)) {
    info.set(r.key, { label: r.label, type: r.type });
  }
  const typeOf = keys.map((key) => info.get(key)?.type ?? null);
  const typeIds = new Map<string, number>();
  const labels = Int32Array.from(typeOf, (t) => {
    if (t === null) return -1;
    if (!typeIds.has(t)) typeIds.set(t, typeIds.size);
    return typeIds.get(t)!;
  });
  let types: EntityClusters['types'] = null;
  if (typeIds.size >= 2) {
    const agree = classAgreement(assigned, labels, k, typeIds.size);
    types = { typed: agree.labelled, classes: typeIds.size, purity: agree.purity, nmi: agree.nmi, randomPurity: randomPurity(assigned, labels, k, typeIds.size, { seed }) };
  }
  const sil = sampledSilhouette(unit, count, width, assigned, k, { sample: o.silhouetteSample ?? 800, seed });

  // Cosine of each entity to its (normalised) centre.
  const cosine = new Float64Array(count);
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let j = 0; j < width; j++) norm += km.centroids[c * width + j] ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < count; i++) {
      if (assignment[i] !== c) continue;
      let s = 0;
      for (let j = 0; j < width; j++) s += unit[i * width + j] * km.centroids[c * width + j];
      cosine[i] = s * inv;
    }
  }
  const byCluster: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < count; i++) byCluster[assigned[i]].push(i);
  const top = o.members ?? 20;
  const clusters: EntityCluster[] = byCluster.map((ids, id) => {
    const typeCounts = new Map<string, number>();
    for (const i of ids) if (typeOf[i] !== null) typeCounts.set(typeOf[i]!, (typeCounts.get(typeOf[i]!) ?? 0) + 1);
    const members = [...ids].sort((a, b) => cosine[b] - cosine[a] || a - b).slice(0, top).map((i) => ({
      key: keys[i], label: info.get(keys[i])?.label ?? displayName(keys[i]), type: typeOf[i], cosine: cosine[i],
    }));
    return { id, size: ids.length, types: [...typeCounts].map(([type, n]) => ({ type, count: n })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)), members };
  });
  return {
    source: o.source, k, seed, entityCount: count, dim: width, iterations: km.iterations, inertia: km.inertia,
    silhouette: sil.silhouette, silhouetteSample: sil.sampled, types, clusters,
    assignment: o.assignment === false ? null : Object.fromEntries(keys.map((key, i) => [key, assigned[i]])),
  };
}

/**
 * The feature groups a KG node classification can use (classification-data.ts builds them), chosen by name:
 *   predicates        outgoing and incoming predicate indicators (the entity's properties)
 *   neighbour-labels  the training labels of the entity's neighbours (never a validation or test label)
 *   types             one-hot entity type, own and neighbours' (property targets only: for 'type' it is the target)
 *   degree            bucket ⌊log2(1 + degree)⌋
 *   text              bag of words of the entity's literal values (labels, descriptions, comments): lower-cased
 *                     tokens (camelCase split), stop words and numbers dropped, vocabulary = the TEXT_VOCABULARY
 *                     tokens found in the most entities (at least 2), binary like Cora's bag of words
 *   embedding:NAME    the rows of a stored embedding (`model:NAME` / `gnn:NAME`, or a bare NAME looked up among the
 *                     KG's embedding models, then its GNN embeddings), L2-normalised and split into [x⁺ | x⁻] so that
 *                     every value is ≥ 0 like the binary groups (features are row-normalised by their sum)
 * Groups keep one column order whatever order they are given in (the one above), so the default set is exactly the
 * binary features the classification always had. Embeddings that saw the target are refused (embeddingLeak).
 */
import type { EmbeddingSource } from '../../../contract/types.js';
import type { KgStore } from '../../store/kg-store.js';
import { hasModelTables, listKgModels } from '../../embeddings/kg/stored-models.js';
import { cachedModel } from '../../embeddings/kg/predictions.js';
import { describeSource, unitRows } from '../../node-embeddings/embedding-source.js';
import type { CsrMatrix } from '../kernels/csr-matrix.js';
import { gnnEmbeddingNames, gnnEmbeddingTarget } from './hidden-layer-embeddings.js';

export const FEATURE_GROUPS = ['predicates', 'neighbour-labels', 'types', 'degree', 'text'] as const;
export type FeatureGroup = (typeof FEATURE_GROUPS)[number];
const EMBEDDING_PREFIX = 'embedding:';

/** The features every classification used before they could be chosen (and still the default). */
export function defaultFeatures(target: string): string[] {
  return target === 'type' ? ['predicates', 'neighbour-labels', 'degree'] : ['predicates', 'neighbour-labels', 'types', 'degree'];
}

export interface FeatureChoice {
  readonly groups: ReadonlySet<FeatureGroup>;
  /** Embedding names as given after `embedding:`, in the order given, without repeats. */
  readonly embeddings: readonly string[];
  /** The choice in column order: groups as FEATURE_GROUPS lists them, then `embedding:NAME`s. */
  readonly canonical: readonly string[];
}

/** Validates a feature list (undefined: the default for the target). */
export function parseFeatures(list: readonly string[] | undefined, target: string): FeatureChoice {
  const given = list ?? defaultFeatures(target);
  const groups = new Set<FeatureGroup>();
  const embeddings: string[] = [];
  for (const raw of given) {
    const f = raw.trim();
    if (f.startsWith(EMBEDDING_PREFIX)) {
      const name = f.slice(EMBEDDING_PREFIX.length).trim();
      if (!name) throw new Error('feature "embedding:" needs a name: embedding:NAME (an embedding model or GNN embeddings stored in the KG)');
      if (!embeddings.includes(name)) embeddings.push(name);
    } else if ((FEATURE_GROUPS as readonly string[]).includes(f)) {
      groups.add(f as FeatureGroup);
    } else {
      throw new Error(`unknown feature "${f}" (supported: ${FEATURE_GROUPS.join(', ')}, embedding:NAME)`);
    }
  }
  if (groups.size === 0 && embeddings.length === 0) throw new Error('choose at least one feature group');
  if (target === 'type' && groups.has('types')) {
    throw new Error("feature 'types' is the target itself when classifying by type (the types of training entities reach their neighbours through 'neighbour-labels')");
  }
  const canonical = [...FEATURE_GROUPS.filter((g) => groups.has(g)), ...embeddings.map((e) => `${EMBEDDING_PREFIX}${e}`)];
  return { groups, embeddings, canonical };
}

const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both but by can
   could did do does doing down during each few for from further had has have having he her here hers herself him himself his how
   i if in into is it its itself just me more most my myself no nor not of off on once only or other our ours ourselves out over
   own same she should so some such than that the their theirs them themselves then there these they this those through to too
   under until up very was we were what when where which while who whom why will with would you your yours yourself yourselves
   may might must shall via per etc eg ie le la les de des du der die das und el los del et`.split(/\s+/),
);

/** Lower-cased word tokens of a literal: camelCase split, stop words, one-letter tokens and numbers dropped. */
export function textTokens(text: string): string[] {
  const words = text.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((w) => w.length > 1 && !/^\p{N}+$/u.test(w) && !STOP_WORDS.has(w));
}

/** Literals that read as text (plain, xsd:string, language-tagged), not numbers, dates or other typed values. */
export function isTextLiteral(datatype: string, lang: string): boolean {
  return lang !== '' || datatype === '' || datatype.endsWith('#string') || datatype.endsWith('#langString') || datatype === 'xsd:string';
}

/** Most tokens a text vocabulary keeps. */
const TEXT_VOCABULARY = 2000;
/** A token must occur in at least this many entities (one entity's token cannot generalise). */
const TEXT_MIN_ENTITIES = 2;

/** The vocabulary of per-entity token sets: tokens in the most entities first (then alphabetical), capped. */
export function textVocabulary(tokenSets: ReadonlyArray<ReadonlySet<string> | undefined>, max = TEXT_VOCABULARY): string[] {
  const df = new Map<string, number>();
  for (const set of tokenSets) if (set) for (const t of set) df.set(t, (df.get(t) ?? 0) + 1);
  return [...df]
    .filter(([, n]) => n >= TEXT_MIN_ENTITIES)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, max)
    .map(([t]) => t);
}

/** The stored embedding `name` names: `model:NAME`, `gnn:NAME`, or a bare name (embedding models first). */
export function resolveEmbedding(store: KgStore, name: string): EmbeddingSource {
  const models = new Set(hasModelTables(store.db) ? listKgModels(store).map((m) => m.name) : []);
  const gnn = new Set(gnnEmbeddingNames(store));
  if (name.startsWith('model:') && models.has(name.slice(6))) return { kind: 'model', name: name.slice(6) };
  if (name.startsWith('gnn:') && gnn.has(name.slice(4))) return { kind: 'gnn', name: name.slice(4) };
  if (models.has(name)) return { kind: 'model', name };
  if (gnn.has(name)) return { kind: 'gnn', name };
  const known = [...[...models].map((m) => `model:${m}`), ...[...gnn].map((g) => `gnn:${g}`)];
  throw new Error(`feature "embedding:${name}": no embedding model or GNN embeddings of that name in this KG${known.length ? ` (stored: ${known.join(', ')})` : ' (train a model or classify first)'}`);
}

/**
 * Why a stored embedding would leak the target, or null when it cannot: a KG embedding model trained on the
 * target's triples (the type predicate, or the target property) has learned them; GNN embeddings are the hidden
 * layer of a classification, which saw its own target's training labels and every other predicate as edges, so only
 * those of the same target and split (the app's split seed 0) are safe.
 */
export function embeddingLeak(store: KgStore, source: EmbeddingSource, target: string, targetKeys: readonly string[], splitSeed: number): string | null {
  if (source.kind === 'model') {
    const relations = new Set(cachedModel(store, source.name).model.relations);
    const seen = targetKeys.filter((k) => relations.has(k));
    if (seen.length === 0) return null;
    return `${describeSource(source)} was trained on ${seen[0]} triples, the target of this classification: its embeddings know the labels. ` +
      `Train one without them (relata train --db KG --exclude-predicates ${target === 'type' ? 'rdf:type' : seen[0]}) or use other features`;
  }
  const sourceTarget = gnnEmbeddingTarget(store, source.name);
  if (sourceTarget === undefined) return `no GNN embeddings named '${source.name}'`;
  if (sourceTarget !== target) {
    return `${describeSource(source)} come from a classification of ${sourceTarget}, whose graph holds this target's facts (${target}): only GNN embeddings of the same target can be features`;
  }
  if (splitSeed !== 0) return `${describeSource(source)} were trained on the training labels of split seed 0: with split seed ${splitSeed} they would know test labels`;
  return null;
}

/** Rows of a stored embedding for the given entity keys: [x⁺ | x⁻] of the L2-normalised row, zeros where absent. */
export function embeddingFeatureRows(store: KgStore, source: EmbeddingSource, nodeIds: readonly string[]): { width: number; rows: Float32Array } {
  const { keys, index } = unitRows(store, source);
  const w = index.width;
  const at = new Map(keys.map((k, i) => [k, i]));
  const rows = new Float32Array(nodeIds.length * 2 * w);
  nodeIds.forEach((key, i) => {
    const r = at.get(key);
    if (r === undefined) return;
    const o = i * 2 * w;
    for (let j = 0; j < w; j++) {
      const x = index.unit[r * w + j];
      if (x > 0) rows[o + j] = x;
      else if (x < 0) rows[o + w + j] = -x;
    }
  });
  return { width: 2 * w, rows };
}

/** [A | D]: A's columns, then the dense blocks' non-zero entries (each rows × width, row-major) after them. */
export function appendDenseColumns(a: CsrMatrix, blocks: ReadonlyArray<{ width: number; rows: Float32Array }>): CsrMatrix {
  let extra = 0;
  let nnz = a.colIdx.length;
  for (const b of blocks) {
    extra += b.width;
    for (const x of b.rows) if (x !== 0) nnz++;
  }
  const rowPtr = new Int32Array(a.rows + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let w = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]; p < a.rowPtr[i + 1]; p++) {
      colIdx[w] = a.colIdx[p];
      values[w++] = a.values[p];
    }
    let base = a.cols;
    for (const b of blocks) {
      const o = i * b.width;
      for (let j = 0; j < b.width; j++) {
        const x = b.rows[o + j];
        if (x !== 0) {
          colIdx[w] = base + j;
          values[w++] = x;
        }
      }
      base += b.width;
    }
    rowPtr[i + 1] = w;
  }
  return { rows: a.rows, cols: a.cols + extra, rowPtr, colIdx, values };
}

/**
 * Node classification over a Relata KG: every entity is a node, entity–entity triples are undirected edges.
 * Targets: `type` (labels from `entities.type`) or `prop:PREDICATE` (the object of the entity's PREDICATE triple,
 * an entity key or a literal value; with several, the value most entities share). Features are chosen by group
 * (feature-groups.ts), row-normalised later like the paper's; by default the binary indicators
 *   type:  [outgoing predicates | incoming predicates | neighbour labels (= types) | degree bucket ⌊log2(1 + degree)⌋]
 *   prop:  [outgoing predicates | incoming predicates | neighbour labels | own type | neighbour types | degree bucket]
 * and on request [… | text bag of words | embedding rows]. The target is never a feature of its own entity, the
 * triples that state it (rdf:type links; the target predicate) are no edges, and their literals are no text.
 * Labelled entities are split at random (seeded) 60/20/20 first, so that neighbour-label features read training
 * labels only: a validation or test entity's label never reaches any node's features.
 */
import { basename } from 'node:path';
import { entityKeysByIds, predicateIdByKey, predicateRows } from '../../store/kg-lookup.js';
import { KgStore } from '../../store/kg-store.js';
import {
  entityLabelTuples, entityTypeTuples, literalById, literalTripleTuples, mostUsedPredicateKey, subjectObjectPairs, tripleIdQuads,
} from '../../store/learning-reads.js';
import { TYPE_PREDICATE_KEYS } from '../../../contract/vocabulary.js';
import { csrFromCoo } from '../kernels/csr-matrix.js';
import { appendDenseColumns, embeddingFeatureRows, embeddingLeak, isTextLiteral, parseFeatures, resolveEmbedding, textTokens, textVocabulary } from './feature-groups.js';
import type { NodeClassificationData } from '../datasets/node-classification-data.js';
import { Mulberry32, shuffleInPlace } from '../../random/mulberry32.js';

export interface KgNodeClassificationOptions {
  /** What to predict: 'type' (entities.type) or 'prop:PREDICATE'. */
  readonly target: string;
  /** Seed of the random train/validation/test split. */
  readonly seed: number;
  readonly trainFraction?: number;
  readonly valFraction?: number;
  /** Feature groups (feature-groups.ts: predicates, neighbour-labels, types, degree, text, embedding:NAME); default: defaultFeatures(target). */
  readonly features?: readonly string[];
}

/** A run of feature columns that one group fills. */
export interface KgFeatureBlock {
  readonly group: string;
  readonly start: number;
  readonly size: number;
}

const DEGREE_BUCKETS = 16;
/** A property target keeps its most frequent values as classes; entities with rarer values stay unlabelled. */
const MAX_PROPERTY_CLASSES = 50;

/** A class as the object of a triple: an entity, or a literal. */
export type KgClassObject = { key: string } | { value: string; datatype: string; lang: string };

/** Entity–entity triples as typed edges for R-GCN (type and target predicates left out; no self-links). */
export interface KgRelationalEdges {
  readonly numRelations: number;
  readonly relationNames: readonly string[];
  readonly heads: Int32Array;
  readonly relations: Int32Array;
  readonly tails: Int32Array;
  /** The triple behind each edge. */
  readonly tripleIds: Int32Array;
}

export interface KgNodeClassificationData extends NodeClassificationData {
  /** 'type' or 'prop:PREDICATE'. */
  readonly target: string;
  /** The predicate that states a class: the KG's type predicate, or the target property. */
  readonly predicate: string;
  /** classObjects[k]: what class k is as a triple's object. */
  readonly classObjects: readonly KgClassObject[];
  readonly relational: KgRelationalEdges;
  /** The feature groups used, in column order. */
  readonly featureGroups: readonly string[];
  readonly featureBlocks: readonly KgFeatureBlock[];
  /** The tokens of the 'text' columns, in column order (empty without 'text'). */
  readonly textVocabulary: readonly string[];
}

/** The target's predicate key for 'prop:KEY', or null for 'type'; throws on anything else. */
function targetPredicate(target: string): string | null {
  if (target === 'type') return null;
  if (target.startsWith('prop:') && target.length > 5) return target.slice(5);
  throw new Error(`unknown --target "${target}" (supported: type, prop:PREDICATE)`);
}

/** The type predicate as the KG spells it (the most used of TYPE_PREDICATE_KEYS), or rdf:type's IRI. */
export function kgTypePredicate(store: KgStore): string {
  return mostUsedPredicateKey(store.db, TYPE_PREDICATE_KEYS) ?? TYPE_PREDICATE_KEYS[0];
}

export function loadKgNodeClassification(dbPath: string, options: KgNodeClassificationOptions): KgNodeClassificationData {
  const store = KgStore.open(dbPath, { mustExist: true, readonly: true });
  try {
    return kgNodeClassificationData(store, basename(dbPath).replace(/\.(sqlite|db)$/i, ''), options);
  } finally {
    store.close();
  }
}

interface KgLabels {
  readonly classNames: string[];
  readonly classObjects: KgClassObject[];
  /** Class per node, −1 where unknown. */
  readonly labels: Int32Array;
}

/** Labels from entities.type: classes are the sorted distinct types. */
function typeLabels(entities: Array<[number, string, string | null]>): KgLabels {
  const classNames = [...new Set(entities.map(([, , t]) => t).filter((t): t is string => !!t))].sort();
  const classOf = new Map(classNames.map((t, k) => [t, k]));
  const labels = Int32Array.from(entities, ([, , t]) => (t ? classOf.get(t)! : -1));
  return { classNames, classObjects: classNames.map((key) => ({ key })), labels };
}

/**
 * Labels from a property: an entity's class is the object of its `predicate` triple; with several, the object most
 * entities share (then the earliest triple). The MAX_PROPERTY_CLASSES most frequent objects are the classes.
 */
function propertyLabels(store: KgStore, predicate: string, index: Map<number, number>, n: number, name: string): KgLabels {
  const db = store.db;
  const p = predicateIdByKey(db, predicate);
  if (p === undefined) throw new Error(`${name}: no predicate "${predicate}" in the KG`);
  const rows = subjectObjectPairs(db, p);
  const frequency = new Map<number, number>();
  for (const [, o] of rows) frequency.set(o, (frequency.get(o) ?? 0) + 1);
  const valueOf = new Map<number, number>();
  for (const [s, o] of rows) {
    const i = index.get(s);
    if (i === undefined) continue;
    const held = valueOf.get(i);
    if (held === undefined || frequency.get(o)! > frequency.get(held)!) valueOf.set(i, o);
  }
  const entitiesPer = new Map<number, number>();
  for (const o of valueOf.values()) entitiesPer.set(o, (entitiesPer.get(o) ?? 0) + 1);
  const kept = [...entitiesPer].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, MAX_PROPERTY_CLASSES).map(([o]) => o);
  const entityKey = entityKeysByIds(db, kept.filter((o) => o > 0));
  const described = kept.map((o): { object: number; name: string; value: KgClassObject } => {
    if (o > 0) {
      const key = entityKey.get(o)!;
      return { object: o, name: key, value: { key } };
    }
    const l = literalById(db, -o)!;
    return { object: o, name: l.value, value: { value: l.value, datatype: l.datatype, lang: l.lang } };
  });
  described.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.object - b.object));
  const seen = new Set<string>();
  for (const d of described) {
    // An entity key and a literal may read the same; class names must not.
    if (seen.has(d.name)) d.name = `${d.name} (${d.object > 0 ? 'entity' : 'literal'})`;
    seen.add(d.name);
  }
  const classOf = new Map(described.map((d, k) => [d.object, k]));
  const labels = new Int32Array(n).fill(-1);
  for (const [i, o] of valueOf) labels[i] = classOf.get(o) ?? -1;
  return { classNames: described.map((d) => d.name), classObjects: described.map((d) => d.value), labels };
}

export function kgNodeClassificationData(store: KgStore, name: string, options: KgNodeClassificationOptions): KgNodeClassificationData {
  const property = targetPredicate(options.target);
  const choice = parseFeatures(options.features, options.target);
  const use = (g: 'predicates' | 'neighbour-labels' | 'types' | 'degree' | 'text'): boolean => choice.groups.has(g);
  const trainFraction = options.trainFraction ?? 0.6;
  const valFraction = options.valFraction ?? 0.2;
  const db = store.db;

  const entities = entityTypeTuples(db);
  const n = entities.length;
  if (n === 0) throw new Error(`${name}: the KG has no entities`);
  const index = new Map<number, number>();
  const nodeIds: string[] = [];
  entities.forEach(([id, key], i) => {
    index.set(id, i);
    nodeIds.push(key);
  });
  const { classNames, classObjects, labels } = property === null ? typeLabels(entities) : propertyLabels(store, property, index, n, name);
  const what = property === null ? 'types' : `values of ${property}`;
  if (classNames.length < 2) throw new Error(`${name}: entities need at least 2 distinct ${what} to classify (found ${classNames.length})`);

  const labelled = Int32Array.from(labels.keys()).filter((i) => labels[i] >= 0);
  if (labelled.length < 3) throw new Error(`${name}: only ${labelled.length} entities have ${property === null ? 'a type' : `a value of ${property}`}; need at least 3`);
  shuffleInPlace(labelled, new Mulberry32(options.seed));
  const nTrain = Math.max(1, Math.round(labelled.length * trainFraction));
  const nVal = Math.max(1, Math.min(labelled.length - nTrain - 1, Math.round(labelled.length * valFraction)));
  const trainLabel = new Int32Array(n).fill(-1);
  for (const i of labelled.subarray(0, nTrain)) trainLabel[i] = labels[i];

  const excluded = property === null ? TYPE_PREDICATE_KEYS : [...TYPE_PREDICATE_KEYS, property];
  const predicates = predicateRows(db).filter((r) => !excluded.includes(r.key));
  const predIndex = new Map(predicates.map(({ id }, k) => [id, k]));
  const numPred = predicates.length;
  const numClasses = classNames.length;
  // Property targets also see entity types (not the target there): the entity's own and its neighbours'.
  const typeNames = property === null || !use('types') ? [] : [...new Set(entities.map(([, , t]) => t).filter((t): t is string => !!t))].sort();
  const typeOf = new Map(typeNames.map((t, k) => [t, k]));
  const entityType = Int32Array.from(entities, ([, , t]) => (t && typeOf.has(t) ? typeOf.get(t)! : -1));
  const predicateWidth = use('predicates') ? 2 * numPred : 0;
  const labelBase = predicateWidth;
  const ownTypeBase = labelBase + (use('neighbour-labels') ? numClasses : 0);
  const neighbourTypeBase = ownTypeBase + typeNames.length;
  const degreeBase = neighbourTypeBase + typeNames.length;
  const textBase = degreeBase + (use('degree') ? DEGREE_BUCKETS : 0);
  const withPredicates = use('predicates');
  const withLabels = use('neighbour-labels');

  const src: number[] = [];
  const dst: number[] = [];
  const rel: number[] = [];
  const tripleIds: number[] = [];
  const fRow: number[] = [];
  const fCol: number[] = [];
  const degree = new Int32Array(n);
  for (const [id, s, p, o] of tripleIdQuads(db)) {
    const i = index.get(s);
    const k = predIndex.get(p);
    if (i === undefined || k === undefined) continue;
    if (withPredicates) (fRow.push(i), fCol.push(k));
    degree[i]++;
    if (o <= 0) continue; // a literal object: counts as an outgoing predicate only
    const j = index.get(o);
    if (j === undefined) continue;
    if (withPredicates) (fRow.push(j), fCol.push(numPred + k));
    degree[j]++;
    if (i === j) continue;
    src.push(i);
    dst.push(j);
    rel.push(k);
    tripleIds.push(id);
    if (withLabels && trainLabel[j] >= 0) (fRow.push(i), fCol.push(labelBase + trainLabel[j]));
    if (withLabels && trainLabel[i] >= 0) (fRow.push(j), fCol.push(labelBase + trainLabel[i]));
    if (entityType[j] >= 0) (fRow.push(i), fCol.push(neighbourTypeBase + entityType[j]));
    if (entityType[i] >= 0) (fRow.push(j), fCol.push(neighbourTypeBase + entityType[i]));
  }
  for (let i = 0; i < n; i++) {
    if (entityType[i] >= 0) (fRow.push(i), fCol.push(ownTypeBase + entityType[i]));
    if (use('degree')) (fRow.push(i), fCol.push(degreeBase + Math.min(DEGREE_BUCKETS - 1, Math.floor(Math.log2(1 + degree[i])))));
  }
  const vocabulary = use('text') ? textFeatures(db, entities, index, predIndex, property, fRow, fCol, textBase) : [];
  const binaryWidth = textBase + vocabulary.length;
  const counted = csrFromCoo(n, binaryWidth, Int32Array.from(fRow), Int32Array.from(fCol));
  const binary = { ...counted, values: new Float32Array(counted.values.length).fill(1) };
  const typeKeys = property === null ? TYPE_PREDICATE_KEYS : [property];
  const dense = choice.embeddings.map((e) => {
    const source = resolveEmbedding(store, e);
    const leak = embeddingLeak(store, source, options.target, typeKeys, options.seed);
    if (leak) throw new Error(`feature "embedding:${e}": ${leak}`);
    return { name: e, ...embeddingFeatureRows(store, source, nodeIds) };
  });
  const features = dense.length ? appendDenseColumns(binary, dense) : binary;
  const numFeatures = features.cols;
  const blocks: KgFeatureBlock[] = [];
  const block = (group: string, start: number, size: number) => void (choice.canonical.includes(group) && blocks.push({ group, start, size }));
  block('predicates', 0, predicateWidth);
  block('neighbour-labels', labelBase, ownTypeBase - labelBase);
  block('types', ownTypeBase, degreeBase - ownTypeBase);
  block('degree', degreeBase, textBase - degreeBase);
  block('text', textBase, vocabulary.length);
  let at = binaryWidth;
  for (const d of dense) {
    blocks.push({ group: `embedding:${d.name}`, start: at, size: d.width });
    at += d.width;
  }
  if (numFeatures === 0) throw new Error(`${name}: the features ${choice.canonical.join(', ')} give no columns on this KG (no text literals?)`);

  const sorted = (a: Int32Array) => a.slice().sort();
  const edgeSrc = Int32Array.from(src);
  const edgeDst = Int32Array.from(dst);

  return {
    name,
    numNodes: n,
    numFeatures,
    numClasses,
    features,
    edgeSrc,
    edgeDst,
    labels,
    classNames,
    nodeIds,
    trainIdx: sorted(labelled.subarray(0, nTrain)),
    valIdx: sorted(labelled.subarray(nTrain, nTrain + nVal)),
    testIdx: sorted(labelled.subarray(nTrain + nVal)),
    target: options.target,
    predicate: property ?? kgTypePredicate(store),
    classObjects,
    relational: {
      numRelations: numPred,
      relationNames: predicates.map(({ key }) => key),
      heads: edgeSrc,
      relations: Int32Array.from(rel),
      tails: edgeDst,
      tripleIds: Int32Array.from(tripleIds),
    },
    featureGroups: choice.canonical,
    featureBlocks: blocks,
    textVocabulary: vocabulary,
  };
}

/**
 * Bag-of-words columns (textBase + token) of each entity's literal text: its label and the text literals of its
 * triples, minus the target's (the type predicates, the target property): a string equal to one of the entity's
 * target literals is dropped too (a label that repeats the target value). Returns the vocabulary.
 */
function textFeatures(
  db: KgStore['db'],
  entities: Array<[number, string, string | null]>,
  index: Map<number, number>,
  predIndex: Map<number, number>,
  property: string | null,
  fRow: number[],
  fCol: number[],
  textBase: number,
): string[] {
  const texts = new Map<number, Set<string>>();
  const add = (i: number, text: string) => {
    let set = texts.get(i);
    if (!set) texts.set(i, (set = new Set()));
    set.add(text);
  };
  for (const [id, label] of entityLabelTuples(db)) {
    const i = index.get(id);
    if (i !== undefined) add(i, label);
  }
  const targetP = property === null ? undefined : predicateIdByKey(db, property);
  const targetTexts = new Map<number, Set<string>>();
  for (const [s, p, value, datatype, lang] of literalTripleTuples(db)) {
    const i = index.get(s);
    if (i === undefined) continue;
    if (p === targetP) {
      let set = targetTexts.get(i);
      if (!set) targetTexts.set(i, (set = new Set()));
      set.add(value);
    } else if (predIndex.has(p) && isTextLiteral(datatype, lang)) {
      add(i, value);
    }
  }
  const tokenSets: Array<Set<string> | undefined> = new Array(entities.length);
  for (const [i, set] of texts) {
    const banned = targetTexts.get(i);
    const tokens = new Set<string>();
    for (const text of set) if (!banned?.has(text)) for (const t of textTokens(text)) tokens.add(t);
    if (tokens.size) tokenSets[i] = tokens;
  }
  const vocabulary = textVocabulary(tokenSets);
  const column = new Map(vocabulary.map((t, k) => [t, textBase + k]));
  tokenSets.forEach((tokens, i) => {
    if (!tokens) return;
    for (const t of tokens) {
      const c = column.get(t);
      if (c !== undefined) (fRow.push(i), fCol.push(c));
    }
  });
  return vocabulary;
}

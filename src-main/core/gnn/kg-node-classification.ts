/**
 * Node classification over a Relata KG: every entity is a node, entity–entity triples are undirected edges,
 * labels come from `entities.type`. Features are binary indicators, row-normalised later like the paper's:
 *   [outgoing predicates | incoming predicates | neighbour types | degree bucket ⌊log2(1 + degree)⌋].
 * The entity's own type is never a feature, and type links (rdf:type triples, which state the label) are no edges.
 * Labelled entities are split at random (seeded) 60/20/20 first, so that neighbour-type features read training
 * labels only: a validation or test entity's type never reaches any node's features.
 */
import { basename } from 'node:path';
import { KgStore } from '../store/kg-store.js';
import { csrFromCoo } from './csr.js';
import type { NodeClassificationData } from './node-classification.js';
import { Mulberry32, shuffleInPlace } from './prng.js';

export interface KgNodeClassificationOptions {
  /** What to predict; only 'type' (entities.type) for now. */
  readonly target: string;
  /** Seed of the random train/validation/test split. */
  readonly seed: number;
  readonly trainFraction?: number;
  readonly valFraction?: number;
}

const DEGREE_BUCKETS = 16;

/** Predicate keys that state an entity's type: the target itself, so never an edge or a feature. */
export const TYPE_PREDICATE_KEYS: readonly string[] = ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'rdf:type'];

export function loadKgNodeClassification(dbPath: string, options: KgNodeClassificationOptions): NodeClassificationData {
  const store = KgStore.open(dbPath, { mustExist: true, readonly: true });
  try {
    return kgNodeClassificationData(store, basename(dbPath).replace(/\.(sqlite|db)$/i, ''), options);
  } finally {
    store.close();
  }
}

export function kgNodeClassificationData(store: KgStore, name: string, options: KgNodeClassificationOptions): NodeClassificationData {
  if (options.target !== 'type') throw new Error(`unknown --target "${options.target}" (supported: type)`);
  const trainFraction = options.trainFraction ?? 0.6;
  const valFraction = options.valFraction ?? 0.2;
  const db = store.db;

  const entities = db.prepare('SELECT id, key, type FROM entities ORDER BY id').raw().all() as Array<[number, string, string | null]>;
  const n = entities.length;
  if (n === 0) throw new Error(`${name}: the KG has no entities`);
  const index = new Map<number, number>();
  const nodeIds: string[] = [];
  entities.forEach(([id, key], i) => {
    index.set(id, i);
    nodeIds.push(key);
  });
  const classNames = [...new Set(entities.map(([, , t]) => t).filter((t): t is string => !!t))].sort();
  const classOf = new Map(classNames.map((t, k) => [t, k]));
  const labels = Int32Array.from(entities, ([, , t]) => (t ? classOf.get(t)! : -1));
  if (classNames.length < 2) throw new Error(`${name}: entities need at least 2 distinct types to classify (found ${classNames.length})`);

  const labelled = Int32Array.from(labels.keys()).filter((i) => labels[i] >= 0);
  if (labelled.length < 3) throw new Error(`${name}: only ${labelled.length} entities have a type; need at least 3`);
  shuffleInPlace(labelled, new Mulberry32(options.seed));
  const nTrain = Math.max(1, Math.round(labelled.length * trainFraction));
  const nVal = Math.max(1, Math.min(labelled.length - nTrain - 1, Math.round(labelled.length * valFraction)));
  const trainLabel = new Int32Array(n).fill(-1);
  for (const i of labelled.subarray(0, nTrain)) trainLabel[i] = labels[i];

  const typeKeys = TYPE_PREDICATE_KEYS.map(() => '?').join(', ');
  const predicateIds = db.prepare(`SELECT id FROM predicates WHERE key NOT IN (${typeKeys}) ORDER BY id`).pluck().all(...TYPE_PREDICATE_KEYS) as number[];
  const predIndex = new Map(predicateIds.map((id, k) => [id, k]));
  const numPred = predicateIds.length;
  const numTypes = classNames.length;
  const typeBase = 2 * numPred;
  const degreeBase = typeBase + numTypes;

  const src: number[] = [];
  const dst: number[] = [];
  const fRow: number[] = [];
  const fCol: number[] = [];
  const degree = new Int32Array(n);
  for (const [s, p, o] of db.prepare('SELECT s, p, o FROM triples').raw().iterate() as Iterable<[number, number, number]>) {
    const i = index.get(s);
    const k = predIndex.get(p);
    if (i === undefined || k === undefined) continue;
    fRow.push(i);
    fCol.push(k);
    degree[i]++;
    if (o <= 0) continue; // a literal object: counts as an outgoing predicate only
    const j = index.get(o);
    if (j === undefined) continue;
    fRow.push(j);
    fCol.push(numPred + k);
    degree[j]++;
    if (i === j) continue;
    src.push(i);
    dst.push(j);
    if (trainLabel[j] >= 0) (fRow.push(i), fCol.push(typeBase + trainLabel[j]));
    if (trainLabel[i] >= 0) (fRow.push(j), fCol.push(typeBase + trainLabel[i]));
  }
  for (let i = 0; i < n; i++) {
    fRow.push(i);
    fCol.push(degreeBase + Math.min(DEGREE_BUCKETS - 1, Math.floor(Math.log2(1 + degree[i]))));
  }
  const numFeatures = degreeBase + DEGREE_BUCKETS;
  const counted = csrFromCoo(n, numFeatures, Int32Array.from(fRow), Int32Array.from(fCol));
  const features = { ...counted, values: new Float32Array(counted.values.length).fill(1) };

  const sorted = (a: Int32Array) => a.slice().sort();

  return {
    name,
    numNodes: n,
    numFeatures,
    numClasses: numTypes,
    features,
    edgeSrc: Int32Array.from(src),
    edgeDst: Int32Array.from(dst),
    labels,
    classNames,
    nodeIds,
    trainIdx: sorted(labelled.subarray(0, nTrain)),
    valIdx: sorted(labelled.subarray(nTrain, nTrain + nVal)),
    testIdx: sorted(labelled.subarray(nTrain + nVal)),
  };
}

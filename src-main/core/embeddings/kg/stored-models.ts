import { entityIdByKey, predicateIdByKey, tripleExists } from '../../store/kg-lookup.js';
import type { KgStore, DatabaseHandle } from '../../store/kg-store.js';
import type { KgModelSummary, ModelCurvePoint, TrainingConfig } from '../../../contract/embeddings-types.js';
import { isModelName } from '../models/model-resolver.js';
import { createParams, type EmbeddingParams } from '../models/embedding-params.js';

/**
 * Models stored with the KG (schema migration 4, tables `models` and `model_negatives`). A model row holds
 * its settings, metrics (per relation too), training curve and vocabulary as JSON, and its parameters as
 * one little-endian float32 BLOB: entity rows (in `entities` order) then relation rows (inverses after
 * the relations when reciprocal), the same layout as the .rkge file body.
 */
export interface KgModel {
  summary: KgModelSummary;
  params: EmbeddingParams;
  entities: string[];
  relations: string[];
}

interface ModelRow {
  id: number;
  name: string;
  kind: string;
  settings: string;
  metrics: string | null;
  curve: string | null;
  entities: string;
  relations: string;
  params: Buffer;
  created_at: string;
}

function summaryOf(r: Omit<ModelRow, 'params'>, entityCount: number, relationCount: number): KgModelSummary {
  if (!isModelName(r.kind)) throw new Error(`stored model '${r.name}' has an unknown kind '${r.kind}'`);
  return {
    name: r.name, kind: r.kind, settings: JSON.parse(r.settings) as TrainingConfig, metrics: r.metrics ? (JSON.parse(r.metrics) as Record<string, unknown>) : null,
    curve: r.curve ? (JSON.parse(r.curve) as ModelCurvePoint[]) : [], entityCount, relationCount, createdAt: r.created_at,
  };
}

export function hasModelTables(db: DatabaseHandle): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'models'").get() !== undefined;
}

/** Stores (or replaces, by name) a trained model. Call inside a write transaction or on its own. */
export function saveKgModel(
  store: KgStore, name: string, params: EmbeddingParams, names: { entities: string[]; relations: string[] },
  extra: { settings: TrainingConfig; metrics?: Record<string, unknown> | null; curve?: ModelCurvePoint[] },
): KgModelSummary {
  if (!name.trim()) throw new Error('a model needs a name');
  if (names.entities.length !== params.numEntities || names.relations.length !== params.numRelations) throw new Error('model vocabulary does not match its parameters');
  const blob = Buffer.concat([
    Buffer.from(params.entities.buffer, params.entities.byteOffset, params.entities.byteLength),
    Buffer.from(params.relations.buffer, params.relations.byteOffset, params.relations.byteLength),
  ]);
  const createdAt = new Date().toISOString();
  store.db
    .prepare(
      `INSERT INTO models(name, kind, settings, metrics, curve, entities, relations, params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, settings = excluded.settings, metrics = excluded.metrics, curve = excluded.curve,
         entities = excluded.entities, relations = excluded.relations, params = excluded.params, created_at = excluded.created_at`,
    )
    .run(name, params.model, JSON.stringify(extra.settings), extra.metrics ? JSON.stringify(extra.metrics) : null, JSON.stringify(extra.curve ?? []),
      JSON.stringify(names.entities), JSON.stringify(names.relations), blob, createdAt);
  return summaryOf({ id: 0, name, kind: params.model, settings: JSON.stringify(extra.settings), metrics: extra.metrics ? JSON.stringify(extra.metrics) : null, curve: JSON.stringify(extra.curve ?? []), entities: '', relations: '', created_at: createdAt }, names.entities.length, names.relations.length);
}

/** Every stored model, newest first (without parameters). */
export function listKgModels(store: KgStore): KgModelSummary[] {
  if (!hasModelTables(store.db)) return [];
  const rows = store.db
    .prepare('SELECT id, name, kind, settings, metrics, curve, json_array_length(entities) AS ne, json_array_length(relations) AS nr, created_at FROM models ORDER BY created_at DESC, id DESC')
    .all() as Array<Omit<ModelRow, 'params' | 'entities' | 'relations'> & { ne: number; nr: number }>;
  return rows.map((r) => summaryOf({ ...r, entities: '', relations: '' }, r.ne, r.nr));
}

export function loadKgModel(store: KgStore, name: string): KgModel {
  const row = hasModelTables(store.db) ? (store.db.prepare('SELECT * FROM models WHERE name = ?').get(name) as ModelRow | undefined) : undefined;
  if (!row) throw new Error(`no stored model named '${name}' in this KG`);
  const entities = JSON.parse(row.entities) as string[];
  const relations = JSON.parse(row.relations) as string[];
  const summary = summaryOf(row, entities.length, relations.length);
  const params = createParams({ model: summary.kind, dim: summary.settings.dim, reciprocal: summary.settings.reciprocal, numEntities: entities.length, numRelations: relations.length });
  const expected = 4 * (params.entities.length + params.relations.length);
  if (row.params.length !== expected) throw new Error(`stored model '${name}': expected ${expected} parameter bytes, found ${row.params.length}`);
  const floats = new Float32Array(params.entities.length + params.relations.length);
  new Uint8Array(floats.buffer).set(row.params);
  params.entities.set(floats.subarray(0, params.entities.length));
  params.relations.set(floats.subarray(params.entities.length));
  return { summary, params, entities, relations };
}

export interface RejectedTriple {
  subject: string;
  predicate: string;
  object: string;
  model: string;
  score: number | null;
  createdAt: string;
}

/** Records a rejected prediction (entity keys must exist in the KG); returns false when it was already rejected. */
export function addRejectedTriple(store: KgStore, t: { subject: string; predicate: string; object: string; model: string; score: number | null }): boolean {
  const id = (table: 'entities' | 'predicates', key: string): number => {
    const found = table === 'entities' ? entityIdByKey(store.db, key) : predicateIdByKey(store.db, key);
    if (found === undefined) throw new Error(`no ${table === 'entities' ? 'entity' : 'predicate'} '${key}' in this KG`);
    return found;
  };
  const s = id('entities', t.subject), p = id('predicates', t.predicate), o = id('entities', t.object);
  if (tripleExists(store.db, { s, p, o })) {
    throw new Error(`(${t.subject}, ${t.predicate}, ${t.object}) is a fact in the KG; delete the triple instead of rejecting it`);
  }
  const info = store.db
    .prepare('INSERT OR IGNORE INTO model_negatives(s, p, o, model, score, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(s, p, o, t.model, t.score, new Date().toISOString());
  return info.changes > 0;
}

/** Forgets a rejection (the triple was accepted after all). */
export function listRejectedTriples(db: DatabaseHandle): RejectedTriple[] {
  if (!hasModelTables(db)) return [];
  const rows = db
    .prepare(
      `SELECT es.key AS subject, p.key AS predicate, eo.key AS object, n.model, n.score, n.created_at AS createdAt
         FROM model_negatives n JOIN entities es ON es.id = n.s JOIN predicates p ON p.id = n.p JOIN entities eo ON eo.id = n.o ORDER BY n.id`,
    )
    .all() as RejectedTriple[];
  return rows;
}

import type { TrainingConfig } from '../training/training-config.js';
import { resolveModel, type ModelName } from './model-resolver.js';
import type { Prng } from '../../random/mulberry32.js';

/** Learned rows of one model. Buffers may be SharedArrayBuffer-backed so worker threads read them in place. */
export interface EmbeddingParams {
  model: ModelName;
  dim: number;
  reciprocal: boolean;
  numEntities: number;
  /** Relations of the KG; relation rows = 2x this with reciprocal relations (row r + numRelations = inverse of r). */
  numRelations: number;
  entityWidth: number;
  relationWidth: number;
  entities: Float32Array;
  relations: Float32Array;
}

export function relationRowCount(p: Pick<EmbeddingParams, 'numRelations' | 'reciprocal'>): number {
  return p.reciprocal ? 2 * p.numRelations : p.numRelations;
}

function allocate(n: number, shared: boolean): Float32Array {
  return shared ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n);
}

export function createParams(
  shape: { model: ModelName; dim: number; reciprocal: boolean; numEntities: number; numRelations: number },
  shared = false,
): EmbeddingParams {
  const m = resolveModel(shape.model);
  const entityWidth = m.entityWidth(shape.dim);
  const relationWidth = m.relationWidth(shape.dim);
  const base = { ...shape, entityWidth, relationWidth };
  return {
    ...base,
    entities: allocate(shape.numEntities * entityWidth, shared),
    relations: allocate(relationRowCount(base) * relationWidth, shared),
  };
}

/** Normal(0, initScale) rows; initScale 0 = uniform +-6/sqrt(dim) (Bordes et al. 2013); RotatE phases uniform in [-pi, pi]. */
export function initialiseParams(p: EmbeddingParams, cfg: Pick<TrainingConfig, 'initScale'>, rng: Prng): void {
  const fill = (a: Float32Array) => {
    if (cfg.initScale > 0) for (let i = 0; i < a.length; i++) a[i] = cfg.initScale * rng.normal();
    else {
      const b = 6 / Math.sqrt(p.dim);
      for (let i = 0; i < a.length; i++) a[i] = (2 * rng.next() - 1) * b;
    }
  };
  fill(p.entities);
  if (resolveModel(p.model).phaseRelations) for (let i = 0; i < p.relations.length; i++) p.relations[i] = (2 * rng.next() - 1) * Math.PI;
  else fill(p.relations);
}

export function normaliseRows(a: Float32Array, width: number): void {
  for (let o = 0; o < a.length; o += width) {
    let s = 0;
    for (let i = o; i < o + width; i++) s += a[i] * a[i];
    if (s === 0) continue;
    const f = 1 / Math.sqrt(s);
    for (let i = o; i < o + width; i++) a[i] *= f;
  }
}

export function cloneParams(p: EmbeddingParams): EmbeddingParams {
  return { ...p, entities: Float32Array.from(p.entities), relations: Float32Array.from(p.relations) };
}

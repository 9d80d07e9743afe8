import { readFileSync, writeFileSync } from 'node:fs';
import type { TrainingConfig } from '../training/training-config.js';
import { isModelName } from './model-resolver.js';
import { relationRowCount, type EmbeddingParams } from './embedding-params.js';

/**
 * Stored model file (`.rkge`), little-endian:
 *   bytes 0..7   magic "RKGE0001"
 *   bytes 8..11  uint32 header length H
 *   H bytes      UTF-8 JSON header (ModelFileHeader: model, dim, names, settings, metrics)
 *   zero padding to a multiple of 4
 *   float32[numEntities * entityWidth]      entity rows, in `entities` order
 *   float32[relationRows * relationWidth]   relation rows, in `relations` order, then their inverses
 *                                           (row numRelations + r) when `reciprocal`
 */
const MAGIC = 'RKGE0001';

export interface ModelFileHeader {
  format: 'relata-kge';
  version: 1;
  model: EmbeddingParams['model'];
  dim: number;
  reciprocal: boolean;
  entityWidth: number;
  relationWidth: number;
  entities: string[];
  relations: string[];
  config?: TrainingConfig;
  metrics?: Record<string, unknown>;
  createdAt: string;
}

export interface StoredModel {
  header: ModelFileHeader;
  params: EmbeddingParams;
}

export function encodeModelFile(params: EmbeddingParams, names: { entities: string[]; relations: string[] }, extra: { config?: TrainingConfig; metrics?: Record<string, unknown> } = {}): Buffer {
  const header: ModelFileHeader = {
    format: 'relata-kge', version: 1, model: params.model, dim: params.dim, reciprocal: params.reciprocal,
    entityWidth: params.entityWidth, relationWidth: params.relationWidth, entities: names.entities, relations: names.relations,
    ...extra, createdAt: new Date().toISOString(),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((12 + json.length) % 4)) % 4;
  const head = Buffer.alloc(12 + json.length + pad);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 8);
  json.copy(head, 12);
  const floats = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  return Buffer.concat([head, floats(params.entities), floats(params.relations)]);
}

export function decodeModelFile(buf: Buffer, source = 'model file'): StoredModel {
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) throw new Error(`${source} is not a Relata model file (no RKGE0001 magic)`);
  const len = buf.readUInt32LE(8);
  let header: ModelFileHeader;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + len)) as ModelFileHeader;
  } catch {
    throw new Error(`${source}: unreadable header`);
  }
  if (header.format !== 'relata-kge' || header.version !== 1 || !isModelName(header.model)) throw new Error(`${source}: unsupported header (format ${header.format}, version ${header.version}, model ${header.model})`);
  const numEntities = header.entities.length, numRelations = header.relations.length;
  const shape = { numRelations, reciprocal: header.reciprocal };
  const ne = numEntities * header.entityWidth, nr = relationRowCount(shape) * header.relationWidth;
  const start = 12 + len + ((4 - ((12 + len) % 4)) % 4);
  if (buf.length !== start + 4 * (ne + nr)) throw new Error(`${source}: expected ${start + 4 * (ne + nr)} bytes, found ${buf.length}`);
  const body = new Float32Array(ne + nr);
  new Uint8Array(body.buffer).set(buf.subarray(start));
  const params: EmbeddingParams = {
    model: header.model, dim: header.dim, reciprocal: header.reciprocal, numEntities, numRelations,
    entityWidth: header.entityWidth, relationWidth: header.relationWidth,
    entities: body.subarray(0, ne), relations: body.subarray(ne),
  };
  return { header, params };
}

export function saveModelFile(path: string, params: EmbeddingParams, names: { entities: string[]; relations: string[] }, extra: { config?: TrainingConfig; metrics?: Record<string, unknown> } = {}): void {
  writeFileSync(path, encodeModelFile(params, names, extra));
}

export function loadModelFile(path: string): StoredModel {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    throw new Error(`cannot read model file ${path}`);
  }
  return decodeModelFile(buf, path);
}

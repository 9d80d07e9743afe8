import { describe, it, expect } from 'vitest';
import { decodeModelFile, encodeModelFile } from './model-file.js';
import { createParams, initialiseParams } from './embedding-params.js';
import { createPrng } from '../../random/mulberry32.js';

describe('model file', () => {
  it('round-trips rows, names and settings', () => {
    const p = createParams({ model: 'rotate', dim: 6, reciprocal: true, numEntities: 3, numRelations: 2 });
    initialiseParams(p, { initScale: 0.5 }, createPrng(3));
    const buf = encodeModelFile(p, { entities: ['a', 'b', 'ç'], relations: ['r', 's'] }, { metrics: { mrr: 0.5 } });
    const { header, params } = decodeModelFile(buf);
    expect(header.entities).toEqual(['a', 'b', 'ç']);
    expect(header.metrics).toEqual({ mrr: 0.5 });
    expect(params.relations.length).toBe(4 * 3);
    expect(Array.from(params.entities)).toEqual(Array.from(p.entities));
    expect(Array.from(params.relations)).toEqual(Array.from(p.relations));
  });

  it('rejects other files and truncated ones', () => {
    expect(() => decodeModelFile(Buffer.from('hello world, not a model'))).toThrow(/not a Relata model file/);
    const p = createParams({ model: 'transe', dim: 4, reciprocal: false, numEntities: 2, numRelations: 1 });
    const buf = encodeModelFile(p, { entities: ['a', 'b'], relations: ['r'] });
    expect(() => decodeModelFile(buf.subarray(0, buf.length - 4))).toThrow(/expected \d+ bytes/);
  });
});

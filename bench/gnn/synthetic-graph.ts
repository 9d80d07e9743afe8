/**
 * A seeded random graph for timing: uniform random undirected edges, sparse binary features, random labels.
 * Written as raw little-endian int32 files (PREFIX.src.i32, …) plus PREFIX.json, so the PyTorch reference reads
 * exactly the same graph.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Mulberry32 } from '../../src-main/core/random/mulberry32.js';

export interface SyntheticGraphSpec {
  nodes: number;
  edges: number;
  features: number;
  featuresPerNode: number;
  classes: number;
  trainFraction: number;
  seed: number;
}

export interface SyntheticGraph {
  spec: SyntheticGraphSpec;
  src: Int32Array;
  dst: Int32Array;
  frow: Int32Array;
  fcol: Int32Array;
  labels: Int32Array;
  train: Int32Array;
}

export function generateSyntheticGraph(spec: SyntheticGraphSpec): SyntheticGraph {
  const rng = new Mulberry32(spec.seed);
  const src = new Int32Array(spec.edges);
  const dst = new Int32Array(spec.edges);
  for (let e = 0; e < spec.edges; e++) {
    const u = rng.nextInt(spec.nodes);
    let v = rng.nextInt(spec.nodes - 1);
    if (v >= u) v++;
    src[e] = u;
    dst[e] = v;
  }
  const nnz = spec.nodes * spec.featuresPerNode;
  const frow = new Int32Array(nnz);
  const fcol = new Int32Array(nnz);
  for (let p = 0; p < nnz; p++) {
    frow[p] = Math.floor(p / spec.featuresPerNode);
    fcol[p] = rng.nextInt(spec.features);
  }
  const labels = Int32Array.from({ length: spec.nodes }, () => rng.nextInt(spec.classes));
  const train = Int32Array.from({ length: Math.round(spec.nodes * spec.trainFraction) }, (_, t) => t);
  return { spec, src, dst, frow, fcol, labels, train };
}

const PARTS = ['src', 'dst', 'frow', 'fcol', 'labels', 'train'] as const;

export function writeSyntheticGraph(g: SyntheticGraph, prefix: string): void {
  for (const part of PARTS) writeFileSync(`${prefix}.${part}.i32`, new Uint8Array(g[part].buffer, g[part].byteOffset, g[part].byteLength));
  const { nodes, edges, features, classes } = g.spec;
  writeFileSync(`${prefix}.json`, JSON.stringify({ nodes, edges, features, classes, spec: g.spec }));
}

export function readSyntheticGraph(prefix: string): SyntheticGraph {
  const meta = JSON.parse(readFileSync(`${prefix}.json`, 'utf8')) as { spec: SyntheticGraphSpec };
  const read = (part: string) => {
    const b = readFileSync(`${prefix}.${part}.i32`);
    return new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const [src, dst, frow, fcol, labels, train] = PARTS.map(read);
  return { spec: meta.spec, src, dst, frow, fcol, labels, train };
}
